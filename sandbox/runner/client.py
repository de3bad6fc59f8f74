"""The caller's side: start the supervisor process, send it runs, hand back RunResults.

Thread-safe: any number of threads may call ``run``/``start`` at once. One
background thread reads the supervisor's replies and routes them to the runs'
handles (and their ``on_event`` callbacks, in order). If the supervisor dies,
the runs it held fail with a plain message and the next run starts a new one.
"""

import json
import logging
import os
import subprocess
import sys
import threading
import time

from sandbox.runner.limits import MAX_CODE_BYTES, Layers, Limits
from sandbox.runner.namespaces import PROJECT_ROOT, SANDBOX_ENV
from sandbox.runner.result import SCHEMA_ERROR, RunResult, SchemaError

log = logging.getLogger(__name__)

SUPERVISOR_EXIT_S = 5.0  # how long close() waits for the supervisor to go
LOST_MESSAGE = "The sandbox stopped unexpectedly while running your script; please run it again."
STATUS_TIMEOUT_S = 60.0


class RunHandle:
    """A run in progress: ``wait()`` for its RunResult, ``cancel()`` it, or check ``done``."""

    def __init__(self, runner, run_id, on_event):
        self._runner, self.id, self._on_event = runner, run_id, on_event
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

    def _finish(self, result):
        result.elapsed_s = round(time.monotonic() - self._started, 6)
        self._result = result
        self._done.set()


class Runner:
    """A supervisor process with its zygote, shared by all threads of the caller."""

    def __init__(self, layers=None):
        self.layers = layers or Layers()
        self._lock = threading.Lock()
        self._proc = None
        self._handles = {}
        self._next_id = 0
        self._status = None
        self._status_waiters = {}  # request id -> Event, for refresh_status

    # -- public --

    def start(self, code, limits=None, on_event=None):
        limits = limits or Limits()
        with self._lock:
            self._next_id += 1
            handle = RunHandle(self, self._next_id, on_event)
            if not isinstance(code, str):
                handle._finish(RunResult.failure("TypeError", f"code must be a str, got {type(code).__name__}"))
                return handle
            if len(code.encode("utf-8", errors="surrogatepass")) > MAX_CODE_BYTES:
                handle._finish(RunResult.failure("TooLong", f"The script is longer than {MAX_CODE_BYTES:,} bytes."))
                return handle
            try:
                self._ensure_started()
                self._handles[handle.id] = handle
                self._write({"op": "run", "id": handle.id, "code": code, "limits": limits.to_dict()})
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

    def close(self):
        with self._lock:
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
        env = {**SANDBOX_ENV, "PYTHONPATH": str(PROJECT_ROOT)}  # none of the server's secrets
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "sandbox.runner.supervisor", json.dumps(self.layers.to_dict())],
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
            except (ValueError, KeyError, SchemaError) as e:
                log.error("bad reply from the sandbox supervisor: %s", e)
        proc.wait()
        with self._lock:
            lost = [h for h in self._handles.values()]
            self._handles.clear()
            if self._proc is proc:
                self._proc = None
        for h in lost:
            h._finish(RunResult.failure("SandboxError", LOST_MESSAGE))

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
        if "event" in reply:
            handle._event(reply["event"])
        elif "result" in reply:
            with self._lock:
                self._handles.pop(reply["id"], None)
            try:
                result = RunResult.from_dict(reply["result"])
            except SchemaError:
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
