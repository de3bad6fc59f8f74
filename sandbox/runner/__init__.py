"""The safe runner: run a user's script in an isolated process, get a RunResult back.

>>> from sandbox.runner import run
>>> r = run("a = Value(2.0); b = a * a; b.backward()")   # doctest: +SKIP
>>> r.ok, [n["id"] for n in r.graph["nodes"]]             # doctest: +SKIP
(True, ['a', '*:...'])

What a script has without importing: the engine's names (Value, no_grad,
Module, Neuron, Layer, MLP and the rest of engine.nn, softmax, ...), the
modules ``nn``, ``losses``, ``optim``, ``datasets``, and three helpers:

- ``show(*values)``: draw these values (lists allowed) and everything they
  depend on; the last call wins. Without it, the values bound to top-level
  names that no other such value consumes are drawn. Each call also streams a
  snapshot, so ``show(loss)`` inside a training loop animates the graph;
- ``snapshot(*values)``: stream the graph as it is now without changing what
  is drawn at the end (no values: what would be drawn now). Snapshots closer
  than 0.1 s apart, or larger than ``Limits.max_snapshot_values``, are skipped;
- ``log(step=None, **metrics)``: stream a row of numbers (Values allowed),
  e.g. ``log(step=k, loss=loss, accuracy=acc)``, for live training curves.

Imports allowed: math, random, engine.*, micrograd / micrograd.engine /
micrograd.nn (the engine under micrograd's names) and datasets. ``random``
starts from seed 0 on every run, so editing a constant keeps the weights.

``start(code, on_event=f)`` calls ``f`` from one background thread with
``{"type": "stdout", "text"}``, ``{"type": "log", "step", "metrics"}`` and
``{"type": "snapshot", "graph"}`` dicts in the order the script made them
(keep ``f`` quick: it holds up every run's events).

The walls, outermost first (see ARCHITECTURE.md, "The runner"): a supervisor
process apart from the caller; a warm zygote inside new namespaces (no network,
read-only minimal filesystem, own pids); per run a fresh fork that takes a
throwaway uid, rlimits and a seccomp allowlist before it reads the code; a
wall-clock kill; results as capped, schema-checked JSON; and the language layer
(AST checks, curated builtins, import allowlist) for clear messages. Each is
switched by a field of ``Layers`` (all on by default). ``isolation_status()``
says which are active. This module imports nothing heavy (no Panel, no Bokeh)
and does not start the supervisor until the first run.
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
