"""The safe runner: run a user's script in an isolated process, get a RunResult back.

>>> from sandbox.runner import run
>>> r = run("a = Value(2.0); b = a * a; b.backward()")   # doctest: +SKIP
>>> r.ok, [n["id"] for n in r.graph["nodes"]]             # doctest: +SKIP
(True, ['a', '*:...'])

The walls, outermost first (see ARCHITECTURE.md, "The runner"): a supervisor
process apart from the caller; a warm zygote inside new namespaces (no network,
read-only minimal filesystem, own pids); per run a fresh fork that takes a
throwaway uid, rlimits and a seccomp allowlist before it reads the code; a
wall-clock kill; results as capped, schema-checked JSON; and the language layer
(AST checks, curated builtins, import allowlist) for clear messages.
This module imports nothing heavy (no Panel, no Bokeh) and does not start the
supervisor until the first run.
"""

import atexit
import threading

from sandbox.runner.client import RunHandle, Runner
from sandbox.runner.limits import Layers, Limits
from sandbox.runner.result import RunResult

__all__ = ["Layers", "Limits", "RunHandle", "RunResult", "Runner", "isolation_status", "run", "start"]

_default = None
_default_lock = threading.Lock()


def default_runner():
    """The process-wide Runner with every layer on, started on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Runner(Layers())
            atexit.register(_default.close)
        return _default


def run(code, limits=None):
    """Run code in the sandbox and return its RunResult (blocking; never raises for user errors)."""
    return default_runner().run(code, limits)


def start(code, limits=None, on_event=None):
    """Start a run; on_event(dict) gets stdout/log/snapshot events from a background thread."""
    return default_runner().start(code, limits, on_event)


def isolation_status():
    """Which layers are active: {"language", "uid_drop", "rlimits", "seccomp", "namespaces", ...}.

    ``namespaces`` is "bwrap", "unshare" or "none"; ``os_layers_ok`` is True when
    seccomp and namespaces are both active (what ``serve --public`` requires).
    """
    status = default_runner().status()
    status["os_layers_ok"] = bool(status["seccomp"]) and status["namespaces"] != "none"
    return status
