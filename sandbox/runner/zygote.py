"""The zygote: a warm process that has imported everything a run needs, and forks.

Started by the supervisor (inside bubblewrap or unshare when namespaces are
on), it never runs user code and never sees it: a run's code travels on the
run's own socket, read by the child after its walls are up. So every run starts
from the same pristine state, and nothing one run does reaches the next.

Protocol on the control socket (SOCK_SEQPACKET, one JSON object per packet):
  supervisor -> zygote  {"op": "fork", "run": id, "limits": {...}} + the run's socket (SCM_RIGHTS)
                        {"op": "kill", "run": id}
  zygote -> supervisor  {"hello": {isolation status}}
                        {"run": id, "started": true} | {"run": id, "exit": code, "signal": sig, "cpu_s": t}
"""

# Imported here, before any fork, so no child ever needs to read a file.
import array  # noqa: F401 -- socket.recv_fds imports it on first use
import gc
import json
import os
import resource
import select
import signal
import socket
import sys
from dataclasses import dataclass

import engine  # noqa: F401
import engine.datasets  # noqa: F401
import engine.losses  # noqa: F401
import engine.optim  # noqa: F401
from sandbox.runner import execute, policy, tripwire  # noqa: F401
from sandbox.runner.child import child_main, make_undumpable
from sandbox.runner.limits import Layers, Limits
from sandbox.runner.mounts import seal_filesystem

# Runs get uids that nobody owns, one per concurrent run, and never one another supervisor's runs have: a
# uid is what kill(-1), RLIMIT_NPROC and /proc go by where namespaces or seccomp are off. Pids are unique
# among live processes, so each supervisor takes the block its pid names; a zygote restarted under it takes
# the block's other half, as its predecessor's runs may still be dying.
RUN_UID_BASE = 1_900_000_000  # runs get uids from here up
PID_LIMIT = 4_194_304  # Linux's PID_MAX_LIMIT: every pid is below it
UIDS_PER_SUPERVISOR = 512  # RUN_UID_BASE + PID_LIMIT * 512 < 2**32 - 1: every block is a valid uid range
UIDS_PER_ZYGOTE = UIDS_PER_SUPERVISOR // 2  # runs (and runs being killed) one zygote may have at once
MAX_PACKET = 65536  # control messages are small JSON


def run_uids(supervisor_pid, generation):
    """The uids the supervisor's generation-th zygote gives its runs.

    >>> run_uids(1234, 0), run_uids(1234, 1)
    (range(1900631808, 1900632064), range(1900632064, 1900632320))
    >>> run_uids(PID_LIMIT - 1, 1)[-1] < 2**32 - 1
    True
    """
    start = RUN_UID_BASE + supervisor_pid * UIDS_PER_SUPERVISOR + (generation % 2) * UIDS_PER_ZYGOTE
    return range(start, start + UIDS_PER_ZYGOTE)


@dataclass
class ChildConfig:
    """What a child needs to put up its walls (everything but the code)."""

    layers: Layers
    limits: Limits
    run_uid: int | None
    seccomp_filter: object
    zygote_pid: int  # the parent a child must still have once its death signal is set
    max_fd: int | None = None
    nice: int = 0  # the child's CPU priority (the supervisor's per kind of run)


class Zygote:
    def __init__(self, control, layers, namespaces, libraries, uids):
        self.control = control
        self.run_uids = uids  # the range of uids this zygote's runs take (run_uids)
        self.libraries = libraries
        policy.install_aliases()  # `from micrograd.nn import MLP` works even with the language layer off
        self.layers = layers
        self.namespaces = namespaces
        self.children = {}  # pid -> run id
        self.uids = {}  # pid -> index in run_uids in use
        self.next_slot = 0
        self.devnull = os.open(os.devnull, os.O_RDWR)
        self.seccomp_filter, self.seccomp_problem = self._build_seccomp()
        self.uid_drop = layers.uid_drop and os.getuid() == 0
        # Without a uid to drop to, runs share our uid: not dumpable means no ptrace and no
        # /proc/<zygote>/mem for them, and vitals() catches what a same-uid process may still do.
        make_undumpable()
        self.baseline = vitals()
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so the wakeup fd sees SIGCHLD

    def _build_seccomp(self):
        if not self.layers.seccomp:
            return None, "switched off"
        try:
            from sandbox.runner.seccomp import build_filter

            return build_filter(self.libraries), None
        except Exception as e:  # no libseccomp: report it; --public refuses to start
            return None, f"{type(e).__name__}: {e}"

    def status(self):
        return {"language": self.layers.language, "uid_drop": self.uid_drop, "rlimits": self.layers.rlimits,
                "seccomp": self.seccomp_filter is not None, "seccomp_problem": self.seccomp_problem,
                "namespaces": self.namespaces, "uid": os.getuid()}

    def send(self, message):
        try:
            self.control.send(json.dumps(message).encode())
        except OSError:
            self.shutdown()

    def serve(self):
        self.send({"hello": self.status()})
        gc.freeze()  # keep imported objects out of the children's collections: fewer copied pages
        while True:
            ready, _, _ = select.select([self.control, self.wake_r], [], [])
            if self.wake_r in ready:
                os.read(self.wake_r, 4096)
            self.reap()
            if self.control in ready:
                self.handle_request()

    def handle_request(self):
        try:
            data, fds, _, _ = socket.recv_fds(self.control, MAX_PACKET, 1)
        except OSError:
            data, fds = b"", []
        if not data:
            self.shutdown()
        message = json.loads(data)
        if message["op"] == "fork" and fds:
            self.fork(message, fds[0])
        elif message["op"] == "kill":
            self.kill(message["run"])
        for fd in fds:
            os.close(fd)

    def fork(self, message, run_fd):
        slot = self._free_slot()
        if slot is None:  # every uid of ours is still in use: no run may share one
            self.send({"run": message["run"], "exit": None, "signal": None, "lost": True})
            return
        config = ChildConfig(self.layers, Limits.from_dict(message["limits"]),
                             self.run_uids[slot] if self.uid_drop else None, self.seccomp_filter, os.getpid(),
                             nice=int(message.get("nice", 0)))
        pid = os.fork()
        if pid == 0:
            child_main(run_fd, self.devnull, config)  # never returns
        self.children[pid] = message["run"]
        self.uids[pid] = slot
        self.send({"run": message["run"], "started": True})

    def _free_slot(self):
        """The next index in run_uids in rotation that no living child has, or None."""
        used, count = set(self.uids.values()), len(self.run_uids)
        if len(used) >= count:
            return None
        while self.next_slot % count in used:
            self.next_slot += 1
        slot = self.next_slot % count
        self.next_slot += 1
        return slot

    def kill(self, run):
        for pid, r in self.children.items():
            if r == run:
                _kill_group(pid)

    def reap(self):
        while self.children:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            run = self.children.pop(pid, None)
            self.uids.pop(pid, None)
            if run is not None:
                sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
                code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
                cpu = round(usage.ru_utime + usage.ru_stime, 3)
                self.send({"run": run, "exit": code, "signal": sig, "cpu_s": cpu})
            if vitals() != self.baseline:
                self.shutdown()  # a run changed our limits or priority: the supervisor starts a fresh zygote

    def shutdown(self):
        for pid in list(self.children):
            _kill_group(pid)
        os._exit(0)


def vitals():
    """What a process of our uid could change about us from outside: rlimits and priority."""
    limits = tuple(resource.getrlimit(getattr(resource, name)) for name in dir(resource) if name.startswith("RLIMIT_"))
    return limits, os.getpriority(os.PRIO_PROCESS, 0)


def _kill_group(pid):
    """SIGKILL the run's process group (it called setsid), and the run itself if it has not yet."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except OSError:
            pass


def main(argv):
    layers = Layers.from_dict(json.loads(argv[1]))
    namespaces = argv[2]
    libraries = json.loads(argv[4])
    uids = run_uids(*json.loads(argv[5]))  # [supervisor pid, generation]
    token = tripwire.from_environment()
    if token:
        tripwire.plant(token)
    control = socket.socket(fileno=int(argv[3]))
    zygote = Zygote(control, layers, namespaces, libraries, uids)  # the last file it reads: libseccomp
    if namespaces == "unshare":
        seal_filesystem()
    zygote.serve()


if __name__ == "__main__":
    main(sys.argv)
