"""Oracles that judge hostile scripts from outside the sandbox.

An attack is contained when, after it ran:
- the canary files' random content appears nowhere in what came back;
- the server's secret environment variable appears nowhere either;
- no marker path was created (the marker directory is world-writable on purpose);
- the loopback listener got no connection and no datagram;
- the server and its supervisor are alive (the same processes);
- no process of a run is left once the run has ended;
- the next benign run gives the right gradients with the engine's own code;
- with the language layer on, the script never got the real builtins or a
  module's globals: the tripwire token the zygote planted there (as a builtin,
  so in every module's globals too) is nowhere in what came back, and the
  supervisor did not stop the run for showing it. Hostile scripts print what
  they reach, so this verdict is the language layer's own, whatever the OS
  layers did with the rest of the attack.

One module, imported by conftest.py and the tests alike, so there is one set of tokens.
"""

import os
import secrets
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

from sandbox.runner.zygote import RUN_UID_BASE

LINGER_WAIT_S = 10.0  # how long a finished run's process may take to be gone
SECRET_NAME = "MGSBX_SERVER_SECRET"
CANARY = secrets.token_hex(16)  # content of the canary files
SECRET = secrets.token_hex(16)  # the server's secret environment variable
EARLIER = secrets.token_hex(16)  # in the code of every benign check run: no later run may find it
LEFTOVER = secrets.token_hex(16)  # what leave_files.py tries to leave for the next run

BENIGN_CHECK = f"""
note = "EARLIER-{EARLIER}"
a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = a * b + a ** 3
d = c.relu() + (a * 3).tanh() * 0
d.backward()
m = MLP(2, [3, 1])
y = m([a, b])
print(a.grad, b.grad, Value.backward.__name__, Value.__mul__.__name__, len(m.parameters()))
show(d)
"""
BENIGN_STDOUT = "9.0 2.0 backward __mul__ 13\n"  # c = -6 + 8 > 0 so relu passes; dc/da = b + 3a^2 = 9, dc/db = a = 2


class Listener:
    """A TCP and a UDP socket on the loopback that count whatever reaches them."""

    def __init__(self):
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(16)
        self.port = self.tcp.getsockname()[1]
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", self.port))
        self.hits = 0
        self._stop = False
        for target in (self._accept, self._receive):
            threading.Thread(target=target, daemon=True).start()

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.tcp.accept()
            except OSError:
                return
            self.hits += 1
            conn.close()

    def _receive(self):
        while not self._stop:
            try:
                self.udp.recvfrom(4096)
            except OSError:
                return
            self.hits += 1

    def close(self):
        self._stop = True
        self.tcp.close()
        self.udp.close()


class Oracles:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="mgsbx-oracle-"))
        os.chmod(self.dir, 0o755)
        self.canary = self.dir / "canary.txt"
        self.canary.write_text(CANARY)
        os.chmod(self.canary, 0o644)  # readable by anyone: only the sandbox stands in the way
        self.canary_private = self.dir / "canary-private.txt"
        self.canary_private.write_text(CANARY)
        os.chmod(self.canary_private, 0o600)
        self.marker_dir = self.dir / "markers"
        self.marker_dir.mkdir()
        os.chmod(self.marker_dir, 0o777)  # world-writable: only the sandbox stands in the way
        self.marker_prefix = f"/tmp/mgsbx-marker-{secrets.token_hex(6)}"
        self.listener = Listener()
        os.environ[SECRET_NAME] = SECRET

    def substitute(self, code, server):
        for key, value in {"@CANARY@": self.canary, "@CANARY_PRIVATE@": self.canary_private,
                           "@MARKERDIR@": self.marker_dir, "@MARKER@": self.marker_prefix,
                           "@PORT@": self.listener.port, "@SECRET_NAME@": SECRET_NAME,
                           "@SERVER_PID@": server.pid, "@SUPERVISOR_PID@": server.supervisor_pid,
                           "@LEFTOVER@": LEFTOVER}.items():
            code = code.replace(key, str(value))
        return code

    def markers(self):
        found = list(self.marker_dir.iterdir())
        for root in ("/tmp", "/dev/shm", "/var/tmp"):
            found += [p for p in Path(root).glob("mgsbx-left*")]
        found += list(Path("/tmp").glob(Path(self.marker_prefix).name + "*"))
        return found

    def leaks(self, result, code):
        """Secrets that came back in the result (a token the script itself contains does not count)."""
        text = str(result)
        tokens = {"canary": CANARY, "secret": SECRET, "earlier run": EARLIER, "leftover": LEFTOVER}
        return [name for name, token in tokens.items() if token not in code and token in text]

    def escaped(self, result, tripwire):
        """Whether a run got past the language layer: the zygote's decoy came out, or the supervisor saw it go by."""
        error = result.get("error") or {}
        return tripwire in str(result) or error.get("type") == "SandboxEscape"

    def lingering(self, supervisor_pid, wait_s=LINGER_WAIT_S):
        """Run-uid processes under this supervisor still alive after the run ended (exits take a moment)."""
        deadline = time.monotonic() + wait_s
        while True:
            alive = [pid for pid in _run_uid_processes() if supervisor_pid in _ancestors(pid)]
            if not alive or time.monotonic() > deadline:
                return alive
            time.sleep(0.01)

    def close(self):
        self.listener.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def _run_uid_processes():
    pids = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.stat(f"/proc/{entry}").st_uid >= RUN_UID_BASE:
                pids.append(int(entry))
        except OSError:
            pass
    return pids


def _ancestors(pid):
    chain = []
    while pid > 1:
        try:
            with open(f"/proc/{pid}/stat") as f:
                pid = int(f.read().rpartition(")")[2].split()[1])  # the field after the state is the ppid
        except (OSError, ValueError, IndexError):
            break
        chain.append(pid)
    return chain
