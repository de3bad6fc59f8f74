"""The seccomp allowlist: the system calls a running script may make.

A script that is already running needs memory, time, signals for itself and its
one socket. Everything else (open, socket, clone, kill, execve, ptrace, ...)
fails with EPERM, which Python reports as an ordinary PermissionError.
The filter is built once in the zygote and loaded by each child after fork.
"""

import errno

ALLOWED_SYSCALLS = (
    # the run's socket and the /dev/null at 0-2
    "read", "write", "readv", "writev", "close", "lseek", "fstat", "newfstatat", "fcntl", "ioctl",
    # memory
    "brk", "mmap", "munmap", "mremap", "mprotect", "madvise",
    # signals to itself (SIGXCPU, Python's handlers)
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack",
    # time and sleeping (the wall clock bounds a sleep)
    "clock_gettime", "clock_getres", "gettimeofday", "time", "clock_nanosleep", "nanosleep",
    "restart_syscall", "sched_yield",
    # small queries Python makes
    "getpid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getrandom", "futex", "getcwd",
    "prlimit64", "getrlimit", "sysinfo",
    # leaving
    "exit", "exit_group",
)


def build_filter():
    """A pyseccomp SyscallFilter allowing ALLOWED_SYSCALLS, EPERM for the rest (not loaded yet)."""
    import pyseccomp

    f = pyseccomp.SyscallFilter(defaction=pyseccomp.ERRNO(errno.EPERM))
    for name in ALLOWED_SYSCALLS:
        try:
            f.add_rule(pyseccomp.ALLOW, name)
        except Exception:  # a name this kernel/arch lacks (e.g. "time" on arm64)
            pass
    return f
