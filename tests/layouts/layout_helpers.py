"""Small engine scripts and graphs for the layout tests."""

import math
import os
import random
import subprocess
import sys
from pathlib import Path

from engine import Value, trace
from engine.losses import mse
from engine.nn import MLP
from layouts import graph_model

OPS = ["+", "*", "-", "relu", "tanh", "**2"]


def script(steps, constants):
    """A tiny micrograd script: leaves from ``constants``, then one op per step on earlier values."""
    lines = [f"v{i} = Value({c!r})" for i, c in enumerate(constants)]
    for k, (op, i, j) in enumerate(steps):
        n = len(constants) + k
        x, y = f"v{i % n}", f"v{j % n}"
        expr = {"+": f"{x} + {y}", "*": f"{x} * {y}", "-": f"{x} - {y}", "relu": f"{x}.relu()",
                "tanh": f"{x}.tanh()", "**2": f"{x} ** 2"}[op]
        lines.append(f"v{n} = {expr}")
    return "\n".join(lines) + "\n"


def run(code):
    """Trace every Value the script names, as the runner does, and return the plain trace dict."""
    names = {"Value": Value}
    exec(code, names)
    return trace([v for v in names.values() if isinstance(v, Value)], names=names).to_dict()


def model(code, fold_ops=False):
    return graph_model(run(code), fold_ops=fold_ops)


def mlp_graph(samples=2, sizes=(4, 1), seed=0):
    """An MLP's squared-error loss over a few samples, as graph_model sees it."""
    random.seed(seed)
    names = {"mlp": MLP(2, list(sizes))}
    xs = [[random.uniform(-1, 1), random.uniform(-1, 1)] for _ in range(samples)]
    loss = mse([names["mlp"](x) for x in xs], [1.0] * samples)
    return graph_model(trace(loss, names=names).to_dict())


def min_distance(pos):
    """The smallest distance between two nodes (inf for fewer than two)."""
    pts = sorted(pos.values())
    best = math.inf
    for i, p in enumerate(pts):  # sorted by x: only look ahead while x is close
        for q in pts[i + 1:]:
            if q[0] - p[0] >= best:
                break
            best = min(best, math.dist(p, q))
    return best


# A first layout, then a constant edited early (everything after it gets new ids), in a fresh interpreter.
_HASH_SEED_SCRIPT = (
    "import json, sys; sys.path[:0] = sys.argv[2:]\n"
    "from layout_helpers import model\nfrom layouts import PositionCache\n"
    "base = \"a = Value(1.0, label='a')\\nb = Value(2.0, label='b')\\nc = a * b\\n\"\n"
    "tail = 'd = (c + a).relu()\\ne = d * d + c\\nf = (e - b).tanh()\\n'\n"
    "cache = PositionCache(layout=sys.argv[1]); first = cache.place(model(base + tail))\n"
    "second = cache.place(model(base + 'c = c * 3.0\\n' + tail))\n"
    "print(json.dumps([sorted(first.items()), sorted(second.items())]))\n"
)


def positions_under_hash_seeds(layout, seeds=("1", "2", "3")):
    """The distinct outputs of the same two placements under each PYTHONHASHSEED (one if they agree)."""
    here, root = str(Path(__file__).parent), str(Path(__file__).parents[2])
    return {subprocess.run([sys.executable, "-c", _HASH_SEED_SCRIPT, layout, here, root], capture_output=True,
                           text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in seeds}
