"""backward(): deep graphs, calling it twice, no_grad, micrograd's manual _backward().

If this breaks, deep networks crash with RecursionError or gradients double.
"""

import sys

import torch

from engine import Value, no_grad


def test_a_chain_of_a_million_values_under_the_default_recursion_limit():
    assert sys.getrecursionlimit() <= 10_000
    x = Value(1.0)
    y = x
    for _ in range(1_000_000):
        y = y + 1e-6
    y.backward()
    assert x.grad == 1.0


def test_backward_twice_accumulates_only_into_leaves_like_torch():
    a, b = Value(2.0), Value(-3.0)
    c = a * b
    d = c.tanh()
    d.backward()
    first_c = c.grad
    d.backward()
    ta = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(-3.0, dtype=torch.float64, requires_grad=True)
    td = (ta * tb).tanh()
    td.backward(retain_graph=True)
    td.backward()
    assert c.grad == first_c  # interior: recomputed, not doubled
    assert abs(a.grad - ta.grad.item()) < 1e-15 and abs(b.grad - tb.grad.item()) < 1e-15


def test_backward_from_a_leaf_accumulates_one():
    a = Value(5.0)
    a.backward()
    a.backward()
    assert a.grad == 2.0


def test_no_grad_computes_data_without_a_graph():
    a = Value(2.0)
    with no_grad():
        b = (a * 3 + 1).tanh()
        assert b._prev == ()
    c = a * 3
    assert c._prev[0] is a  # recording is back on after the block
    assert abs(b.data - 0.9999983369439447) < 1e-15


def test_children_are_kept_in_argument_order():
    a, b = Value(1.0), Value(2.0)
    assert (a + b)._prev == (a, b)
    assert (b * a)._prev == (b, a)


def test_manual_backward_like_the_micrograd_lecture():
    x, w, b = Value(2.0), Value(-3.0), Value(6.8813735870195432)
    n = x * w + b
    o = n.tanh()
    o.grad = 1.0
    o._backward()
    n._backward()
    assert abs(n.grad - 0.5) < 1e-6 and abs(b.grad - 0.5) < 1e-6
