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

And four for training (sandbox/runner/training.py):

- ``for k in steps(100):``: all 100 steps in a live run (``start(code,
  live=True)``, the app's Start button), only the first in an edit run (every
  edit), so typing in a training script stays fast. Each step is a checkpoint
  where a live run obeys ``handle.pause()``, ``step()``, ``resume()`` and
  ``set_params(...)``; outside steps() loops each log() is the checkpoint;
- ``lr = param("lr", 0.05, low=0.0, high=1.0)``: a number the app shows as a
  control; every call returns its current value (the app may change it mid-run);
- ``show_network(model)``: stream an engine.nn MLP's weights and gradients;
- ``show_boundary(model, X, y)``: stream the model's scores over 2D data's box.

Imports allowed: math, random, engine.*, micrograd / micrograd.engine /
micrograd.nn (the engine under micrograd's names) and datasets. ``random``
starts from seed 0 on every run, so editing a constant keeps the weights.

``start(code, on_event=f)`` calls ``f`` from one background thread with
``{"type": "stdout", "text"}``, ``{"type": "log", "step", "metrics"}``,
``{"type": "snapshot", "graph"}`` and the training events (``param``,
``progress``, ``network``, ``boundary``: see result.py for their fields) in
the order the script made them (keep ``f`` quick: it holds up every run's
events).

The walls, outermost first (see ARCHITECTURE.md, "The runner"): a supervisor
process apart from the caller; a warm zygote inside new namespaces (no network,
read-only minimal filesystem, own pids); per run a fresh fork that takes a
throwaway uid (never one another supervisor's runs have), rlimits and a seccomp
allowlist before it reads the code; a wall-clock kill; results as capped,
strictly parsed, schema-checked JSON; and the language layer (every construct
of the grammar classified, curated builtins, import allowlist) for clear
messages and depth. Each is switched by a field of ``Layers`` (all on by
default). ``isolation_status()`` says which are active. Every run gets exactly
one result, by its time limit, whatever its process writes or does. A decoy in
the interpreter's insides (tripwire.py) stops a run that prints it. This module
imports nothing heavy (no Panel, no Bokeh) and does not start the supervisor
until the first run.
"""

import atexit
import threading

from sandbox.runner.client import RunHandle, Runner
from sandbox.runner.limits import Capacity, Layers, Limits
from sandbox.runner.result import RunResult

__all__ = ["Capacity", "Layers", "Limits", "RunHandle", "RunResult", "Runner", "configure", "isolation_status", "run",
           "start"]

_default = None
_default_capacity = None
_default_lock = threading.Lock()


def default_runner():
    """The process-wide Runner with every layer on, started on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Runner(Layers(), _default_capacity)
            atexit.register(_default.close)
        return _default


def configure(capacity=None):
    """Set the process-wide runner's Capacity; a runner already started is closed (the next run starts anew).

    ``serve --num-procs`` calls it before forking, so that each server process starts its own supervisor.
    """
    global _default, _default_capacity
    with _default_lock:
        _default_capacity = capacity
        if _default is not None:
            _default.close()
            _default = None


def run(code, limits=None):
    """Run code in the sandbox and return its RunResult (blocking; never raises for user errors)."""
    return default_runner().run(code, limits)


def start(code, limits=None, on_event=None, on_queue=None, **training):
    """Start a run; on_event(dict) gets its events from a background thread (training: see Runner.start).

    ``on_queue(k)`` hears the run's place in line (k >= 1) and 0 once it starts.
    """
    return default_runner().start(code, limits, on_event, on_queue=on_queue, **training)


def isolation_status():
    """Which layers are active: {"language", "uid_drop", "rlimits", "seccomp", "namespaces", ...}.

    ``namespaces`` is "bwrap", "unshare" or "none"; ``os_layers_ok`` is True when
    seccomp and namespaces are both active (what ``serve --public`` requires).
    """
    return with_verdict(default_runner().status())


def with_verdict(status):
    """The status with ``os_layers_ok``: seccomp and namespaces both active."""
    return {**status, "os_layers_ok": bool(status["seccomp"]) and status["namespaces"] != "none"}
