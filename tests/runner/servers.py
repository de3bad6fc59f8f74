"""Stand-ins for the web server that calls the runner, one per isolation setting.

- ``InProcessServer``: the test process itself is the server (root in CI), and
  builds a Runner with the given layers;
- ``UserServer``: tests/runner/user_server.py started as an ordinary user
  (``mgsbx-runner``, created with useradd when missing), for CI that runs as root.

Python lives under /root/.pyenv on these machines and /root is closed to
other users; UserServer then runs in a private mount namespace in which /root
is an open tmpfs holding only the Python tree (nothing outside changes).
"""

import json
import os
import pwd
import select
import shutil
import subprocess
import sys
from pathlib import Path

from sandbox.runner import Layers, Limits, Runner
from sandbox.runner.client import process_alive
from sandbox.runner.namespaces import PROJECT_ROOT

USER = "mgsbx-runner"  # the ordinary user the UserServer runs as
HERE = Path(__file__).resolve().parent
REPLY_TIMEOUT_S = 120


class InProcessServer:
    def __init__(self, layers):
        self.layers = layers
        self.runner = Runner(layers)
        self.status = self.runner.status()
        self.tripwire = self.runner.tripwire

    @property
    def pid(self):
        return os.getpid()

    @property
    def supervisor_pid(self):
        return self.runner.supervisor_pid

    def run(self, code, limits=None):
        return self.runner.run(code, limits or Limits()).to_dict()

    def alive(self):
        return self.supervisor_pid is not None and process_alive(self.supervisor_pid)

    def close(self):
        self.runner.close()


def ensure_user():
    """The ordinary user's (uid, gid), creating it if needed (CI runs as root on a fresh machine)."""
    try:
        entry = pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
                       check=True, capture_output=True)
        entry = pwd.getpwnam(USER)
    return entry.pw_uid, entry.pw_gid


def _can_enter(directory, uid, gid):
    st = directory.stat()
    bits = 0o100 if st.st_uid == uid else 0o010 if st.st_gid == gid else 0o001
    return bool(st.st_mode & bits)


def closed_directories(paths, uid, gid):
    """{directory the user cannot enter: the names below it that must be reachable}, outermost first."""
    closed = {}
    for path in paths:
        p = Path(path)
        for parent in reversed(p.parents):
            if not _can_enter(parent, uid, gid):
                closed.setdefault(parent, set()).add(p.relative_to(parent).parts[0])
    return dict(sorted(closed.items(), key=lambda item: len(item[0].parts)))


STAGE_CANDIDATES = ("/mnt", "/media", "/srv", "/opt")  # a tmpfs goes over the first (inside the namespace only)


def opening_script(closed):
    """Shell that replaces each closed directory by an open tmpfs holding only the needed entries.

    Runs in a private mount namespace, outermost first: each needed entry is
    bind-mounted aside (in a tmpfs over an unneeded directory, so nothing is
    created on the real disk), the tmpfs goes on top, and the entry is bound back.
    """
    stage = next(d for d in STAGE_CANDIDATES if os.path.isdir(d))
    lines = [f"mount -t tmpfs tmpfs {stage}"]
    for i, (directory, names) in enumerate(closed.items()):
        for j, name in enumerate(sorted(names)):
            lines.append(f"mkdir {stage}/{i}-{j} && mount --bind '{directory / name}' {stage}/{i}-{j}")
        lines.append(f"mount -t tmpfs -o mode=755 tmpfs '{directory}'")
        for j, name in enumerate(sorted(names)):
            lines.append(f"mkdir '{directory / name}' && mount --bind {stage}/{i}-{j} '{directory / name}'")
    return " && ".join(lines + ['exec "$@"'])


def user_server_command(uid, gid, env, layers):
    """argv that starts user_server.py as (uid, gid), opening closed directories on the way if needed."""
    python = os.path.realpath(sys.executable)
    server = [python, str(HERE / "user_server.py"), json.dumps(layers.to_dict())]
    drop = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "env", "-i",
            *(f"{k}={v}" for k, v in env.items())]
    needed = [os.path.realpath(sys.base_prefix), python, str(PROJECT_ROOT)]
    closed = closed_directories(needed, uid, gid)
    if not closed:
        return drop + server
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", opening_script(closed), "sh"] + drop + server


class UserServer:
    """user_server.py as an ordinary user; the same interface as InProcessServer."""

    def __init__(self, layers, env):
        self.layers = layers
        uid, gid = ensure_user()
        self.proc = subprocess.Popen(user_server_command(uid, gid, env, layers), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, cwd="/", text=True)
        reply = self._ask({"status": True})
        self.status = reply["status"]
        self.tripwire = reply["tripwire"]
        self.supervisor_pid = reply["supervisor_pid"]
        self.uid = reply["uid"]

    @property
    def pid(self):
        return self.proc.pid

    def _ask(self, request):
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], REPLY_TIMEOUT_S)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.proc.kill()
            raise RuntimeError(f"the user server gave no answer (exit {self.proc.wait()})")
        return json.loads(line)

    def run(self, code, limits=None):
        return self._ask({"code": code, "limits": (limits or Limits()).to_dict()})["result"]

    def alive(self):
        return self.proc.poll() is None and process_alive(self.supervisor_pid)

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()


def can_run_as_user():
    return os.getuid() == 0 and all(shutil.which(t) for t in ("setpriv", "unshare", "useradd"))


MODES = {
    # name: (layers, runs as an ordinary user)
    "all_layers": (Layers(), False),
    # the language layer judged by itself: no seccomp, no namespaces (the uid drop and rlimits bound the damage)
    "language_only": (Layers(language=True, seccomp=False, namespaces="none"), False),
    "seccomp_only": (Layers(language=False, seccomp=True, namespaces="none"), False),
    "namespaces_only": (Layers(language=False, seccomp=False, namespaces="bwrap"), False),
    "unshare_only": (Layers(language=False, seccomp=False, namespaces="unshare"), False),  # the fallback
    "ordinary_user": (Layers(), True),
    # as an ordinary user there is no uid to drop to: each OS layer alone must still hold
    "ordinary_user_seccomp_only": (Layers(language=False, seccomp=True, namespaces="none"), True),
    "ordinary_user_namespaces_only": (Layers(language=False, seccomp=False, namespaces="bwrap"), True),
}
