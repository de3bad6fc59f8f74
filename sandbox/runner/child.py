"""The forked child of one run: put up the walls, read the script, run it, report.

Order matters. Everything that needs a privilege or a file happens first
(session, fds, rlimits, uid), then the seccomp filter (built once in the zygote)
is loaded, and only then is the user's code read from the run's socket: the
script never executes, or even sits in memory, outside every wall. The setup
line and the app's control messages follow the code on the same socket
(control.py).
"""

import ctypes
import os
import resource
import signal
import struct

from sandbox.runner.control import Channel
from sandbox.runner.execute import execute
from sandbox.runner.wire import json_line

MAX_OPEN_FILES = 8  # RLIMIT_NOFILE: the run needs its socket and 0-2; nothing new may be opened
HEADER = struct.Struct("!I")  # length prefix of the code the supervisor writes to the run socket
PR_SET_PDEATHSIG = 1  # prctl option: a signal for us when the zygote (our parent) dies
PR_SET_DUMPABLE = 4  # prctl option: 0 makes /proc/self root-owned and forbids ptrace attach
PR_SET_NO_NEW_PRIVS = 38  # prctl option: execve can never gain privileges (setuid binaries, file caps)
WALLS_FAILED = 70  # exit status when a wall could not be put up (EX_SOFTWARE): nothing ran
SERVE_FAILED = 71  # exit status when our own code failed around the script (the socket went away, ...)
OUT_OF_MEMORY = 72  # exit status when even the result could not be built within the memory limit
RUN_FD = 3  # the run's socket is moved here so the child's fd table is always 0, 1, 2, 3

_libc = ctypes.CDLL(None, use_errno=True)


def make_undumpable():
    """No ptrace attach and no /proc/<pid>/mem, environ, fd for other processes of our uid."""
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def set_rlimits(limits):
    """CPU, memory, no new files or processes, no core dumps."""
    mb = 1024 * 1024
    cpu = max(1, int(limits.cpu_s))
    for which, value in (
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),  # SIGXCPU first; SIGKILL a second later if it is ignored
        (resource.RLIMIT_AS, (limits.memory_mb * mb,) * 2),
        (resource.RLIMIT_NOFILE, (MAX_OPEN_FILES,) * 2),
        (resource.RLIMIT_FSIZE, (0, 0)),
        (resource.RLIMIT_NPROC, (0, 0)),  # does not bind root: hence the uid drop
        (resource.RLIMIT_CORE, (0, 0)),
        (resource.RLIMIT_MEMLOCK, (0, 0)),
        (resource.RLIMIT_MSGQUEUE, (0, 0)),
    ):
        resource.setrlimit(which, value)


def drop_uid(uid):
    """Become a uid that owns nothing: no file of ours is readable, no process of ours killable."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise RuntimeError("uid drop failed")


def child_main(run_fd, devnull_fd, config):
    """In the freshly forked child: never returns (os._exit), whatever the script does."""
    status = WALLS_FAILED
    try:
        _prepare(run_fd, devnull_fd, config)
        status = SERVE_FAILED
        _serve(RUN_FD, config)
        status = 0
    except MemoryError:
        status = OUT_OF_MEMORY
    except BaseException:  # noqa: B036 -- a child must never fall back into the zygote's loop
        pass
    finally:
        os._exit(status)


def _prepare(run_fd, devnull_fd, config):
    os.setsid()  # own process group: the wall-clock kill takes the whole group
    if config.nice:
        os.setpriority(os.PRIO_PROCESS, 0, config.nice)  # below the web server: runs never starve it
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS failed")
    for fd in (0, 1, 2):
        os.dup2(devnull_fd, fd)
    if run_fd != RUN_FD:
        os.dup2(run_fd, RUN_FD, inheritable=False)
    os.closerange(RUN_FD + 1, os.sysconf("SC_OPEN_MAX") if config.max_fd is None else config.max_fd)
    if config.layers.rlimits:
        set_rlimits(config.limits)
    if config.run_uid is not None:
        drop_uid(config.run_uid)
    # NOTE: a change of uid clears both of these, so they come after the drop
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    make_undumpable()
    if os.getppid() != config.zygote_pid:
        raise RuntimeError("the zygote died while this run was starting")
    if config.seccomp_filter is not None:
        config.seccomp_filter.load()


def _serve(fd, config):
    code = _read_code(fd)
    setup, channel = Channel(fd, on_closed=lambda: os._exit(SERVE_FAILED)).read_setup()
    sink = _Sink(fd)
    execute(code, config.limits, config.layers.language, sink.emit, timer=True, setup=setup, channel=channel,
            sent_bytes=lambda: sink.sent)


def _read_exactly(fd, n):
    parts, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError("run socket closed")
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _read_code(fd):
    """The script: a 4-byte length, then UTF-8 text."""
    (size,) = HEADER.unpack(_read_exactly(fd, HEADER.size))
    return _read_exactly(fd, size).decode("utf-8", errors="surrogatepass")


class _Sink:
    """Messages to the supervisor: one JSON object per line on the run socket."""

    def __init__(self, fd):
        self.fd = fd
        self.sent = 0  # bytes written so far

    def emit(self, message):
        data = json_line(message)
        self.sent += len(data)
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]
