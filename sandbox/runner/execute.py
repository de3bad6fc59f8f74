"""Run a script's source and turn what it made into plain data (no OS walls here).

``execute`` is what the forked child calls once its walls are up; it also runs
in-process for the benchmark's anchor. It compiles, checks (language layer),
executes with the sandbox's builtins (show, snapshot, log, the training helpers
of training.py, the engine's names), then traces what the script shows.
Messages go out through ``emit(dict)``: stdout chunks, log rows, snapshots,
training events, and finally ``{"type": "result", ...}``.
"""

import ast
import gc
import random
import signal
import sys
import time

from engine.graph import trace
from engine.value import Value
from sandbox.runner import policy, wire
from sandbox.runner.control import parse_setup
from sandbox.runner.policy import SCRIPT_NAME
from sandbox.runner.result import empty_graph, make_error, memory_limit_error
from sandbox.runner.training import Training
from sandbox.runner.wire import json_number, utf8

RANDOM_SEED = 0  # every run starts from the same random state, so editing a constant keeps the weights
RECURSION_LIMIT = 1000  # Python's default; the engine's own walks are iterative
STDOUT_CHUNK_BYTES = 4096  # stream printed text once this much is waiting...
STDOUT_FLUSH_S = 0.05  # ...or once this long has passed since the last chunk
MAX_TRACEBACK_FRAMES = 20  # user frames listed in an error (recursion would list a thousand)
# NOTE: Value graphs hold no reference cycles, yet Python's default threshold (700) collects every few
# hundred new Values and walks every live one: a training loop in a script ran about half as fast
GC_THRESHOLDS = (100_000, 50, 50)  # cyclic garbage is still collected, every 100,000 new objects


class _Stdout:
    """sys.stdout for the script: counts bytes, streams chunks, stops at the cap."""

    def __init__(self, emit, cap):
        self.emit, self.cap = emit, cap
        self.parts, self.waiting, self.sent = [], 0, 0
        self.truncated = False
        self.busy = False  # inside write(): the timer must not flush half-updated parts
        self.last_flush = time.monotonic()

    def on_timer(self, *_):
        """SIGALRM every STDOUT_FLUSH_S: text printed just before a long computation still streams."""
        if not self.busy and self.waiting:
            self.flush()

    def write(self, text):
        self.busy = True
        try:
            return self._write(text)
        finally:
            self.busy = False

    def _write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = self.cap - self.sent - self.waiting
        size = len(utf8(text))
        if size > room:
            text = utf8(text)[:max(room, 0)].decode(errors="ignore")
            size = len(utf8(text))
            self.truncated = True
        if text:
            self.parts.append(text)
            self.waiting += size
        now = time.monotonic()
        if self.waiting >= STDOUT_CHUNK_BYTES or (self.waiting and now - self.last_flush >= STDOUT_FLUSH_S):
            self.flush()
        return len(text)

    def flush(self):
        """Send what is waiting; the timer stays out while this runs (it would send it twice)."""
        busy, self.busy = self.busy, True
        try:
            self._flush()
        finally:
            self.busy = busy

    def _flush(self):
        if self.parts:
            self.emit({"type": "stdout", "text": "".join(self.parts)})
            self.sent += self.waiting
            self.parts, self.waiting = [], 0
        self.last_flush = time.monotonic()

    def isatty(self):
        return False


class _Session:
    """The helpers a script calls (show, snapshot, log; the training ones) and what they collected."""

    def __init__(self, emit, limits, out, setup, channel, sent_bytes):
        self.limits, self.out = limits, out
        self._emit = emit
        self.shown = None  # roots from the last show(...), or None: draw the unconsumed top-level values
        self.names = {}
        self.last_graph = None
        self.skipped = None  # the roots of the latest snapshot the throttle skipped (sent when the run pauses)
        self.training = Training(self.emit, setup, limits, channel, sent_bytes)
        self.training.flush_snapshot = self._flush_snapshot

    def helpers(self):
        t = self.training
        return {"show": self.show, "snapshot": self.snapshot, "log": self.log, "steps": t.steps, "param": t.param,
                "show_network": t.show_network, "show_boundary": t.show_boundary}

    def show(self, *values):
        """Draw these values (and everything they depend on) instead of the automatic choice."""
        _check_values(values, "show")
        self.shown = values
        self.snapshot(*values)

    def snapshot(self, *values):
        """Stream the graph as it is now (during a training loop, say); skipped if called too often."""
        _check_values(values, "snapshot")
        roots = values or self.roots()
        if not self.training.due("snapshot"):
            self.skipped = roots
            return
        self._send_snapshot(roots)

    def _send_snapshot(self, roots):
        self.skipped = None
        t = self.training
        t0 = t.clock()
        if count_values(roots, self.limits.max_snapshot_values) > self.limits.max_snapshot_values:
            # too big to send: the count still takes its turn, or a graph over the limit would be counted every step
            t.throttles["snapshot"].record(t0, t.clock())
            return
        t.timed("snapshot", lambda: {"type": "snapshot", "graph": self._graph(roots)})

    def _graph(self, roots):
        self.last_graph = graph_dict(roots, self.names)
        return self.last_graph

    def _flush_snapshot(self):
        if self.skipped is not None:
            self._send_snapshot(self.skipped)

    def emit(self, event):
        """Printed text first, so a consumer sees everything in the order the script made it."""
        self.out.flush()
        busy, self.out.busy = self.out.busy, True  # no timer flush in the middle of this message
        try:
            self._emit(event)
        finally:
            self.out.busy = busy

    def log(self, step=None, **metrics):
        """Record a row of metrics, e.g. log(step=k, loss=loss, accuracy=acc), for live curves."""
        if step is not None and (isinstance(step, bool) or not isinstance(step, int)):
            raise TypeError(f"log(step=...) takes an int or None, got {type(step).__name__}")
        row = {}
        for name, v in metrics.items():
            if isinstance(v, Value):
                v = v.data
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise TypeError(f"log({name}=...) takes a number or a Value, got {type(v).__name__}")
            row[name] = json_number(v)
        self.training.logged({"type": "log", "step": step, "metrics": row}, step)

    def roots(self):
        return list(self.shown) if self.shown is not None else top_level_roots(self.names)


def _check_values(values, fn):
    for v in _flatten(values):
        if not isinstance(v, Value):
            raise TypeError(f"{fn}() takes Values or lists of Values, got {type(v).__name__}")


def _flatten(items):
    for x in items:
        if isinstance(x, (list, tuple)):
            yield from _flatten(x)
        else:
            yield x


def _values_in(obj):
    """The Values a top-level name holds: a Value, or a (nested) list/tuple of only Values."""
    if isinstance(obj, Value):
        return [obj]
    if isinstance(obj, (list, tuple)) and obj:
        flat = list(_flatten(obj))
        if flat and all(isinstance(v, Value) for v in flat):
            return flat
    return []


def top_level_roots(names):
    """Values bound to top-level names (lists count) that no other such value consumes."""
    candidates, seen = [], set()
    for name, obj in list(names.items()):
        if name.startswith("_"):
            continue
        for v in _values_in(obj):
            if id(v) not in seen:
                seen.add(id(v))
                candidates.append(v)
    consumed, visited = set(), set()
    stack = list(candidates)
    while stack:
        v = stack.pop()
        if id(v) in visited:
            continue
        visited.add(id(v))
        for c in v._prev:
            consumed.add(id(c))
            stack.append(c)
    return [v for v in candidates if id(v) not in consumed]


def count_values(roots, cap):
    """How many values the roots reach, counting no further than cap + 1."""
    seen, stack = set(), list(_flatten(roots))
    while stack and len(seen) <= cap:
        v = stack.pop()
        if id(v) not in seen:
            seen.add(id(v))
            stack.extend(v._prev)
    return len(seen)


def graph_dict(roots, names):
    """The graph of what the roots depend on, in the wire form (sandbox/runner/wire.py): compact JSON."""
    return wire.pack(trace(*roots, names=names))


# -- errors a learner can read --

def _user_frames(tb):
    """(line, column, function) of each traceback entry in the user's code, outermost first."""
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename == SCRIPT_NAME:
            frames.append((tb.tb_lineno, _column(code, tb.tb_lasti), code.co_name))
        tb = tb.tb_next
    return frames


def _column(code, lasti):
    """The 0-based column of the instruction that failed (Python 3.11 keeps positions per instruction)."""
    for i, (_, _, col, _) in enumerate(code.co_positions()):
        if i == lasti // 2:
            return col
    return None


def _source_line(lines, n):
    return lines[n - 1].strip() if 0 < n <= len(lines) else ""


def runtime_error(exc, code):
    lines = code.splitlines()
    frames = _user_frames(exc.__traceback__)
    line, column = frames[-1][:2] if frames else (None, None)
    shown = frames if len(frames) <= MAX_TRACEBACK_FRAMES else frames[:5] + frames[-(MAX_TRACEBACK_FRAMES - 5):]
    tb = [f"line {n}, in {name}: {_source_line(lines, n)}" for n, _, name in shown]
    detail = str(exc)
    if isinstance(exc, RecursionError):
        detail = "maximum recursion depth exceeded (a function calls itself without end?)"
    text = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    where = f"line {line}: " if line else ""
    return make_error(type(exc).__name__, where + text, line, column, tb)


def syntax_error(exc):
    line = exc.lineno
    column = exc.offset - 1 if exc.offset else None
    where = f"line {line}: " if line else ""
    return make_error("SyntaxError", f"{where}{exc.msg}", line, column)


def memory_error(limits):
    return memory_limit_error(limits.memory_mb)


# -- one run --

def compile_script(code, language):
    """The script's code object; SyntaxError or policy.PolicyError for the user."""
    tree = ast.parse(code, SCRIPT_NAME)
    if language:
        policy.check(tree)
    return compile(tree, SCRIPT_NAME, "exec")


def execute(code, limits, language, emit, timer=False, setup=None, channel=None, sent_bytes=lambda: 0):
    """Run code, streaming events through emit; the last message is the result.

    timer: flush printed text on a timer too (SIGALRM; only in a run's own process).
    setup: the run's setup from control.parse_setup (an edit run's by default);
    channel: the app's control messages (control.Channel), read at checkpoints of a live run;
    sent_bytes(): how much this run has sent so far (the views hold back near the supervisor's cap).
    """
    setup = setup or parse_setup(None)
    try:
        result = _execute(code, limits, language, emit, timer, (setup, channel, sent_bytes))
    except MemoryError:
        result = {"ok": False, "error": memory_error(limits), "graph": empty_graph(), "stdout_truncated": False}
    emit({"type": "result", **result})


def _execute(code, limits, language, emit, timer, training):
    out = _Stdout(emit, limits.max_stdout_bytes)
    if timer:
        signal.signal(signal.SIGALRM, out.on_timer)
        signal.setitimer(signal.ITIMER_REAL, STDOUT_FLUSH_S, STDOUT_FLUSH_S)
    session = _Session(emit, limits, out, *training)
    helpers = {**session.helpers(), "print": _printer(out)}
    names = {"__name__": "__main__", "__doc__": None}
    names["__builtins__"] = policy.curated_builtins(helpers, names) if language else policy.plain_builtins(helpers)
    session.names = names
    # in a child this is all thrown away; in-process (benchmark, tests) the caller gets its state back
    saved = sys.stdout, sys.stderr, random.getstate(), sys.getrecursionlimit(), gc.get_threshold()
    random.seed(RANDOM_SEED)
    sys.setrecursionlimit(RECURSION_LIMIT)
    gc.set_threshold(*GC_THRESHOLDS)
    sys.stdout = sys.stderr = out
    error = None
    try:
        try:
            program = compile_script(code, language)
        except SyntaxError as e:
            return _finish(out, session, error=syntax_error(e))
        except ValueError as e:  # null bytes, lone surrogates: text Python cannot read as source
            return _finish(out, session, error=make_error("SyntaxError", f"The script cannot be read: {e}"))
        except policy.PolicyError as e:
            return _finish(out, session, error=make_error("NotAllowed", f"line {e.line}: {e}", e.line, e.column))
        except (RecursionError, MemoryError):
            return _finish(out, session, error=make_error("SyntaxError", "The script is nested too deeply to read."))
        try:
            exec(program, names)
        except MemoryError:
            names.clear()
            return _finish(out, session, error=memory_error(limits))
        except SystemExit as e:
            if e.code not in (None, 0):
                error = make_error("SystemExit", f"The script exited with status {e.code!r}.")
        except BaseException as e:  # noqa: B036 -- a user's KeyboardInterrupt is a user error too
            error = runtime_error(e, code)
        return _finish(out, session, error)
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout, sys.stderr = saved[:2]
        random.setstate(saved[2])
        sys.setrecursionlimit(saved[3])
        gc.set_threshold(*saved[4])


def _printer(out):
    def print_(*args, sep=" ", end="\n", file=None, flush=False):
        """print() for the script: text goes to the run's captured output."""
        out.write((sep if sep is not None else " ").join(str(a) for a in args) + (end if end is not None else "\n"))
    return print_


def _finish(out, session, error=None):
    try:
        session.training.finish()
    except MemoryError:
        error = error or memory_error(session.limits)
    except Exception as e:  # the user's own model can fail when scored once more at the end
        error = error or make_error("ViewError", f"Could not draw the training views: {type(e).__name__}: {e}")
    out.flush()
    graph = empty_graph()
    try:
        roots = session.roots()
        n = count_values(roots, session.limits.max_values)
        if n > session.limits.max_values:
            error = error or make_error(
                "GraphTooLarge", f"The graph has more than {session.limits.max_values:,} values, "
                "more than the sandbox draws. Show a smaller part with show(...).")
        else:
            graph = graph_dict(roots, session.names)
    except MemoryError:
        error = error or memory_error(session.limits)
    except Exception as e:  # the user's own Value subclasses can break tracing
        error = error or make_error("GraphError", f"Could not draw the graph: {type(e).__name__}: {e}")
    return {"ok": error is None, "error": error, "graph": graph, "stdout_truncated": out.truncated}
