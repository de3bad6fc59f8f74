"""The supervisor: a process apart from the web server that owns the zygote and every run.

One thread, one selector loop: requests from the caller on stdin, replies on
stdout (JSON lines); for each run a socket to its child, a deadline, and a
budget of bytes. Everything the child says is parsed as JSON, size-capped and
schema-checked (run_state.py); a child that lies, floods or hangs is killed,
and only its own run fails. A dead zygote is started again.

Each run gets exactly one result, by its time limit: a run stopped for any
reason (its time is up, too much output, a broken message) is answered at
once, not when its process is gone, and whatever fails while answering becomes
an error result (``answer``). A child that ended without a result is answered
when the zygote says how it ended, or at its time limit if the zygote does not.
The process itself still holds its worker until it is reaped, so a stuck child
never lets more runs start than there are workers.

A zygote that dies or hangs is only marked lost while events are handled; it is
replaced in one place, after them (``restart_zygote``), and the runs it took
down are answered before the new one starts (seconds under load). Every event
goes to the zygote or run socket it was registered for, never to a successor,
and the loop never blocks on a zygote: a replaced one's leftover events are
dropped, and its control socket is non-blocking.

caller -> supervisor  {"op": "run", "id": n, "code": str, "limits": {...}, "setup": {...}}
                      (setup["live"]: a training run, the "live" kind below; else an "edit")
                      {"op": "send", "id": n, "message": {...}} (a control for a running script, control.py)
                      {"op": "cancel", "id": n} | {"op": "status", "id": n}
supervisor -> caller  {"id": n, "queued": k} (k >= 1: k-th in line for its kind; 0: it has started)
                      {"id": n, "event": {...}} (streamed) | {"id": n, "result": {...}} (last)
                      {"id": n, "status": {...}}

Scheduling (Capacity): at most ``workers`` runs go at once, of which at most
``live_workers`` live; the rest wait in one queue and start oldest first, a live
run letting edits pass while the live share is full. Each waiting run is told
its place whenever it changes, so the caller can say "queued (position N)".
"""

import json
import os
import selectors
import socket
import subprocess
import sys
import time
import traceback

from sandbox.runner import namespaces, seccomp, tripwire
from sandbox.runner.control import control_line
from sandbox.runner.limits import KIND_NICE, RUN_KINDS, Capacity, Layers, Limits
from sandbox.runner.result import SCHEMA_ERROR, empty_graph, make_error
from sandbox.runner.run_state import INTERNAL_ERROR, Run
from sandbox.runner.wire import json_line

KILL_GRACE_S = 2.0  # after a kill, how long a child may take to be reported dead before the zygote is replaced
FORK_TIMEOUT_S = 2.0  # a zygote that has not forked a run by then is stuck (stopped, say): it is replaced
MAX_LAUNCHES = 3  # a run whose zygote keeps dying under it fails after this many tries
ZYGOTE_START_S = 30.0  # the zygote imports the engine; bwrap adds a little
CHILD_READ_BYTES = 1 << 16  # one read from a run's socket
STDIN_READ_BYTES = 1 << 20  # one read of the caller's requests


class ZygoteProcess:
    """The zygote subprocess and our end of its control socket."""

    def __init__(self, layers, mode, generation):
        self.layers, self.mode = layers, mode
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        libraries = seccomp.library_paths() if layers.seccomp else {}
        # the zygote's runs take uids no other supervisor's runs have, nor its predecessor's (zygote.run_uids)
        argv = [sys.executable, "-m", "sandbox.runner.zygote", json.dumps(layers.to_dict()), self.mode,
                str(theirs.fileno()), json.dumps(libraries), json.dumps([os.getpid(), generation])]
        # stdout is the caller's reply channel: the zygote gets /dev/null there, never our pipe
        self.proc = subprocess.Popen(namespaces.zygote_command(self.mode, argv), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, pass_fds=(theirs.fileno(),), cwd="/")
        theirs.close()
        self.sock = ours
        self.status = self._hello()

    def _hello(self):
        """The zygote's first message: its isolation status. RuntimeError if it never comes."""
        self.sock.settimeout(ZYGOTE_START_S)
        problem = None
        try:
            data = self.sock.recv(65536)
        except OSError as e:
            data, problem = b"", str(e)
        finally:
            self.sock.setblocking(False)  # the supervisor's loop must never wait on a zygote
        if not data:
            self.stop()
            problem = problem or f"exit status {self.proc.returncode}"
            raise RuntimeError(f"the sandbox zygote did not start ({problem})")
        return json.loads(data)["hello"]

    def send(self, message, fd=None):
        data = json.dumps(message).encode()
        if fd is None:
            self.sock.send(data)
        else:
            socket.send_fds(self.sock, [data], [fd])

    def stop(self):
        try:
            self.sock.close()
            self.proc.kill()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass


class Supervisor:
    """zygote: what starts a zygote (ZygoteProcess; tests pass a stand-in); clock: seconds, monotonic."""

    def __init__(self, layers, out=sys.stdout.buffer, capacity=None, zygote=ZygoteProcess, clock=time.monotonic):
        self.layers = layers
        self.capacity = capacity or Capacity()
        self.out = out
        self.new_zygote, self.clock = zygote, clock
        self.tripwire = tripwire.from_environment()  # the zygote's decoy (tripwire.py), from our caller
        self.sel = selectors.DefaultSelector()
        self.runs = {}  # launched runs by id
        self.waiting = {}  # runs waiting for a free slot, oldest first (dicts keep insertion order)
        self.stdin_buf = bytearray()
        self.zygote = None
        self.zygote_lost = False  # it died or hangs: restart_zygote replaces it once the events at hand are handled
        self.generation = -1  # zygotes started so far, less one
        self.start_zygote()

    # -- zygote --

    def start_zygote(self):
        """The zygote inside the best namespace tool that works here ("auto" falls back, and says why)."""
        problems = []
        self.generation += 1
        for mode in namespaces.candidates(self.layers.namespaces):
            try:
                self.zygote = self.new_zygote(self.layers, mode, self.generation)
                break
            except RuntimeError as e:
                problems.append(f"{mode}: {e}")
        else:
            raise RuntimeError("; ".join(problems))
        self.zygote.status["namespaces_problem"] = "; ".join(problems) or None
        self.sel.register(self.zygote.sock, selectors.EVENT_READ, ("zygote", self.zygote))

    def restart_zygote(self):
        """The zygote died or hangs: runs it had forked fail at once, a fresh zygote forks the others."""
        self.zygote_lost = False
        self.sel.unregister(self.zygote.sock)
        self.zygote.stop()
        again, lost = [], []
        for run in list(self.runs.values()):
            self.detach(run)
            # a run that has said nothing yet starts again on the new zygote (a few times at most)
            if run.received == 0 and not run.answered and run.stopped_by is None and run.launches < MAX_LAUNCHES:
                again.append(run)
            else:
                if run.exit is None:
                    run.exit = {"exit": None, "signal": None, "lost": True}
                self.answer(run)  # now: the new zygote may take seconds to start
                lost.append(run)
        try:
            self.start_zygote()
        except RuntimeError as e:  # no zygote, no runs: answer them all; our caller starts a new supervisor
            print(f"sandbox: the zygote did not start again ({e}); the supervisor stops", file=sys.stderr)
            for run in [*again, *self.waiting.values()]:
                self.reply({"id": run.id, "result": self.refusal(run, "SandboxError", INTERNAL_ERROR)})
            raise SystemExit(1) from e
        for run in again:
            self.launch(run)
        for run in lost:
            self.maybe_finish(run, force=True)  # frees its worker: waiting runs go to the new zygote

    def on_zygote(self):
        try:
            data = self.zygote.sock.recv(65536)
        except BlockingIOError:
            return  # woken with nothing to read: a zygote is never waited on
        except OSError:
            data = b""
        if not data:
            self.zygote_lost = True
            return
        message = json.loads(data)
        run = self.runs.get(message.get("run"))
        if run is not None and "started" in message:
            run.forked = True
            run.deadline = self.clock() + run.limits.timeout_s
        if run is not None and "exit" in message:
            run.exit = message
            self.maybe_finish(run)

    # -- caller --

    def reply(self, message):
        self.write(json_line(message))

    def write(self, data):
        view = memoryview(data)
        while view:
            view = view[os.write(self.out.fileno(), view):]

    def on_stdin(self):
        chunk = os.read(0, STDIN_READ_BYTES)
        if not chunk:
            self.shutdown()
        self.stdin_buf += chunk
        while b"\n" in self.stdin_buf:
            line, _, rest = self.stdin_buf.partition(b"\n")
            self.stdin_buf = bytearray(rest)
            self.handle(json.loads(line))

    def handle(self, request):
        op, run_id = request["op"], request["id"]
        if op == "run":
            self.start_run(run_id, request["code"], Limits.from_dict(request.get("limits", {})), request.get("setup"))
        elif op == "send":
            self.send_control(run_id, request.get("message"))
        elif op == "cancel" and run_id in self.runs:
            self.stop(self.runs[run_id], "cancel")
        elif op == "cancel" and run_id in self.waiting:
            run = self.waiting.pop(run_id)
            self.reply({"id": run_id, "result": self.refusal(run, "Cancelled", "The run was cancelled.")})
            self.launch_waiting()  # the runs behind it move up
        elif op == "status":
            self.reply({"id": run_id, "status": {**self.zygote.status, "supervisor_pid": os.getpid(),
                                                 "zygote_pid": self.zygote.proc.pid}})

    def send_control(self, run_id, message):
        """Forward a control message to the run's child (dropped when malformed, or for a run that is over)."""
        run = self.runs.get(run_id) or self.waiting.get(run_id)
        line = control_line(message)
        if run is None or line is None or not run.send(line):
            return
        if run.sock is not None:
            self.sel.modify(run.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, ("run", run))

    def start_run(self, run_id, code, limits, setup=None):
        run = Run(run_id, code.encode("utf-8", errors="surrogatepass"), limits, setup, self.clock, self.tripwire)
        if len(self.waiting) >= self.capacity.max_waiting:
            self.reply({"id": run_id, "result": self.refusal(
                run, "Busy", "The sandbox is busy with other people's scripts; please run yours again in a moment.")})
            return
        self.waiting[run_id] = run
        self.launch_waiting()

    def launch_waiting(self):
        """Start waiting runs, oldest first, while a worker is free (and, for a live run, a live worker)."""
        live = sum(r.kind == "live" for r in self.runs.values())
        for run in list(self.waiting.values()):
            if len(self.runs) >= self.capacity.workers:
                break
            if run.kind == "live" and live >= self.capacity.live_workers:
                continue  # edits behind it may go
            live += run.kind == "live"
            del self.waiting[run.id]
            run.started = self.clock()
            self.runs[run.id] = run
            if run.position:
                run.position = 0
                self.reply({"id": run.id, "queued": 0})
            self.launch(run)
        self.tell_positions()

    def tell_positions(self):
        """Tell each waiting run its place in line among runs of its kind, when it changed."""
        ahead = dict.fromkeys(RUN_KINDS, 0)
        for run in self.waiting.values():
            ahead[run.kind] += 1
            if run.position != ahead[run.kind]:
                run.position = ahead[run.kind]
                self.reply({"id": run.id, "queued": run.position})

    def refusal(self, run, type_, message):
        return {"ok": False, "error": make_error(type_, message), "stdout": "", "stdout_truncated": False,
                "graph": empty_graph(), "events": [], "elapsed_s": 0.0}

    def launch(self, run):
        """Give the run a fresh socket and ask the zygote to fork its child."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        ours.setblocking(False)
        run.attach(ours)
        run.launches += 1
        run.forked = False
        run.deadline = self.clock() + FORK_TIMEOUT_S  # the wall clock proper starts once the child exists
        self.sel.register(ours, selectors.EVENT_READ | selectors.EVENT_WRITE, ("run", run))
        try:
            self.zygote.send({"op": "fork", "run": run.id, "limits": run.limits.to_dict(), "nice": KIND_NICE[run.kind]},
                             theirs.fileno())
        except OSError:
            pass  # the zygote is gone (or does not read): restart_zygote, now or at FORK_TIMEOUT_S, launches it again
        finally:
            theirs.close()

    # -- runs --

    def on_run(self, run, mask):
        if mask & selectors.EVENT_WRITE and run.outbox:
            try:
                del run.outbox[:run.sock.send(run.outbox)]
            except OSError:
                run.outbox = bytearray()
            if not run.outbox:
                self.sel.modify(run.sock, selectors.EVENT_READ, ("run", run))
        if mask & selectors.EVENT_READ:
            try:
                chunk = run.sock.recv(CHILD_READ_BYTES)
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                run.eof = True
                self.detach(run)
                self.maybe_finish(run)
                return
            if run.answered:
                return  # the caller has its result: nothing more is said about this run
            for event in run.take(chunk):
                self.forward(run, event)
            if run.problem and run.stopped_by is None:
                self.stop(run, run.problem)

    def forward(self, run, event):
        try:
            data = json_line({"id": run.id, "event": event})
        except (ValueError, TypeError, RecursionError):  # checked, so never; if it were, the run is what broke
            run.problem = "malformed"
            return
        self.write(data)

    def detach(self, run):
        """Stop listening to the run's socket and close it (once)."""
        if run.sock is not None:
            self.sel.unregister(run.sock)
            run.sock.close()
            run.sock = None

    def stop(self, run, reason):
        """Kill the run's child; the reason is its answer, given now: the caller does not wait for the kill."""
        if run.stopped_by is None:
            run.stopped_by = reason
            if reason == "escape":
                print(f"sandbox: run {run.id} got past the language layer (tripwire); stopped", file=sys.stderr)
        self.answer(run)
        if run.kill_sent_at is None:
            run.kill_sent_at = self.clock()
            self._send_kill(run)

    def _send_kill(self, run):
        try:
            self.zygote.send({"op": "kill", "run": run.id})
        except OSError:
            self.zygote_lost = True  # gone, or not reading: its runs are killed with it

    def check_deadlines(self):
        """Stop the runs whose time is up, then replace the zygote if it was lost (here, not amid events)."""
        now = self.clock()
        for run in list(self.runs.values()):
            if not run.forked and now >= run.deadline:
                self.zygote_lost = True  # it has not forked this run in FORK_TIMEOUT_S: stuck
            elif run.kill_sent_at is None and now >= run.deadline:
                self.stop(run, "timeout")
            elif run.kill_sent_at is not None and now - run.kill_sent_at > KILL_GRACE_S:
                self.zygote_lost = True  # the kill did not land: only a new zygote (new pid namespace) will do
        if self.zygote_lost:
            self.restart_zygote()

    def next_timeout(self):
        if not self.runs:
            return None
        times = [r.deadline if r.kill_sent_at is None else r.kill_sent_at + KILL_GRACE_S for r in self.runs.values()]
        return max(0.0, min(times) - self.clock())

    def maybe_finish(self, run, force=False):
        """Answer and free the worker once the run is over: its socket closed and its own result or exit known."""
        told_us = run.final is not None and run.stopped_by is None  # the exit status would add nothing
        if run.id not in self.runs or not ((run.eof and (told_us or run.exit is not None)) or force):
            return
        del self.runs[run.id]
        run.closed = True
        self.detach(run)
        self.answer(run)
        if run.exit is None and not force:
            self._send_kill(run)  # it said its last word: whatever it still does after that is not a run
        self.launch_waiting()

    def answer(self, run):
        """The run's one result for the caller; anything that fails on the way becomes an error result."""
        if run.answered:
            return
        run.answered = True
        try:
            data = json_line({"id": run.id, "result": run.result()})
        except Exception:  # a value no check foresaw: the caller still gets an answer
            traceback.print_exc()
            data = json_line({"id": run.id, "result": self.refusal(run, "SandboxError", SCHEMA_ERROR)})
        self.write(data)

    # -- loop --

    def serve(self):
        self.sel.register(0, selectors.EVENT_READ, ("stdin", None))
        while True:
            self.poll(self.next_timeout())

    def poll(self, timeout):
        """Handle what is ready within timeout seconds (None: wait), then the deadlines that have passed."""
        for key, mask in self.sel.select(timeout):
            kind, owner = key.data
            run = owner if kind == "run" else None
            try:
                if kind == "stdin":
                    self.on_stdin()
                elif kind == "zygote" and owner is self.zygote:  # not a predecessor's leftover event
                    self.on_zygote()
                elif run is not None and not run.closed and run.sock is key.fileobj:
                    self.on_run(run, mask)
            except (SystemExit, KeyboardInterrupt):
                raise
            except Exception:  # one run's mishap must not take the others down
                traceback.print_exc()
                if run is not None and not run.closed:
                    self.stop(run, "malformed")
        self.check_deadlines()

    def shutdown(self):
        self.zygote.stop()
        sys.exit(0)


def main(argv):
    layers = Layers.from_dict(json.loads(argv[1])) if len(argv) > 1 else Layers()
    capacity = Capacity.from_dict(json.loads(argv[2])) if len(argv) > 2 else Capacity()
    Supervisor(layers, capacity=capacity).serve()


if __name__ == "__main__":
    main(sys.argv)
