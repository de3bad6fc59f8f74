"""Narrated steps: every op's sentence carries the engine's own numbers, in the Scene's step order.

If this breaks, a learner stepping through the graph reads a forward value or a
chain-rule term that is not what backward() computed, or the sentence talks
about a different value from the one lit in the graph.
"""

import math
import re

import pytest

from engine import Value, trace
from layouts import PositionCache, graph_model
from sandbox.app.graph.scene import Scene
from sandbox.app.teaching.chain_rule import index
from sandbox.app.teaching.narration import Narrator, narrate, short_names

NUMBER = re.compile(r"-?(?:\d+\.?\d*(?:e[+-]\d+)?|inf|nan)")
OPS = {  # every op the engine has, and what the derived ones trace as
    "+": lambda x, y: x + y, "*": lambda x, y: x * y, "**k": lambda x, y: x ** 3,
    "** negative base": lambda x, y: (x - y) ** 2, "Value ** Value": lambda x, y: x ** y,
    "exp": lambda x, y: x.exp(), "log": lambda x, y: (x * y * y).log(), "tanh": lambda x, y: (x * y).tanh(),
    "relu (on)": lambda x, y: (x + y).relu(), "relu (off)": lambda x, y: (x - y).relu(),
    "sigmoid": lambda x, y: (x * y).sigmoid(), "subtraction": lambda x, y: x - y, "division": lambda x, y: x / y,
    "negation": lambda x, y: -x, "constants": lambda x, y: 2 * x + 1, "used twice": lambda x, y: x * x + x * y,
    "neuron": lambda x, y: (x * -3.0 + y * 1.0 + 6.8813735870195432).tanh(),
}


def _graph(make):
    x, y = Value(0.7, label="x"), Value(-1.3, label="y")
    out = make(x, y)
    out.label = "out"
    out.backward()
    return trace(out, names={"x": x, "y": y}), out


def _last_number(line):
    """The result a sentence ends with (before a note in parentheses)."""
    return float(NUMBER.findall(line.rsplit(" = ", 1)[-1])[0])


def _approx(text_number, exact):
    return text_number == pytest.approx(exact, rel=1e-3, abs=1e-4)


@pytest.mark.parametrize("op", OPS)
def test_each_forward_step_says_how_its_value_is_made_with_the_engines_numbers(op):
    traced, _ = _graph(OPS[op])
    g = traced.to_dict()
    nodes, inputs, _ = index(g)
    narrator = Narrator(g)
    for k, node_id in enumerate(g["nodes"], start=1):
        step = narrator.step("forward", k)
        assert step.node == node_id["id"]
        line = step.text
        assert _approx(_last_number(line), node_id["data"]), line
        if inputs[step.node]:  # "name = words = numbers = result": the numbers are the inputs' data, in order
            worked = line.split(" = ")[2]
            found = [float(n) for n in NUMBER.findall(worked)]
            datas = [nodes[i]["data"] for i in inputs[step.node]]
            assert all(any(_approx(f, d) for f in found) for d in datas), line


@pytest.mark.parametrize("op", OPS)
def test_each_backward_term_is_what_the_engines_rule_adds(op):
    traced, _ = _graph(OPS[op])
    g = traced.to_dict()
    value_of = dict(zip((n["id"] for n in g["nodes"]), traced.values))
    nodes, inputs, consumers = index(g)
    narrator = Narrator(g)
    for node in g["nodes"]:
        step = narrator.backward(node["id"])
        terms = [line for line in step.lines if "+=" in line]
        users = list(dict.fromkeys(consumers[node["id"]]))
        if not users:
            continue
        said = [_last_number(line) for line in terms]
        # the engine's own rule, run once per consumer on a fresh grad: what it adds to this value
        engine = []
        for c in users:
            for child in value_of[c]._prev:
                child.grad = 0.0
            value_of[c].grad = nodes[c]["grad"]
            value_of[c]._backward()
            engine.append(value_of[node["id"]].grad)
        per_consumer = {}
        term_consumers = [u for u in users for _ in range(inputs[u].count(node["id"]))]  # chain_terms' order
        for line, c in zip(terms, term_consumers):
            per_consumer[c] = per_consumer.get(c, 0.0) + _last_number(line)
        for c, added in zip(users, engine):
            assert _approx(per_consumer[c], added), (op, node["id"], step.text)
        assert _approx(sum(said), node["grad"]), step.text
        if len(terms) > 1:
            assert _approx(_last_number(step.lines[-1]), node["grad"]), step.text  # the sum line


def test_a_shown_value_nobody_uses_and_the_output_say_so():
    traced, out = _graph(OPS["*"])
    g = traced.to_dict()
    assert narrate(g, "backward", 1).text == "out.grad = 1: backward() starts here (∂out/∂out = 1)"
    unused = Value(5.0, label="unused")
    g = trace(out, unused).to_dict()
    assert "nothing uses unused" in narrate(g, "backward", 1).text


def test_steps_follow_the_scene_and_light_the_edges_it_highlights():
    """The sentence is about the node the graph lights, and the edges it names are the ones drawn hot."""
    traced, _ = _graph(OPS["used twice"])
    g = traced.to_dict()
    model = graph_model(g)
    scene = Scene(g, model, PositionCache().place(model))
    narrator = Narrator(g)
    for mode in ("forward", "backward"):
        for k in range(1, scene.steps() + 1):
            _, _, current = scene._visibility((mode, k))
            step = narrator.step(mode, k)
            assert step.node == current
            hot = scene._hot_edges((mode, k), current)
            ops = {o for edge in hot for o in edge if o in scene.op_output}
            # every value-level edge the step names runs through an op the scene lights, and vice versa
            named_ops = {o for u, v in step.edges for o, out in scene.op_output.items()
                         if out == v and (u, o) in model.edges}
            assert named_ops == ops, (mode, k, step)


def test_unnamed_values_get_short_names_and_constants_their_number():
    a = Value(2.0, label="a")
    out = (a * 3).tanh() + a
    names = short_names(trace(out, names={"a": a}).to_dict())
    assert sorted(names.values()) == ["3", "a", "t1", "t2", "t3"]


def test_an_exponents_grad_at_a_negative_base_reads_nan_as_the_engine_records_it():
    a, b = Value(-2.0, label="a"), Value(2.0, label="b")
    out = a ** b  # (-2) ** 2 = 4, but d/db = 4 log(-2) is not a real number
    out.label = "out"
    out.backward()
    line = Narrator(trace(out, names={"a": a, "b": b}).to_dict()).backward("b").text
    assert line == "b.grad += out.data × log(a.data) × out.grad = 4 × log(-2) × 1 = nan"
    assert math.isnan(b.grad)
