"""One run as the supervisor sees it: what its child said, checked and capped, and its result.

Everything here is about data from the child, which is hostile: each line must
parse as strict JSON (wire.loads) and pass the schema, the result must be its
last message, stdout is cut at the cap (the child's own cap is not trusted),
the total is bounded, and a run that gave no result of its own gets a plain
sentence saying why.
"""

import signal
import time

from sandbox.runner.child import HEADER, OUT_OF_MEMORY, SERVE_FAILED, WALLS_FAILED
from sandbox.runner.control import MAX_PARAMS, control_line, parse_setup
from sandbox.runner.limits import STREAM_EVENT_BURST
from sandbox.runner.result import (
    SCHEMA_ERROR,
    check_event,
    check_result_message,
    empty_graph,
    make_error,
    memory_limit_error,
)
from sandbox.runner.tripwire import Detector
from sandbox.runner.wire import SchemaError, loads, utf8

MAX_LINE_BYTES = 64_000_000  # no single message from a child may be longer (the result cap is lower by default)
MAX_OUTBOX_BYTES = 1_000_000  # control messages waiting for a child that does not read them; more are dropped
MAX_KEPT_LOGS = 10_000  # log rows a live run's result keeps (all are streamed; its views are streamed only)
INTERNAL_ERROR = "The sandbox failed while running your script; please run it again."


class Run:
    """One run as the supervisor sees it."""

    def __init__(self, run_id, code, limits, setup=None, clock=time.monotonic, tripwire=None):
        self.id, self.limits, self.code, self.clock = run_id, limits, code, clock
        self.tripwire = Detector(tripwire)  # the token the zygote planted in the interpreter's insides
        setup = parse_setup(setup)
        self.live = setup["live"]
        self.kind = "live" if self.live else "edit"  # its share of the workers and its CPU priority
        self.position = 0  # its place in the queue as last told to the caller (0: not waiting)
        self.controls = [control_line({"op": "setup", **setup})]  # sent after the code, again on a relaunch
        self.outbox = bytearray()
        self.count = 0  # events received (a live run's rate is capped)
        self.params = set()  # names of the controls the script declared
        self.sock = None
        self.forked = False  # the zygote confirmed the fork of the current launch
        self.launches = 0  # a run starts again on a new zygote if the old one died before it said anything
        self.started = clock()  # the wall clock starts when the run is launched, not queued
        self.deadline = None
        self.kill_sent_at = None
        self.stopped_by = None  # "timeout" | "cancel" | "malformed" | "result_size" | "flood" | "escape"
        self.eof = False
        self.exit = None  # {"exit": code, "signal": sig} once the zygote reaped the child
        self.stdout, self.stdout_bytes, self.truncated = [], 0, False
        self.events, self.received = [], 0
        self.final = None
        self.last_graph = None
        self.answered = False  # the caller has its one result: nothing more is said about this run
        self.closed = False  # finished and its socket closed: late events for it are dropped
        self.problem = None  # "malformed" | "result_size" | "flood" | "escape" once the child broke the rules

    def attach(self, sock):
        """A fresh socket to a (new) child: everything read from an earlier one is forgotten."""
        self.sock = sock
        self.outbox = bytearray(HEADER.pack(len(self.code)) + self.code + b"".join(self.controls))
        self.inbox = bytearray()
        self.eof, self.exit, self.received, self.count = False, None, 0, 0

    def send(self, line):
        """Queue a control line (from control.control_line) for the child; False when it was dropped."""
        waiting = len(self.outbox) - len(self.code) + sum(map(len, self.controls))
        if waiting + len(line) > MAX_OUTBOX_BYTES:
            return False  # the child does not read what it is sent: nothing more piles up
        if self.received == 0:
            self.controls.append(line)  # a relaunch on a new zygote sends it again
        if self.sock is not None:
            self.outbox += line
        return True

    def allowed(self):
        """(bytes, events) the child may have sent by now: a live run's allowance grows with time."""
        lim = self.limits
        elapsed = max(0.0, self.clock() - self.started) if self.live else 0.0
        events = STREAM_EVENT_BURST + lim.stream_events_per_s * elapsed if self.live else None
        return lim.stream_allowance(elapsed) + lim.max_stdout_bytes, events

    # -- what the child says --

    def take(self, chunk):
        """Messages in a chunk from the child: the events to forward (stdout capped). Sets problem on abuse."""
        if self.received == 0:
            self.controls = []  # the child has spoken: it is never launched again, so nothing is resent
        self.received += len(chunk)
        if self.tripwire.seen(chunk):
            self.problem = "escape"  # it got past the language layer: nothing it sends reaches anyone
            return []
        max_bytes, max_events = self.allowed()
        if self.received > max_bytes:
            self.problem = "flood" if self.live else "result_size"
            return []
        self.inbox += chunk
        events = []
        while b"\n" in self.inbox and self.problem is None:
            line, _, rest = self.inbox.partition(b"\n")
            self.inbox = bytearray(rest)
            event = self._message(line)
            if event is not None:
                events.append(event)
                self.count += 1
        if max_events is not None and self.count > max_events:
            self.problem = "flood"
            return []
        if len(self.inbox) > MAX_LINE_BYTES:
            self.problem = "malformed"
        return events

    def _message(self, line):
        try:
            if self.final is not None:
                raise SchemaError("a message after the result")  # the result is a run's last word
            msg = loads(line)
            if isinstance(msg, dict) and msg.get("type") == "result":
                check_result_message(msg)
                self.final = msg
                return None
            check_event(msg)
        except (SchemaError, TypeError, RecursionError):  # SchemaError is a ValueError: wire.loads raises no other
            self.problem = "malformed"
            return None
        if msg["type"] == "stdout":
            return self._cap_stdout(msg)
        if msg["type"] == "param":
            self.params.add(msg["name"])
            if len(self.params) > MAX_PARAMS:
                self.problem = "malformed"
                return None
        self._keep(msg)
        if msg["type"] == "snapshot":
            self.last_graph = msg["graph"]
        return msg

    def _keep(self, msg):
        """Edit runs keep every event for their result; live runs their params and the first log rows."""
        if not self.live or msg["type"] == "param" or (msg["type"] == "log" and len(self.events) < MAX_KEPT_LOGS):
            self.events.append(msg)

    def _cap_stdout(self, msg):
        data = utf8(msg["text"])
        room = self.limits.max_stdout_bytes - self.stdout_bytes
        if len(data) > room:
            self.truncated = True
            data = data[:max(room, 0)]
            if not data:
                return None
            msg = {"type": "stdout", "text": data.decode(errors="ignore")}
        self.stdout.append(msg["text"])
        self.stdout_bytes += len(data)
        return msg

    # -- the outcome --

    def result(self):
        """The RunResult dict: the child's own result, or a sentence saying why there is none."""
        final = self.final if self.stopped_by is None else None
        error = final["error"] if final else self.why_stopped()
        graph = final["graph"] if final else (self.last_graph or empty_graph())
        ok = bool(final and final["ok"])
        shown = self.stopped_by != "escape"  # what a run past the language layer sent may carry anything
        return {"ok": ok, "error": None if ok else error, "stdout": "".join(self.stdout) if shown else "",
                "stdout_truncated": self.truncated or bool(final and final["stdout_truncated"]),
                "graph": graph if shown else empty_graph(), "events": self.events if shown else [],
                "elapsed_s": round(self.clock() - self.started, 6)}

    def why_stopped(self):
        """A plain sentence for a run that gave no result of its own."""
        lim = self.limits
        reasons = {
            "timeout": ("Timeout", f"Your script ran longer than {lim.timeout_s:g} s and was stopped."),
            "cancel": ("Cancelled", "The run was cancelled."),
            "malformed": ("SandboxError", SCHEMA_ERROR),
            "result_size": ("OutputTooLarge", f"Your script produced more than {lim.max_result_bytes:,} bytes of "
                                              "results (graph and events) and was stopped."),
            "escape": ("SandboxEscape", "Your script reached the sandbox's insides and was stopped; "
                                        "nothing it printed or drew is shown."),
            "flood": ("StreamTooFast", f"Your script sent the page more than {lim.stream_events_per_s:,} events or "
                                       f"{lim.stream_bytes_per_s:,} bytes a second and was stopped."),
        }
        if self.stopped_by in reasons:
            return make_error(*reasons[self.stopped_by])
        exit_info = self.exit or {}
        sig, code = exit_info.get("signal"), exit_info.get("exit")
        if exit_info.get("lost") or code in (WALLS_FAILED, SERVE_FAILED) or not exit_info:
            return make_error("SandboxError", INTERNAL_ERROR)
        if code == OUT_OF_MEMORY:
            return memory_limit_error(lim.memory_mb)
        cpu_limit_hit = (exit_info.get("cpu_s") or 0) >= lim.cpu_s
        if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu_limit_hit):
            return make_error("CpuLimit", f"Your script used more than {lim.cpu_s} s of CPU time and was stopped.")
        if sig == signal.SIGSYS:
            return make_error("NotAllowed", "Your script tried something the sandbox does not allow and was stopped.")
        if sig is not None:
            return make_error("Killed", f"Your script was stopped by signal {sig} ({signal.Signals(sig).name}).")
        return make_error("Exited", f"Your script ended without a result (exit status {code}).")
