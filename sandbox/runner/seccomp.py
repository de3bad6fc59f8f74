"""The seccomp allowlist: the system calls a running script may make.

A script that is already running needs memory, time, signals for itself and its
one socket. Everything else (open, socket, clone, kill, execve, ptrace, ...)
fails with EPERM, which Python reports as an ordinary PermissionError.
The filter is built once in the zygote and loaded by each child after fork.
"""

import errno
import os

ALLOWED_SYSCALLS = (
    # the run's socket and the /dev/null at 0-2; poll waits on the socket for the app's controls
    # (x86_64 has both poll and ppoll; aarch64 has only ppoll, which glibc's poll() uses there)
    "read", "write", "readv", "writev", "close", "lseek", "fstat", "poll", "ppoll",
    # memory
    "brk", "mmap", "munmap", "mremap", "mprotect", "madvise",
    # signals to itself (SIGXCPU, Python's handlers, the SIGALRM that flushes printed text)
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "setitimer", "getitimer",
    # time and sleeping (the wall clock bounds a sleep)
    "clock_gettime", "clock_getres", "gettimeofday", "time", "clock_nanosleep", "nanosleep",
    "restart_syscall", "sched_yield",
    # small queries Python makes
    "getpid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getrandom", "futex", "getcwd",
    "getrlimit", "sysinfo",
    # leaving
    "exit", "exit_group",
)
SELF_ONLY_SYSCALLS = ("prlimit64",)  # allowed with pid 0 (itself) only: another pid of the same user is off limits

LIBRARIES = ("c", "seccomp")  # what pyseccomp looks up with ctypes.util.find_library


def library_paths():
    """Full paths of libc and libseccomp, found outside the sandbox.

    Inside, find_library fails (no /etc/ld.so.cache, no writable /tmp for its
    gcc fallback), so the supervisor finds them and the zygote is told.
    """
    import ctypes
    import ctypes.util

    paths = {}
    for name in LIBRARIES:
        soname = ctypes.util.find_library(name)
        if soname is None:
            continue
        ctypes.CDLL(soname)
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if os.path.basename(path).startswith(soname):  # maps shows the real file, e.g. .so.2.5.4
                    paths[name] = path
                    break
    return paths


def _import_pyseccomp(paths):
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: paths.get(name) or original(name)
    try:
        import pyseccomp
    finally:
        ctypes.util.find_library = original
    return pyseccomp


def build_filter(paths=None):
    """A pyseccomp SyscallFilter allowing ALLOWED_SYSCALLS, EPERM for the rest (not loaded yet)."""
    pyseccomp = _import_pyseccomp(paths or {})

    f = pyseccomp.SyscallFilter(defaction=pyseccomp.ERRNO(errno.EPERM))
    for name in ALLOWED_SYSCALLS:
        try:
            f.add_rule(pyseccomp.ALLOW, name)
        except Exception:  # a name this kernel/arch lacks (e.g. "time" on arm64)
            pass
    for name in SELF_ONLY_SYSCALLS:
        f.add_rule(pyseccomp.ALLOW, name, pyseccomp.Arg(0, pyseccomp.EQ, 0))
    return f
