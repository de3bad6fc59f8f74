"""The caller's side: start the supervisor process, send it runs, hand back RunResults.

Thread-safe: any number of threads may call ``run``/``start`` at once. One
background thread reads the supervisor's replies and routes them to the runs'
handles (and their ``on_event`` and ``on_queue`` callbacks, in order). If the
supervisor dies, the runs it held fail with a plain message and a watcher starts
a new one at once (backing off if it keeps failing), before the next run needs it.
"""

import json
import logging
import os
import subprocess
import sys
import threading
import time

from sandbox.runner import tripwire
from sandbox.runner.limits import MAX_CODE_BYTES, Capacity, Layers, Limits
from sandbox.runner.namespaces import PROJECT_ROOT, SANDBOX_ENV
from sandbox.runner.result import SCHEMA_ERROR, RunResult, SchemaError, check_event, plain_event

log = logging.getLogger(__name__)

SUPERVISOR_EXIT_S = 5.0  # how long close() waits for the supervisor to go
LOST_MESSAGE = "The sandbox stopped unexpectedly while running your script; please run it again."
STATUS_TIMEOUT_S = 60.0
RESTART_BACKOFF_S = (0.0, 0.5, 2.0, 10.0, 30.0)  # waits before successive tries to start a lost supervisor


class RunHandle:
    """A run in progress: ``wait()`` for its RunResult, ``cancel()`` it, or check ``done``."""

    def __init__(self, runner, run_id, on_event, on_queue=None, kind="edit"):
        self._runner, self.id, self._on_event, self._on_queue, self.kind = runner, run_id, on_event, on_queue, kind
        self.position = 0  # k >= 1 while k-th in the supervisor's queue; 0 once started (or never queued)
        self._supervisor = None  # the supervisor process holding it
        self._done = threading.Event()
        self._result = None
        self._started = time.monotonic()

    @property
    def done(self):
        return self._done.is_set()

    def cancel(self):
        """Stop the run; wait() then gives a RunResult with error type "Cancelled"."""
        if not self.done:
            self._runner._send({"op": "cancel", "id": self.id})

    def send(self, message):
        """A control for a live run, read at its next checkpoint (see sandbox.runner.control):
        ``{"op": "params", "values": {"lr": 0.1}}``, ``{"op": "pause"}``, ``{"op": "resume"}``, ``{"op": "step"}``.
        """
        if not self.done:
            self._runner._send({"op": "send", "id": self.id, "message": message})

    def pause(self):
        self.send({"op": "pause"})

    def resume(self):
        self.send({"op": "resume"})

    def step(self):
        """Paused: run one more step and pause again. Running: pause at the next checkpoint."""
        self.send({"op": "step"})

    def set_params(self, values):
        """New values for the script's param(...) controls, e.g. {"lr": 0.1}."""
        self.send({"op": "params", "values": dict(values)})

    def wait(self, timeout=None):
        """The RunResult; raises TimeoutError if it is not ready within timeout seconds."""
        if not self._done.wait(timeout):
            raise TimeoutError(f"run {self.id} still going after {timeout} s")
        return self._result

    def _event(self, event):
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:  # the caller's callback must not kill the reader thread
                log.exception("on_event callback failed")

    def _queued(self, position):
        self.position = position
        if self._on_queue is not None:
            try:
                self._on_queue(position)
            except Exception:
                log.exception("on_queue callback failed")

    def _finish(self, result):
        result.elapsed_s = round(time.monotonic() - self._started, 6)
        self._result = result
        self._done.set()


class Runner:
    """A supervisor process with its zygote, shared by all threads of the caller."""

    def __init__(self, layers=None, capacity=None):
        self.layers = layers or Layers()
        self.capacity = capacity or Capacity()
        self.tripwire = tripwire.new_token()  # the decoy the zygote plants; never shown to a run
        self.restarts = 0  # supervisors started again by the watcher after one died
        self._closed = False
        self._lock = threading.Lock()
        self._proc = None
        self._handles = {}
        self._next_id = 0
        self._status = None
        self._status_waiters = {}  # request id -> Event, for refresh_status

    # -- public --

    def start(self, code, limits=None, on_event=None, live=False, params=None, defaults=None, step=False,
              on_queue=None):
        """Start a run; the handle's wait() gives its RunResult.

        live: a training run (the user pressed Start): ``steps(n)`` yields all n steps and the run obeys
        ``handle.send(...)`` at its checkpoints; its limits default to ``Limits.live()``. Live runs are the
        "live" kind of the supervisor's scheduling (a bounded share of the workers, a lower CPU priority).
        params: values for the script's ``param(name, default)`` controls, taken when the code's default for
        the name is still ``defaults[name]`` (an edit of the default in the code wins). step: pause after one step.
        ``on_queue(k)`` hears its place in line (k >= 1) and 0 when it starts.
        """
        limits = limits or (Limits.live() if live else Limits())
        setup = {"live": bool(live), "params": dict(params or {}), "defaults": dict(defaults or {}), "step": bool(step)}
        kind = "live" if live else "edit"
        with self._lock:
            self._next_id += 1
            handle = RunHandle(self, self._next_id, on_event, on_queue, kind)
            if not isinstance(code, str):
                handle._finish(RunResult.failure("TypeError", f"code must be a str, got {type(code).__name__}"))
                return handle
            if len(code.encode("utf-8", errors="surrogatepass")) > MAX_CODE_BYTES:
                handle._finish(RunResult.failure("TooLong", f"The script is longer than {MAX_CODE_BYTES:,} bytes."))
                return handle
            try:
                self._ensure_started()
                handle._supervisor = self._proc
                self._handles[handle.id] = handle
                self._write({"op": "run", "id": handle.id, "code": code, "limits": limits.to_dict(), "setup": setup})
            except (OSError, RuntimeError) as e:
                self._handles.pop(handle.id, None)
                log.error("sandbox supervisor failed: %s", e)
                handle._finish(RunResult.failure("SandboxError", LOST_MESSAGE))
        return handle

    def run(self, code, limits=None):
        return self.start(code, limits).wait()

    def status(self):
        """Which isolation layers are active, as the zygote reported them when it started."""
        with self._lock:
            self._ensure_started()
            return dict(self._status)

    def refresh_status(self, timeout=STATUS_TIMEOUT_S):
        """Ask the running supervisor again (a restarted zygote has a new pid)."""
        with self._lock:
            self._ensure_started()
            self._next_id += 1
            waiter = self._status_waiters[self._next_id] = threading.Event()
            self._write({"op": "status", "id": self._next_id})
        if not waiter.wait(timeout):
            raise TimeoutError("the sandbox supervisor did not answer")
        return dict(self._status)

    def load(self):
        """Runs this caller has in the supervisor now: {"in_flight": n, "queued": m}."""
        with self._lock:
            handles = list(self._handles.values())
        queued = sum(h.position > 0 for h in handles)
        return {"in_flight": len(handles) - queued, "queued": queued}

    def close(self):
        with self._lock:
            self._closed = True
            proc, self._proc = self._proc, None
        if proc is not None:
            try:
                proc.stdin.close()
                proc.wait(timeout=SUPERVISOR_EXIT_S)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()

    @property
    def supervisor_pid(self):
        return self._proc.pid if self._proc else None

    # -- the supervisor process --

    def _ensure_started(self):
        if self._proc is not None and self._proc.poll() is None:
            return
        # none of the server's secrets; the tripwire's token is the sandbox's own (tripwire.py)
        env = {**SANDBOX_ENV, "PYTHONPATH": str(PROJECT_ROOT), tripwire.ENV: self.tripwire}
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "sandbox.runner.supervisor", json.dumps(self.layers.to_dict()),
             json.dumps(self.capacity.to_dict())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd="/", start_new_session=True)
        self._status = None
        self._write({"op": "status", "id": 0})
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the sandbox supervisor did not start (exit {self._proc.wait()})")
        self._status = json.loads(line)["status"]
        threading.Thread(target=self._read_replies, args=(self._proc,), daemon=True,
                         name="sandbox-replies").start()

    def _write(self, message):
        # ASCII JSON: a lone surrogate in the code travels as a \\ud800 escape, not as invalid UTF-8
        self._proc.stdin.write((json.dumps(message) + "\n").encode("ascii"))
        self._proc.stdin.flush()

    def _send(self, message):
        with self._lock:
            if self._proc is not None:
                try:
                    self._write(message)
                except OSError:
                    pass

    def _read_replies(self, proc):
        for line in proc.stdout:
            try:
                reply = json.loads(line)
                self._route(reply)
            except Exception as e:  # this thread serves every run: nothing in one reply may stop it
                log.error("bad reply from the sandbox supervisor: %s: %s", type(e).__name__, e)
        proc.wait()
        with self._lock:
            # only this supervisor's runs: a run may already have gone to its successor
            lost = [h for h in self._handles.values() if h._supervisor is proc]
            for h in lost:
                del self._handles[h.id]
            if self._proc is proc:
                self._proc = None
        for h in lost:
            h._finish(RunResult.failure("SandboxError", LOST_MESSAGE))
        threading.Thread(target=self._restart, name="sandbox-watcher", daemon=True).start()

    def _restart(self):
        """The supervisor died: start a new one now, not when the next run finds it gone."""
        for wait in RESTART_BACKOFF_S:
            time.sleep(wait)
            with self._lock:
                if self._closed or (self._proc is not None and self._proc.poll() is None):
                    return
                try:
                    self._ensure_started()
                    self.restarts += 1
                    log.warning("sandbox supervisor restarted (pid %s)", self._proc.pid)
                    return
                except (OSError, RuntimeError) as e:
                    log.error("sandbox supervisor did not restart: %s", e)

    def _route(self, reply):
        if "status" in reply:
            self._status = reply["status"]
            waiter = self._status_waiters.pop(reply["id"], None)
            if waiter is not None:
                waiter.set()
            return
        handle = self._handles.get(reply["id"])
        if handle is None:
            return
        if "queued" in reply:
            handle._queued(int(reply["queued"]))
        elif "event" in reply:
            try:
                check_event(reply["event"])
                event = plain_event(reply["event"])
            except SchemaError:
                log.error("bad event from the sandbox supervisor")
                return
            handle._event(event)
        elif "result" in reply:
            with self._lock:
                self._handles.pop(reply["id"], None)
            try:
                result = RunResult.from_dict(reply["result"])
            except Exception:  # SchemaError, or a shape no check foresaw: the caller still gets its answer
                result = RunResult.failure("SandboxError", SCHEMA_ERROR)
            handle._finish(result)


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
