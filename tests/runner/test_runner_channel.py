"""Whatever bytes a run writes on its channel, and however it ends, its caller gets exactly one answer in time.

Fuzzers (hypothesis, derandomized, bounded: the same examples on every
machine). The first two drive the real Supervisor in this process with a
stand-in zygote and a clock the test moves, so "by the time limit + 1 s" is
checked exactly, with no wall clock; the second also kills the zygote at every
point of a run (as kill(-1) in its pid namespace does) and makes its successor
slow to start. The last writes the bytes from a real run (language layer off,
every OS layer on) to the real supervisor.

A user would notice a failure here as: a tab waiting for ever on a run, or
`micrograd-sandbox run` never returning, because a script wrote something odd.
"""

import json
import os
import select
import socket
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.runner import Capacity, Layers, Limits, Runner, RunResult, run_state
from sandbox.runner.result import check_result
from sandbox.runner.supervisor import KILL_GRACE_S, Supervisor
from sandbox.runner.wire import dumps

LIMITS = Limits(timeout_s=5, max_result_bytes=20_000, max_stdout_bytes=500)  # small caps: oversize is cheap
SLACK_S = 1.0  # the answer comes by the time limit plus this
LINE_CAP = 4096  # run_state.MAX_LINE_BYTES for these tests, so a line can be oversized cheaply
FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=150,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
RESULT = {"type": "result", "ok": True, "error": None, "graph": {"nodes": [], "edges": []}, "stdout_truncated": False}
EVENT_TYPES = ("stdout", "log", "snapshot", "param", "progress", "network", "boundary", "result", "other")
EVENT_KEYS = ("type", "text", "step", "metrics", "graph", "name", "value", "default", "low", "high", "total",
              "state", "t", "ok", "error", "stdout_truncated", "nodes", "edges", "ids")


def line(obj):
    return json.dumps(obj).encode() + b"\n"  # allow_nan: NaN and Infinity tokens, as a forged line may hold


# -- what a run may write --

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    | st.sampled_from([10**400, -(10**30), 2**53 + 1]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(EVENT_KEYS), inner, max_size=4),
    max_leaves=12)
good_lines = st.sampled_from([
    line({"type": "stdout", "text": "hello\n"}), line({"type": "log", "step": 1, "metrics": {"loss": 0.5}}),
    line({"type": "stdout", "text": "x" * 300}), line(RESULT),
    line({**RESULT, "ok": False, "error": {"type": "E", "message": "m", "line": 1, "column": 0, "traceback": []}}),
])
bad_values = st.sampled_from([
    b'{"type":"log","step":1,"metrics":{"loss":NaN}}\n', b'{"type":"log","step":1,"metrics":{"loss":1e999}}\n',
    b'{"type":"log","step":1,"metrics":{"loss":-Infinity}}\n', b'{"type":"stdout","text":"a","text":"b"}\n',
    b"[" * 5000 + b"]" * 5000 + b"\n", b'{"type":"log","step":' + b"9" * 400 + b',"metrics":{}}\n',
    b'{"type":"stdout","text":"\\ud800"}\n', b'\xff\xfe{"type":"stdout"}\n',
    line({**RESULT, "extra": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}),
    line({**RESULT, "error": {"type": "E", "message": "m", "line": 1, "column": 0, "traceback": [],
                              "more": float("nan")}, "ok": False}),
    line({**RESULT, "ok": True, "error": {"type": "E", "message": "m", "line": None, "column": None,
                                          "traceback": []}}),
])
forged = st.builds(lambda kind, body: line({"type": kind, **body}), st.sampled_from(EVENT_TYPES),
                   st.dictionaries(st.sampled_from(EVENT_KEYS), json_values, max_size=5))
truncated = st.builds(lambda data, cut: data[:cut], good_lines | bad_values, st.integers(0, 60))
oversized = st.sampled_from([b'{"type":"stdout","text":"' + b"y" * (2 * LINE_CAP), b"z" * 30_000 + b"\n"])
chunks = st.lists(st.binary(max_size=200) | good_lines | bad_values | forged | truncated | oversized, max_size=8)
# how the child ends: closes its socket and the zygote reports its exit (or a signal), or it never reports,
# or the child hangs with the socket open; and whether a kill lands
ENDINGS = ("exit", "crash", "close_unreported", "hang", "exit_socket_open")
scenarios = st.fixed_dictionaries({"chunks": chunks, "ending": st.sampled_from(ENDINGS), "kill_lands": st.booleans(),
                                   "pauses": st.lists(st.sampled_from([0.0, 0.1, 0.7, 2.0]), max_size=8)})


# -- the supervisor with a stand-in zygote and a clock the test moves --

class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class WatchedSocket(socket.socket):
    """The supervisor's end of a zygote's control socket: notes every read made with nothing to read."""

    idle_reads = None  # a list the read's socket is appended to, per harness

    def recv(self, *args):
        if not select.select([self], [], [], 0)[0]:
            self.idle_reads.append(self)  # a blocking socket would have hung the supervisor here
        return super().recv(*args)


class StandInZygote:
    """Forks nothing: each run's child end of the socket is handed to the test, which writes as the child."""

    kill_lands = True  # set per example: whether a kill closes the child and is reported

    def __init__(self, layers, mode, generation, harness=None):
        self.mode = mode
        ours, self.theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = WatchedSocket(ours.family, ours.type, fileno=ours.detach())
        self.sock.setblocking(False)  # as ZygoteProcess leaves it after the hello
        self.sock.idle_reads = harness.idle_reads if harness else []
        self.status = {"language": False, "namespaces": mode, "seccomp": False}
        self.children = {}  # run id -> the child's end of its run socket
        self.dead = False
        if harness is not None and generation > 0:
            harness.clock.now += harness.start_s  # a successor imports the engine under load: the supervisor waits

    def die(self, children_first=True):
        """Killed (kill(-1) in its pid namespace): its children go with it, and nothing is reported."""
        sockets = [*self.children.values(), self.theirs]
        for s in sockets if children_first else sockets[::-1]:
            s.close()
        self.children.clear()
        self.dead = True

    def send(self, message, fd=None):
        if self.dead:
            raise BrokenPipeError("the stand-in zygote is dead")
        if message["op"] == "fork":
            child = socket.socket(fileno=os.dup(fd))
            child.setblocking(False)
            self.children[message["run"]] = child
            self.tell({"run": message["run"], "started": True})
        elif message["op"] == "kill" and self.kill_lands:
            self.end(message["run"], signal=9)

    def tell(self, message):
        self.theirs.send(json.dumps(message).encode())

    def end(self, run_id, exit=None, signal=None, close=True, report=True):
        if self.dead:
            return  # its children died with it, unreported
        child = self.children.get(run_id)
        if close and child is not None:
            child.close()
            del self.children[run_id]
        if report:
            self.tell({"run": run_id, "exit": exit, "signal": signal, "cpu_s": 0.0})

    def stop(self):
        for s in [self.sock, self.theirs, *self.children.values()]:
            s.close()


class Harness:
    def __init__(self, start_s=0.0):
        self.clock = Clock()
        self.start_s = start_s  # how long a restarted zygote takes to start (the clock moves on meanwhile)
        self.idle_reads = []  # zygote sockets the supervisor read with nothing to read (WatchedSocket)
        self.out = tempfile.TemporaryFile()
        self.answered_at = {}  # run id -> the clock when its result was written
        self.latest_deadline = {}  # run id -> the latest deadline the supervisor set for it
        self.sup = Supervisor(Layers(namespaces="none"), out=self.out, capacity=Capacity(2, 1, 4),
                              zygote=lambda *args: StandInZygote(*args, harness=self), clock=self.clock)
        self.sup.write = self._stamped(self.sup.write)

    def _stamped(self, write):
        def stamped(data):
            for reply in map(json.loads, data.splitlines()):
                if "result" in reply:
                    self.answered_at.setdefault(reply["id"], self.clock.now)
            write(data)
        return stamped

    def settle(self):
        """Let the supervisor handle everything that is ready now (no time passes, but for a zygote's start)."""
        for _ in range(1000):
            if not self.sup.sel.select(0):
                break
            self.sup.poll(0)
        self.sup.check_deadlines()
        for run in self.sup.runs.values():
            self.latest_deadline[run.id] = max(run.deadline, self.latest_deadline.get(run.id, run.deadline))

    def wait(self, seconds, step=0.25):
        end = self.clock.now + seconds
        while self.clock.now < end:
            self.clock.now = min(end, self.clock.now + step)
            self.settle()

    def write(self, run_id, data):
        """Write as the run's child, letting the supervisor read when the socket is full."""
        child = self.sup.zygote.children.get(run_id)
        view = memoryview(data)
        while view and child is not None and child.fileno() >= 0:
            try:
                view = view[child.send(view):]
            except BlockingIOError:
                self.settle()
            except OSError:  # the supervisor closed its end: the run is over for it
                return

    def all_replies(self):
        self.out.seek(0)
        return [json.loads(line) for line in self.out.read().splitlines()]

    def replies(self, run_id):
        return [r for r in self.all_replies() if r.get("id") == run_id]

    def close(self):
        self.sup.zygote.stop()
        self.out.close()


def one_answer(replies):
    """The single result among a run's replies, after which nothing more was said about it."""
    results = [i for i, r in enumerate(replies) if "result" in r]
    assert len(results) == 1, f"{len(results)} results: {replies}"
    assert results[0] == len(replies) - 1, "replies for the run came after its result"
    result = replies[-1]["result"]
    check_result(result)
    RunResult.from_dict(json.loads(dumps(result)))  # strict JSON, and what the client accepts
    return result


def end_as(h, run_id, ending):
    """The child ends as ENDINGS says ("hang": it does not)."""
    if ending in ("exit", "crash", "close_unreported", "exit_socket_open"):
        h.sup.zygote.end(run_id, exit=0 if ending != "crash" else None, signal=11 if ending == "crash" else None,
                         close=ending != "exit_socket_open", report=ending != "close_unreported")
    h.settle()


@FUZZ
@given(scenarios)
def test_whatever_a_child_writes_its_caller_gets_one_answer_by_the_time_limit(monkeypatch, scenario):
    monkeypatch.setattr(run_state, "MAX_LINE_BYTES", LINE_CAP)
    monkeypatch.setattr(StandInZygote, "kill_lands", scenario["kill_lands"])
    h = Harness()
    try:
        h.sup.start_run(1, "x = 1", LIMITS)
        h.settle()
        deadline = h.sup.runs[1].deadline
        pauses = iter(scenario["pauses"])
        for data in scenario["chunks"]:
            h.write(1, data)
            h.wait(next(pauses, 0.0))
        end_as(h, 1, scenario["ending"])
        h.wait(max(0.0, deadline + SLACK_S - h.clock.now))
        one_answer(h.replies(1))
        assert h.answered_at[1] <= deadline + SLACK_S, "answered late"  # whatever happened, and however it ended
        h.wait(KILL_GRACE_S + 5)  # the cleanup after it says nothing more to the caller
        one_answer(h.replies(1))

        next_run_is_served(h)  # and the supervisor goes on serving
    finally:
        h.close()


def next_run_is_served(h, run_id=2):
    h.sup.start_run(run_id, "print('next')", LIMITS)
    h.settle()
    h.write(run_id, line({"type": "stdout", "text": "next\n"}) + line(RESULT))
    h.sup.zygote.end(run_id, exit=0)
    h.settle()
    result = one_answer(h.replies(run_id))
    assert result["ok"] and result["stdout"] == "next\n", result


# a death before chunk i (len(chunks): after the last); children_first: the run's socket closes before the zygote's
deadly_scenarios = st.fixed_dictionaries({
    "chunks": chunks, "ending": st.sampled_from(ENDINGS), "kill_lands": st.booleans(),
    "pauses": st.lists(st.sampled_from([0.0, 0.1, 0.7, 2.0]), max_size=8),
    "deaths": st.lists(st.integers(0, 8), min_size=1, max_size=4), "children_first": st.booleans(),
    "start_s": st.sampled_from([0.0, 0.5, 3.0, 10.0])})


@FUZZ
@given(deadly_scenarios)
def test_whatever_happens_to_the_zygote_its_runs_get_one_answer_in_time(monkeypatch, scenario):
    """kill(-1) from a run kills its zygote (kill_everything.py): every run still hears, the next run too."""
    monkeypatch.setattr(run_state, "MAX_LINE_BYTES", LINE_CAP)
    monkeypatch.setattr(StandInZygote, "kill_lands", scenario["kill_lands"])
    h = Harness(start_s=scenario["start_s"])
    try:
        h.sup.start_run(1, "x = 1", LIMITS)  # not settled: a death may come before the fork is confirmed
        pauses, chunks = iter(scenario["pauses"]), scenario["chunks"]
        for i in range(len(chunks) + 1):
            for _ in range(scenario["deaths"].count(i)):
                h.sup.zygote.die(scenario["children_first"])  # no settle between: one batch of events holds both
            h.settle()
            if i < len(chunks):
                h.write(1, chunks[i])
                h.wait(next(pauses, 0.0))
        end_as(h, 1, scenario["ending"])
        for _ in range(200):  # a relaunched run gets a new deadline, a few times at most
            if 1 in h.answered_at or h.clock.now > h.latest_deadline[1] + SLACK_S:
                break
            h.wait(0.25)
        one_answer(h.replies(1))
        assert h.answered_at[1] <= h.latest_deadline[1] + SLACK_S, "answered late"  # not after a zygote's start
        h.wait(KILL_GRACE_S + 5)
        one_answer(h.replies(1))
        next_run_is_served(h)
        assert h.idle_reads == [], "the supervisor read a zygote that had nothing to say (a real one would hang it)"
    finally:
        h.close()


def test_a_zygote_killed_by_a_run_that_then_answers_is_not_waited_on():
    """The CI hang (kill_everything.py): the child kills its zygote, writes its result and exits; the supervisor
    sees the child's EOF and the zygote's in one batch, its kill fails, and it must not read the new zygote."""
    h = Harness(start_s=10.0)
    try:
        h.sup.start_run(1, "x = 1", LIMITS)
        h.settle()
        h.write(1, line({"type": "stdout", "text": "killed\n"}) + line(RESULT))
        h.settle()  # the result is read; the child's EOF and the zygote's come after
        dead_zygote, told_at = h.sup.zygote, h.clock.now
        dead_zygote.die(children_first=True)
        assert [key.data[0] for key, _ in h.sup.sel.select(0)] == ["run", "zygote"]  # the order that hung
        h.settle()
        result = one_answer(h.replies(1))
        assert result["ok"] and result["stdout"] == "killed\n", result  # its own result, not a lost run
        assert h.answered_at[1] == told_at, "the answer waited for the new zygote to start"
        assert h.sup.zygote is not dead_zygote and h.sup.generation == 1
        next_run_is_served(h)
        assert h.idle_reads == []
    finally:
        h.close()


def test_a_zygote_that_cannot_start_again_leaves_no_run_unanswered():
    """No zygote can start (bubblewrap broken mid-way): every run, running or queued, hears, and the supervisor
    exits so its caller starts a new one, instead of serving with no zygote."""
    h = Harness()
    try:
        for run_id in (1, 2, 3):  # two workers: run 3 waits
            h.sup.start_run(run_id, "x = 1", LIMITS)
        h.settle()
        h.write(1, line({"type": "stdout", "text": "spoke\n"}))
        h.settle()

        def no_zygote(*args):
            raise RuntimeError("bwrap: cannot start")

        h.sup.new_zygote = no_zygote
        h.sup.zygote.die()
        with pytest.raises(SystemExit):
            h.settle()
        for run_id in (1, 2, 3):
            assert one_answer(h.replies(run_id))["error"]["type"] == "SandboxError"
    finally:
        h.close()


def test_a_result_that_cannot_be_written_becomes_an_error_answer(monkeypatch):
    """The last line of defence: if answering fails (a value no check foresaw), the caller still hears."""
    h = Harness()
    try:
        h.sup.start_run(1, "x = 1", LIMITS)
        h.settle()
        h.write(1, line(RESULT))
        run = h.sup.runs[1]
        monkeypatch.setattr(run, "result", lambda: {"ok": float("nan")})
        h.sup.zygote.end(1, exit=0)
        h.settle()
        assert one_answer(h.replies(1))["error"]["type"] == "SandboxError"
    finally:
        h.close()


# -- the same from a real run, through every OS layer --

REAL_LIMITS = Limits(timeout_s=0.5, cpu_s=1, memory_mb=256)
REAL_ENDINGS = {
    "returns": "",
    "exits": "os._exit(0)\n",
    "closes_and_spins": "os.close(3)\nwhile True:\n    pass\n",
    "spins": "while True:\n    pass\n",
    "raises": "raise SystemExit(3)\n",
}


@pytest.fixture(scope="module")
def raw_runner():
    r = Runner(Layers(language=False))  # the script writes to the channel itself
    r.status()  # started now, so every example sees the same supervisor
    yield r
    r.close()


@settings(derandomize=True, database=None, deadline=None, max_examples=25,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(good_lines | bad_values | forged | truncated | st.binary(max_size=100), max_size=5),
       st.sampled_from(sorted(REAL_ENDINGS)))
def test_a_real_run_writing_anything_on_its_channel_gets_one_answer(raw_runner, chunks, ending):
    supervisor = raw_runner.supervisor_pid
    code = f"import os\nfor data in {chunks!r}:\n    os.write(3, data)\n{REAL_ENDINGS[ending]}"
    result = raw_runner.start(code, REAL_LIMITS).wait(timeout=60)
    check_result(result.to_dict())
    assert raw_runner.supervisor_pid == supervisor, "the supervisor was replaced"
    assert raw_runner.run("print('next')").stdout == "next\n"
