"""Code written for micrograd runs against engine unchanged and gives the same numbers.

If this breaks, a learner pasting code from the micrograd lecture sees different results.
"""

import contextlib
import io
import random
import sys
import types

from micrograd.engine import Value as MgValue
from micrograd.nn import MLP as MgMLP

from benchmarks.bench_engine import demo_step
from engine import Value
from engine.datasets import moons
from engine.nn import MLP
from presets import get_preset


def readme_example(value_class):
    """Run the README preset (micrograd's README, pasted) against value_class."""
    engine_module = types.ModuleType("micrograd.engine")
    engine_module.Value = value_class
    saved = {k: sys.modules.get(k) for k in ("micrograd", "micrograd.engine")}
    sys.modules.update({"micrograd": types.ModuleType("micrograd"), "micrograd.engine": engine_module})
    try:
        names = {}
        with contextlib.redirect_stdout(io.StringIO()):
            exec(get_preset("micrograd_readme")["code"], names)
    finally:
        for k, v in saved.items():
            sys.modules[k] = v
    return names["g"].data, names["a"].grad, names["b"].grad


def test_readme_example_gives_micrograds_numbers():
    # micrograd sums a node's gradient in set order, so the last bit may differ
    for ours, theirs in zip(readme_example(Value), readme_example(MgValue)):
        assert abs(ours - theirs) <= 1e-12 * abs(theirs)
    g, da, db = readme_example(Value)
    assert (f"{g:.4f}", f"{da:.4f}", f"{db:.4f}") == ("24.7041", "138.8338", "645.5773")


def test_same_seed_gives_micrograds_weights():
    random.seed(7)
    theirs = [p.data for p in MgMLP(3, [4, 4, 1]).parameters()]
    random.seed(7)
    ours = [p.data for p in MLP(3, [4, 4, 1]).parameters()]
    assert ours == theirs


def test_demo_training_loop_gives_micrograds_losses():
    X, y = moons(20, noise=0.1, seed=3)

    def train(Value, MLP, steps=4):
        random.seed(1337)
        model = MLP(2, [8, 8, 1])
        return [demo_step(Value, model, X, y, k).data for k in range(steps)]

    for ours, theirs in zip(train(Value, MLP), train(MgValue, MgMLP)):
        assert abs(ours - theirs) <= 1e-12


def test_repr_and_attributes_match_micrograd():
    v = Value(2.0) * 3
    assert repr(v) == "Value(data=6.0, grad=0.0)"
    assert v._op == "*" and len(v._prev) == 2
    assert (Value(3.0) ** 2)._op == "**2"
