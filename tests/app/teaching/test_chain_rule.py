"""The inspector's chain rule: terms that sum to the gradient, and a numerical check that agrees."""

import pytest

from engine import Value, trace
from sandbox.app.teaching.chain_rule import backward_root, chain_terms, finite_difference


def _graph(build):
    root, names = build()
    root.backward()
    return trace(root, names=names).to_dict()


def _neuron():
    x1, x2, w1, w2 = Value(2.0), Value(0.0), Value(-3.0), Value(1.0)
    b = Value(6.8813735870195432)
    o = (x1 * w1 + x2 * w2 + b).tanh()
    return o, dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b, o=o)


def _every_op():
    a, b = Value(1.5), Value(0.7)
    out = ((a * b).exp() + (a ** 2).log() + (a - b).relu() + b.sigmoid() + a ** b + a / b + a * a).tanh()
    return out, dict(a=a, b=b, out=out)


@pytest.mark.parametrize("build", [_neuron, _every_op])
def test_terms_sum_to_the_gradient_at_every_node(build):
    g = _graph(build)
    for node in g["nodes"]:
        rule = chain_terms(g, node["id"])
        if rule["seed"]:
            assert node["grad"] == 1.0
        else:
            assert rule["total"] == pytest.approx(node["grad"], rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("build", [_neuron, _every_op])
def test_finite_difference_agrees_with_autograd(build):
    g = _graph(build)
    for node in g["nodes"]:
        check = finite_difference(g, node["id"])
        assert check["difference"] < 1e-5 * max(1, abs(check["autograd"])), (node, check)


def test_the_root_is_the_value_backward_ran_on():
    g = _graph(_neuron)
    assert backward_root(g)["label"] == "o"


def test_without_backward_the_check_says_so():
    a = Value(2.0)
    g = trace(a * 3, names={"a": a}).to_dict()
    assert "backward()" in finite_difference(g, "a")["error"]


def test_backward_on_a_value_not_drawn_is_told_apart_from_no_backward():
    a = Value(2.0)
    part = a * 3
    (part * 2).backward()  # as show(losses[0]) of a summed loss: the drawn output's grad is not 1
    g = trace(part, names={"a": a}).to_dict()
    error = finite_difference(g, "a")["error"]
    assert "not drawn here" in error and "has not run" not in error


def test_a_value_used_twice_lists_both_uses():
    a = Value(3.0)
    out = a * a
    out.backward()
    g = trace(out, names={"a": a, "out": out}).to_dict()
    terms = chain_terms(g, "a")["terms"]
    assert [t["local"] for t in terms] == [3.0, 3.0] and chain_terms(g, "a")["total"] == 6.0


def test_the_slope_of_a_square_root_at_zero_is_infinite_as_in_pytorch():
    """Clicking x in sqrt(x) at x = 0 shows an infinite local slope (it used to fail dividing by zero)."""
    x, k = Value(0.0), Value(0.5)
    out = x ** 0.5 + x ** k
    out.backward()
    g = trace(out, names={"x": x, "k": k, "out": out}).to_dict()
    rule = chain_terms(g, "x")
    assert [t["local"] for t in rule["terms"]] == [float("inf"), float("inf")]
    assert rule["total"] == x.grad == float("inf")
