"""Code written for micrograd runs against engine unchanged and gives the same numbers.

If this breaks, a learner pasting code from the micrograd lecture sees different results.
"""

import random

from micrograd.engine import Value as MgValue
from micrograd.nn import MLP as MgMLP

from engine import Value
from engine.datasets import moons
from engine.nn import MLP


def readme_example(Value):
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    return g.data, a.grad, b.grad


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
        out = []
        for k in range(steps):
            inputs = [list(map(Value, xrow)) for xrow in X]
            scores = list(map(model, inputs))
            losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
            data_loss = sum(losses) * (1.0 / len(losses))
            reg_loss = 1e-4 * sum(p * p for p in model.parameters())
            total_loss = data_loss + reg_loss
            model.zero_grad()
            total_loss.backward()
            for p in model.parameters():
                p.data -= (1.0 - 0.9 * k / 100) * p.grad
            out.append(total_loss.data)
        return out

    for ours, theirs in zip(train(Value, MLP), train(MgValue, MgMLP)):
        assert abs(ours - theirs) <= 1e-12


def test_repr_and_attributes_match_micrograd():
    v = Value(2.0) * 3
    assert repr(v) == "Value(data=6.0, grad=0.0)"
    assert v._op == "*" and len(v._prev) == 2
    assert (Value(3.0) ** 2)._op == "**2"
