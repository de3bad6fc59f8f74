"""A classroom of simulated users for load tests and bench_classroom.py: real websocket sessions.

Each ``User`` opens a real Bokeh client session on the server (the same
websocket protocol a browser speaks: the page's document is pulled, edits go up
as PATCH-DOC, results come down the same way), then types a new version of its
script every ``every_s`` seconds (as Ctrl+Enter would send it) and watches its
own document for the result. A benign user's script prints and labels a token
unique to that user and edit, so a result can be checked to be its own: any
other user's token seen is a mix-up. Timings are edit sent -> result applied.

``ServerProcess`` starts `micrograd-sandbox serve` on a free loopback port.
"""

import html
import importlib
import json
import logging
import os
import pkgutil
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOSTILE = REPO / "tests" / "runner" / "hostile"
SERVER_START_S = 60  # first start imports Panel and Bokeh
RESULT_TIMEOUT_S = 30.0  # a benign edit with no result by then has failed
START_DELAY_S = 1.0  # the first edits go this long after every tab of a class is open
TOKEN = re.compile(r"user(\d+)-(\d+)")  # user<i>-<edit>: printed and used as a label by benign scripts

SMALL_SCRIPTS = [
    'a = Value({k}.0, label="a")\nb = Value(-3.0, label="b")\nL = a * b + a\nL.backward()\n'
    't = Value(1.0, label="{token}")\nprint("{token}", L.data)\n',
    'x = Value(0.{k}, label="x")\nw = Value(-1.5, label="w")\nn = (x * w).tanh()\nn.backward()\n'
    't = Value(2.0, label="{token}")\nprint("{token}", n.data)\n',
    'import random\nrandom.seed({k})\nmlp = MLP(2, [4, 1])\n'
    'loss = sum((mlp([0.{k}, -1.0]) - y) ** 2 for y in (1, -1))\n'
    'loss.backward()\nt = Value(3.0, label="{token}")\nprint("{token}", loss.data)\n',
]
# a training loop: about 0.4 s of CPU on an idle core, the graph of its last step drawn
HEAVY_SCRIPT = (
    'import random\nrandom.seed(1)\nmlp = MLP(2, [8, 8, 1])\n'
    'xs = [[(i % 7) * 0.3 - 1.0, (i % 5) * 0.4 - 1.0] for i in range(12)]\n'
    'ys = [1.0 if i % 2 else -1.0 for i in range(12)]\n'
    'for step in range({k} % 3 + 8):\n'
    '    loss = sum((mlp(x) - y) ** 2 for x, y in zip(xs, ys))\n'
    '    for p in mlp.parameters():\n        p.grad = 0.0\n    loss.backward()\n'
    '    for p in mlp.parameters():\n        p.data -= 0.05 * p.grad\n'
    't = Value(4.0, label="{token}")\nprint("{token}", loss.data)\nshow(loss, t)\n'
)
HOSTILE_NAMES = ("infinite_loop", "memory_bomb", "fork_bomb")


def register_panel_models():
    """Teach this process's Bokeh every model the IDE's page uses (the client must decode the document)."""
    import panel.models
    from bokeh.document import Document

    for info in pkgutil.iter_modules(panel.models.__path__):
        try:
            importlib.import_module("panel.models." + info.name)
        except ImportError:
            pass  # optional extras (e.g. vtk) the IDE does not use
    import sandbox.app.page.ide  # noqa: F401 -- the page's own components (Keys, ...): their models exist on import
    from sandbox.app.page.bridge import BrowserBridge

    BrowserBridge()._get_model(Document())
    # a server of an older commit (bench --against) may send properties this checkout's models no longer
    # have; the tabs read only text and data, so Bokeh's warning for each is noise here
    logging.getLogger("bokeh.core.has_props").setLevel(logging.ERROR)


def benign(kind="small"):
    """script(user, edit) -> (code, token) for a benign user."""
    def script(user, edit):
        token = f"user{user}-{edit}"
        template = HEAVY_SCRIPT if kind == "heavy" else SMALL_SCRIPTS[(user + edit) % len(SMALL_SCRIPTS)]
        return template.format(k=edit % 9 + 1, token=token), token
    return script


def hostile(name):
    """script(user, edit) -> (code, None): one of tests/runner/hostile/ (a comment makes each edit new)."""
    code = (HOSTILE / f"{name}.py").read_text()
    return lambda user, edit: (f"{code}\n# edit {edit}\n", None)


class Tab:
    """One browser tab's session over a real websocket, its event loop on a thread of its own.

    ``type(code)`` sends an edit as Ctrl+Enter would; ``wait(predicate)`` waits
    until the document the server keeps patching satisfies predicate(tab).
    """

    def __init__(self, url, headers=None):
        self._changed = threading.Condition()
        self.closed = False
        # NOTE: the session is pulled on the tab's own thread too: the caller's thread may already run an
        # event loop (Playwright's sync API keeps one running in pytest's thread), where tornado cannot start one
        opened, problem = threading.Event(), []
        self._thread = threading.Thread(target=self._open_and_serve, args=(url, opened, problem), name="tab",
                                        daemon=True)
        self._thread.start()
        opened.wait()
        if problem:
            raise problem[0]

    def _open_and_serve(self, url, opened, problem):
        from bokeh.client import pull_session

        try:
            self.session = pull_session(url=url, max_message_size=200_000_000)
            self.loop = self.session._connection._loop
            self._document_ready()
        except BaseException as e:  # noqa: B036 -- handed to the caller's thread, which raises it
            problem.append(e)
            return
        finally:
            opened.set()
        self.loop.add_callback(partial(self._boot, url))  # runs once the loop below does
        self._serve()

    def _document_ready(self):
        """Say the page has rendered, as BokehJS does: Panel holds some work (onload callbacks) until then."""
        from bokeh.document.events import MessageSentEvent
        from bokeh.events import DocumentReady

        event = MessageSentEvent(self.session.document, "bokeh_event", DocumentReady())
        self.session._connection._send_patch_document(self.session.id, event)

    def _boot(self, url):
        """Report what a browser's page reports on load (no link hash, nothing saved), as the IDE's bridge does.

        Without it the page runs the editor's code anyway after a while, which would replace a run in flight.
        """
        for model in self.session.document.models:
            if "boot" in model.properties():
                model.boot = {"hash": "", "saved": None, "href": url}

    def _serve(self):
        try:
            self.loop.run_sync(self._read)
        finally:
            with self._changed:
                self.closed = True
                self._changed.notify_all()
            self.loop.close(all_fds=True)  # and its resolver thread: a run of many tabs leaked one per tab

    async def _read(self):
        conn = self.session._connection
        while True:
            message = await conn._pop_message()
            if message is None:
                return
            if message.msgtype == "PATCH-DOC":
                with self._changed:
                    self.session._handle_patch(message)
                    self._changed.notify_all()

    def type(self, code):
        def edit():
            with self._changed:
                editor = _find_models(self.session.document)["editor"]
                editor.code_input = code  # typed ...
                editor.code = code  # ... and Ctrl+Enter
        self.loop.add_callback(edit)

    def wait(self, predicate, timeout=RESULT_TIMEOUT_S):
        """predicate(tab)'s first true value, or None after timeout (or once the connection closed)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                value = predicate(self)
                left = deadline - time.monotonic()
                if value or left <= 0 or self.closed:
                    return value
                self._changed.wait(left)

    # what the page shows (call inside wait's predicate, or while nothing else changes)

    def labels(self):
        values = _find_models(self.session.document).get("values")  # none before the first graph is drawn
        return [str(x) for x in values.data.get("label", [])] if values is not None else []

    def console(self):
        return str(_find_models(self.session.document)["console"].text)

    def error(self):
        """The error banner's sentence ('' when it is hidden)."""
        return _banner_text(_find_models(self.session.document)["html"])

    def status(self):
        """The toolbar's status line (not the training panel's, which shares its style)."""
        for h in _find_models(self.session.document)["html"]:
            classes = h.css_classes or []
            if "status" in classes and "training-status" not in classes:
                return html.unescape(str(h.text))
        return ""

    def showing(self, token):
        """What the page shows, in a sentence for a failure message."""
        status = re.sub(r"<.*?>", "", self.status())
        return (f"the page says {status!r}, error {self.error()!r}; the token is "
                f"{'' if token in self.labels() else 'not '}in the graph, "
                f"{'' if token in self.console() else 'not '}in the console")

    def close(self):
        if not self.closed:
            self.loop.add_callback(self.session._connection.close)  # on its own loop: tornado is not thread-safe
        self._thread.join(10)


class User(threading.Thread):
    """One simulated person in one tab: an edit every ``every_s``, waiting for each benign result."""

    def __init__(self, url, index, script, every_s=2.0, duration_s=60.0, edits=None, start_at=None):
        super().__init__(name=f"user{index}", daemon=True)
        self.url, self.index, self.script = url, index, script
        self.every_s, self.duration_s, self.max_edits = every_s, duration_s, edits
        self.start_at = start_at  # a time, or a function giving it (called once the tab is open)
        self.opened = threading.Event()  # set once the tab is open (or could not be)
        self.latencies, self.failures, self.mixups, self.errors = [], [], [], []
        self.edits = 0
        self.problem = None  # why the session itself failed (connect, decode), if it did

    def run(self):
        tab = None
        try:
            try:
                tab = Tab(self.url)
            finally:
                self.opened.set()
            start_at = self.start_at() if callable(self.start_at) else self.start_at
            if start_at is not None:
                time.sleep(max(0.0, start_at - time.monotonic()))
            self.t0 = time.monotonic()
            while not self._finished():
                sent = self._edit(tab)
                if tab.closed:
                    self.problem = "the connection closed"
                    break
                time.sleep(max(0.0, sent + self.every_s - time.monotonic()))
        except Exception as e:  # reported by the caller: a session that could not even run is a failure
            self.problem = f"{type(e).__name__}: {e}"
        finally:
            if tab is not None:
                tab.close()

    def _finished(self):
        if self.max_edits is not None:
            return self.edits >= self.max_edits
        return time.monotonic() - self.t0 >= self.duration_s

    def _edit(self, tab):
        self.edits += 1
        code, token = self.script(self.index, self.edits)
        sent = time.monotonic()
        tab.type(code)
        outcome = tab.wait(lambda t: self._outcome(t, token), RESULT_TIMEOUT_S if token else self.every_s)
        if token is None:
            if outcome:
                self.errors.append(outcome[1])
        elif not outcome:
            self.failures.append(f"edit {self.edits}: no result within {RESULT_TIMEOUT_S:g} s; "
                                 f"{tab.wait(lambda t: t.showing(token), 0)}")
        elif outcome[0] == "error":
            self.failures.append(f"edit {self.edits}: {outcome[1]}")
        else:
            self.latencies.append(time.monotonic() - sent)
        return sent

    def _outcome(self, tab, token):
        """("ok", _) once this edit's result shows, ("error", sentence) for an error; checks for mix-ups."""
        labels, console, error = tab.labels(), tab.console(), tab.error()
        seen = {m.group(0) for text in labels + [console] for m in TOKEN.finditer(text)}
        others = sorted(t for t in seen if not t.startswith(f"user{self.index}-"))
        if others and others not in self.mixups:
            self.mixups.append(others)
        if token is not None and token in labels and token in console:
            return ("error", error) if error else ("ok", "")
        if error and (token is None or "running" not in tab.status()):
            return ("error", error)
        return None


def _find_models(doc):
    found = {"html": []}
    for m in doc.models:
        name = type(m).__name__
        if name == "AcePlot":
            found["editor"] = m
        elif name == "ColumnDataSource" and "shade" in m.data:
            found["values"] = m
        elif name == "HTML":
            found["html"].append(m)
            if "console" in str(m.text) and "console" not in found:
                found["console"] = m
    missing = {"editor", "console"} - set(found)
    if missing:
        raise RuntimeError(f"the page has no {', '.join(sorted(missing))}")
    return found


def _banner_text(htmls):
    for h in htmls:
        text = str(h.text)
        if "banner error" in text and h.visible:
            return html.unescape(html.unescape(re.sub(r"&lt;.*?&gt;", "", text))).strip()  # escaped twice
    return ""


def run_class(url, scripts, every_s=2.0, duration_s=60.0, edits=None, stagger_s=0.5, users=None):
    """Start one User per script, wait for all; the users.

    The class sits down first: every tab is opened, then the first edits go START_DELAY_S later,
    stagger_s apart. ``users``: a list to fill as they start (to watch them from another thread);
    each user's ``opened_s`` is how long the class took to open.
    """
    users = [] if users is None else users
    go, start = threading.Event(), []

    def start_at(i):
        go.wait()
        return start[0] + (stagger_s * i) % max(every_s, 1.0)

    t0 = time.monotonic()
    users.extend(User(url, i, s, every_s, duration_s, edits, start_at=partial(start_at, i))
                 for i, s in enumerate(scripts))
    for u in users:
        u.start()
    for u in users:
        u.opened.wait()
    start.append(time.monotonic() + START_DELAY_S)
    for u in users:
        u.opened_s = start[0] - START_DELAY_S - t0
    go.set()
    for u in users:
        u.join()
    return users


# -- the server under test --

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """`python -m sandbox.cli serve` on a free loopback port; ``stop()`` ends it (and its runner).

    ``checkout``: the source tree to serve from (default this one; bench_classroom.py's --against
    serves an older commit beside it). With ``--num-procs N`` Bokeh forks N server processes:
    ``cpu_s()`` and ``rss_mb()`` add them up (the sandbox's supervisors are not counted).
    """

    def __init__(self, *args, port=None, checkout=REPO):
        self.port = port or free_port()
        self.checkout = Path(checkout)
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = Path(tempfile.gettempdir()) / f"micrograd-sandbox-classroom-{self.port}.log"
        self.args = ["--address", "127.0.0.1", "--port", str(self.port),
                     "--allow-websocket-origin", f"127.0.0.1:{self.port}", *args]
        self.start()

    def start(self):
        self.log = open(self.log_path, "a")
        env = dict(os.environ, PYTHONPATH=str(self.checkout))  # its own code, not an installed copy
        self.proc = subprocess.Popen([sys.executable, "-m", "sandbox.cli", "serve", *self.args], cwd=self.checkout,
                                     stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                self.health()
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"the server did not start; see {self.log_path}") from None
                time.sleep(0.3)

    @property
    def pid(self):
        return self.proc.pid

    def pids(self):
        """The server's processes: the one started and the server processes it forked (--num-procs)."""
        try:
            children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        except OSError:
            children = []
        forked = [int(c) for c in children if b"sandbox.cli" in _cmdline(int(c))]
        return [self.pid, *forked]

    def health(self):
        with urllib.request.urlopen(self.url + "health", timeout=10) as r:
            return json.loads(r.read())

    def rss_mb(self):
        return sum(_status_kb(pid, "VmRSS:") for pid in self.pids()) / 1024

    def cpu_s(self):
        """CPU seconds the server processes have used (user + system), the sandbox's processes not included."""
        return sum(_cpu_s(pid) for pid in self.pids())

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        forked = self.pids()[1:] if self.proc.poll() is None else []
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for pid in forked:  # in case the server left them (they were ours to stop)
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        self.log.close()


def _cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    raise RuntimeError(f"no {key} for {pid}")


def _cpu_s(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()  # after the command's name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")
