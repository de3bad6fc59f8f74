"""The app's messages to a running script: a setup line after the code, then controls.

On the run's socket, after the length-prefixed code, the supervisor writes JSON
lines: first ``{"op": "setup", "live", "params", "defaults", "step"}``, then
whatever the app sends while the run goes on:
``{"op": "params", "values": {name: number}}``, ``{"op": "pause"}``,
``{"op": "resume"}``, ``{"op": "step"}``. The child reads them without
blocking at its checkpoints (``poll``), and blocks only while paused.

Everything here is data from outside the script: a line that is not one of
these messages, exactly, is dropped. The same checks run in the supervisor
before it forwards anything, so a bad message never reaches a child.
"""

import json
import os
import select

from sandbox.runner.result import MAX_NAME_CHARS
from sandbox.runner.wire import is_real

MAX_CONTROL_BYTES = 16_384  # one control line; a longer one is dropped whole
MAX_PARAMS = 16  # controls one script may declare with param(...)
CONTROL_OPS = ("params", "pause", "resume", "step")
READ_BYTES = 1 << 16  # one read of the run socket


def param_name_ok(name):
    return isinstance(name, str) and 0 < len(name) <= MAX_NAME_CHARS and name.isprintable()


def _values(d):
    """{name: finite number} with at most MAX_PARAMS good names, or None."""
    if not isinstance(d, dict) or len(d) > MAX_PARAMS:
        return None
    if not all(param_name_ok(k) and is_real(v) for k, v in d.items()):
        return None
    return dict(d)


def parse_setup(message):
    """The setup of a run as {"live", "params", "defaults", "step"}; a bad one gives an edit run's setup."""
    setup = {"live": False, "params": {}, "defaults": {}, "step": False}
    if not isinstance(message, dict):
        return setup
    params, defaults = _values(message.get("params", {})), _values(message.get("defaults", {}))
    if params is not None and defaults is not None:
        setup["params"], setup["defaults"] = params, defaults
    for flag in ("live", "step"):
        if isinstance(message.get(flag), bool):
            setup[flag] = message[flag]
    return setup


def parse_control(message):
    """A control message as sent on, or None when it is not exactly one of CONTROL_OPS."""
    if not isinstance(message, dict) or message.get("op") not in CONTROL_OPS:
        return None
    if message["op"] == "params":
        values = _values(message.get("values"))
        return None if values is None or set(message) != {"op", "values"} else {"op": "params", "values": values}
    return {"op": message["op"]} if set(message) == {"op"} else None


def control_line(message):
    """The bytes of one control message for the run socket, or None when it is bad or too long."""
    if not isinstance(message, dict):
        return None
    message = parse_control(message) if message.get("op") != "setup" else {"op": "setup", **parse_setup(message)}
    if message is None:
        return None
    data = (json.dumps(message, allow_nan=False, separators=(",", ":")) + "\n").encode()
    return data if len(data) <= MAX_CONTROL_BYTES else None


class Channel:
    """Our end of the run socket's incoming side, read in whole JSON lines."""

    def __init__(self, fd, on_closed):
        self.fd = fd
        self.on_closed = on_closed  # the supervisor is gone: nobody will ever resume us
        self.buffer = bytearray()
        self.skipping = False  # inside a line longer than MAX_CONTROL_BYTES: drop up to its newline
        self.poller = select.poll()
        self.poller.register(fd, select.POLLIN)

    def read_setup(self):
        """The setup line, waiting for it (it follows the code at once)."""
        while True:
            for line in self._lines(wait=True):
                try:
                    message = json.loads(line)
                except ValueError:
                    message = None
                return parse_setup(message), self

    def messages(self, wait=False):
        """Control messages that have arrived (wait: block until at least one line comes)."""
        found = []
        while not found:
            for line in self._lines(wait):
                try:
                    message = parse_control(json.loads(line))
                except ValueError:
                    message = None
                if message is not None:
                    found.append(message)
            if not wait:
                break
        return found

    def _lines(self, wait):
        timeout = None if wait else 0
        while self.poller.poll(timeout):
            chunk = os.read(self.fd, READ_BYTES)
            if not chunk:
                self.on_closed()
            self._take(chunk)
            timeout = 0  # then take whatever else is already there
            if b"\n" in self.buffer and wait:
                break
        lines = []
        while b"\n" in self.buffer:
            line, _, rest = self.buffer.partition(b"\n")
            self.buffer = bytearray(rest)
            lines.append(bytes(line))
        return lines

    def _take(self, chunk):
        if self.skipping:
            if b"\n" not in chunk:
                return
            chunk = chunk.split(b"\n", 1)[1]
            self.skipping = False
        self.buffer += chunk
        tail = self.buffer.rpartition(b"\n")[2]
        if len(tail) > MAX_CONTROL_BYTES:  # a line that long is no message of ours
            self.buffer = self.buffer[:len(self.buffer) - len(tail)]
            self.skipping = True
