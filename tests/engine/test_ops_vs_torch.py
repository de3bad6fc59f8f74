"""Every op's value and gradient against PyTorch (float64) and central differences.

If this breaks, a learner sees a wrong number on a node or a wrong gradient.
"""

import math

import pytest
import torch

from engine import Value

# (name, function over Values, same function over torch tensors, inputs to try)
UNARY = [
    ("exp", lambda a: a.exp(), torch.exp, [0.0, -3.0, 2.5, 20.0]),
    ("log", lambda a: a.log(), torch.log, [1e-3, 0.5, 1.0, 1e6]),
    ("tanh", lambda a: a.tanh(), torch.tanh, [0.0, -0.7, 3.0, 25.0]),
    ("relu", lambda a: a.relu(), torch.relu, [-2.0, 0.5, 1e9]),
    ("sigmoid", lambda a: a.sigmoid(), torch.sigmoid, [0.0, -800.0, 4.0, 800.0]),
    ("neg", lambda a: -a, lambda t: -t, [0.0, -3.0, 1e12]),
    ("pow2", lambda a: a**2, lambda t: t**2, [0.0, -3.0, 1e6]),
    ("pow-1", lambda a: a**-1, lambda t: t**-1, [-3.0, 0.25, 1e8]),
    ("pow0.5", lambda a: a**0.5, lambda t: t**0.5, [1e-6, 4.0, 1e10]),
    ("rsub", lambda a: 1 - a, lambda t: 1 - t, [0.0, 5.0]),
    ("rtruediv", lambda a: 2 / a, lambda t: 2 / t, [-0.5, 3.0]),
    ("rpow", lambda a: 2**a, lambda t: 2**t, [-2.0, 0.0, 3.5]),
]
BINARY = [
    ("add", lambda a, b: a + b, lambda a, b: a + b),
    ("sub", lambda a, b: a - b, lambda a, b: a - b),
    ("mul", lambda a, b: a * b, lambda a, b: a * b),
    ("div", lambda a, b: a / b, lambda a, b: a / b),
    ("vpow", lambda a, b: a**b, lambda a, b: a**b),
]
PAIRS = [(2.0, 3.0), (-1.5, 0.25), (0.5, -4.0), (1e3, 1e-3)]


def torch_value_and_grads(fn, *xs):
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    out = fn(*ts)
    out.backward()
    return out.item(), [t.grad.item() for t in ts]


def engine_value_and_grads(fn, *xs):
    vs = [Value(x) for x in xs]
    out = fn(*vs)
    out.backward()
    return out.data, [v.grad for v in vs]


def close(a, b, rel=1e-12, abs_=1e-300):
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_) or (math.isnan(a) and math.isnan(b))


@pytest.mark.parametrize("name,fn,tfn,inputs", UNARY, ids=[u[0] for u in UNARY])
def test_unary_op_matches_torch(name, fn, tfn, inputs):
    for x in inputs:
        want, (want_grad,) = torch_value_and_grads(tfn, x)
        got, (got_grad,) = engine_value_and_grads(fn, x)
        assert close(got, want), (name, x, got, want)
        assert close(got_grad, want_grad), (name, x, got_grad, want_grad)


@pytest.mark.parametrize("name,fn,tfn", BINARY, ids=[b[0] for b in BINARY])
@pytest.mark.parametrize("a,b", PAIRS)
def test_binary_op_matches_torch(name, fn, tfn, a, b):
    if name == "vpow" and a < 0:
        a = -a  # a negative base to a real power is not real (tested below)
    want, want_grads = torch_value_and_grads(tfn, a, b)
    got, got_grads = engine_value_and_grads(fn, a, b)
    assert close(got, want)
    for g, w in zip(got_grads, want_grads):
        assert close(g, w, rel=1e-10), (name, a, b, got_grads, want_grads)


@pytest.mark.parametrize("k", [2.0, 1.5, 1.0, 0.5, 0.25, 0.0])
def test_power_at_zero_base_matches_torch(k):
    """sqrt(0) and friends: backward gives PyTorch's inf or 0 where Python's float math divides by zero."""
    want, want_grads = torch_value_and_grads(lambda a, b: a**b, 0.0, k)
    got, got_grads = engine_value_and_grads(lambda a, b: a**b, 0.0, k)
    assert got == want and got_grads == want_grads, (k, got_grads, want_grads)
    want, (want_grad,) = torch_value_and_grads(lambda a: a**k, 0.0)
    got, (got_grad,) = engine_value_and_grads(lambda a: a**k, 0.0)
    assert got == want and got_grad == want_grad, (k, got_grad, want_grad)


@pytest.mark.parametrize("name,fn,tfn,inputs", UNARY, ids=[u[0] for u in UNARY])
def test_unary_grad_matches_central_difference(name, fn, tfn, inputs):
    for x in inputs:
        if abs(x) > 100 or (name == "relu" and x == 0.0):
            continue  # differences lose all precision out there / relu is not differentiable at 0
        h = 1e-6 * abs(x) if x else 1e-6
        numeric = (fn(Value(x + h)).data - fn(Value(x - h)).data) / (2 * h)
        _, (grad,) = engine_value_and_grads(fn, x)
        assert math.isclose(grad, numeric, rel_tol=1e-5, abs_tol=1e-7), (name, x, grad, numeric)


def test_same_value_used_twice_sums_both_paths():
    a = Value(3.0)
    (a * a + a).backward()
    assert a.grad == 7.0
