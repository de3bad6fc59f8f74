"""Ordinary micrograd-style scripts give in the sandbox what they give outside it.

The scripts: tests/runner/benign/*.py and the IDE's presets (presets/*.py).

The oracle runs each script with plain ``exec`` in this process, with the
engine's names as builtins, and traces what it shows with ``engine.trace``.
A user would notice a failure here as: code that works in a notebook failing
or drawing something else in the IDE.
"""

import builtins
import contextlib
import io
import json
import random
import sys
from pathlib import Path

import pytest

import engine
import engine.datasets
import engine.losses
import engine.nn
import engine.optim
from engine import Value, trace
from sandbox.runner import Limits
from sandbox.runner.training import PREVIEW_STEPS
from sandbox.runner.wire import json_number

BENIGN_DIR = Path(__file__).parent / "benign"
PRESETS_DIR = Path(__file__).resolve().parents[2] / "presets"  # the IDE's example scripts are benign too
OURS = sorted(BENIGN_DIR.glob("*.py"))
PRESETS = sorted(p for p in PRESETS_DIR.glob("*.py") if p.name[0].isdigit())
CASES = ([pytest.param(p, "all_layers", id=f"{p.parent.name}/{p.name}-all_layers") for p in OURS + PRESETS]
         + [pytest.param(p, "ordinary_user", id=f"{p.parent.name}/{p.name}-ordinary_user") for p in OURS])
SANDBOX_RANDOM_SEED = 0  # documented in sandbox/runner/execute.py: every run starts from this seed


@contextlib.contextmanager
def micrograd_aliases():
    """micrograd.* and datasets as the sandbox serves them, only while the reference runs."""
    mg_engine = type(sys)("micrograd.engine")
    mg_engine.Value, mg_engine.no_grad = Value, engine.no_grad
    mg = type(sys)("micrograd")
    mg.engine, mg.nn = mg_engine, engine.nn
    aliases = {"micrograd": mg, "micrograd.engine": mg_engine, "micrograd.nn": engine.nn,
               "datasets": engine.datasets}
    saved = {k: sys.modules.get(k) for k in aliases}
    sys.modules.update(aliases)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v


def unconsumed_top_level(names):
    """The drawing rule, written again here: top-level Values (or lists of them) nothing else uses."""
    values = []
    for k, v in names.items():
        if k.startswith("_"):
            continue
        items = v if isinstance(v, (list, tuple)) else [v]
        if items and all(isinstance(x, Value) for x in items):
            values += [x for x in items if all(x is not y for y in values)]
    used = set()
    for root in values:
        stack = [root]
        while stack:
            for c in stack.pop()._prev:
                if id(c) not in used:
                    used.add(id(c))
                    stack.append(c)
    return [v for v in values if id(v) not in used]


def reference_run(code):
    """Run code outside any sandbox; returns (stdout, graph dict, log events)."""
    shown, events = [], []
    names = {k: v for k, v in vars(engine.nn).items() if not k.startswith("_")}
    names.update(Value=Value, no_grad=engine.no_grad, datasets=engine.datasets, losses=engine.losses,
                 optim=engine.optim, nn=engine.nn)
    names.update(show=lambda *vs: shown.__setitem__(slice(None), [vs]), snapshot=lambda *vs: None,
                 log=lambda step=None, **m: events.append(
                     {"type": "log", "step": step,
                      "metrics": {k: json_number(v.data if isinstance(v, Value) else v) for k, v in m.items()}}),
                 # an edit run: steps(n) previews the first steps, param() gives its default, views draw nothing
                 steps=lambda n: range(min(n, PREVIEW_STEPS)), param=lambda name, default, low=None, high=None: default,
                 show_network=lambda model: None, show_boundary=lambda model, X, y: None)
    g = {"__builtins__": {**vars(builtins), **names}, "__name__": "__main__"}
    out = io.StringIO()
    random.seed(SANDBOX_RANDOM_SEED)
    with micrograd_aliases(), contextlib.redirect_stdout(out):
        exec(compile(code, "<script>", "exec"), g)
    roots = list(shown[0]) if shown else unconsumed_top_level(g)
    graph = trace(*roots, names=g).to_dict()
    for n in graph["nodes"]:
        n["data"], n["grad"] = json_number(n["data"]), json_number(n["grad"])
    return out.getvalue(), json.loads(json.dumps(graph)), events


@pytest.mark.parametrize("path, mode", CASES)
def test_benign_script_matches_an_unsandboxed_run(server_for, path, mode):
    code = path.read_text()
    stdout, graph, logs = reference_run(code)
    result = server_for(mode).run(code, Limits(timeout_s=30, cpu_s=30))
    assert result["ok"], result["error"]
    assert result["stdout"] == stdout
    assert result["graph"] == graph
    assert [e for e in result["events"] if e["type"] == "log"] == logs


def test_auto_roots_draw_what_nothing_else_uses(server_for):
    result = server_for("all_layers").run((BENIGN_DIR / "auto_roots.py").read_text())
    labels = [n["label"] for n in result["graph"]["nodes"]]
    assert sorted(labels) == ["", "", "a", "b", "c", "lonely", "outs.0", "outs.1"]  # the two "" are 2 and 3
