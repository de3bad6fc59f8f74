"""Repeated structure: a loop over examples (or the terms of a sum) found as copies of one computation, so the
view can draw one of them with its count instead of a hundred interleaved copies."""

import random

import numpy as np

from engine import Value, trace
from engine.nn import MLP
from layouts.flat import FlatModel
from layouts.grouped import grouped_positions, node_groups
from layouts.repeats import REPEAT_MIN, find_repeats, repeat_labels, repeat_scopes
from layouts.scopes import ScopeTree


def _examples(samples=12, sizes=(4, 3, 1), reg=False, x0=0.1):
    """A loss over examples, like micrograd's demo: the same MLP scores each one; an optional L2 sum."""
    random.seed(0)
    net = MLP(2, list(sizes))
    xs = [[Value(x0 * i), Value(-0.2 * i)] for i in range(samples)]
    losses = [(1 + -1.0 * net(x)).relu() for x in xs]
    loss = sum(losses) * (1.0 / samples)
    if reg:
        loss = loss + 1e-4 * sum(p * p for p in net.parameters())
    loss.backward()
    graph = trace(loss, names={"net": net}).to_dict()
    return graph, [p for p, _ in net.named_parameters("net.")]


def test_a_loop_over_examples_is_one_repeat_of_alike_copies_that_share_the_parameters():
    graph, params = _examples()
    (repeat,) = find_repeats(graph)
    assert repeat.path == "×12" and repeat.count == 12
    sizes = [len(c) for c in repeat.copies]
    assert len(set(sizes[1:])) == 1 and sizes[0] - sizes[1] in (0, 1)  # alike (the sum's first step adds its 0)
    held = [v for c in repeat.copies for v in c]
    assert len(held) == len(set(held))  # no value in two copies
    assert not set(params) & set(held)  # the parameters are read by every copy: they belong to none
    by_id = {n["id"]: n for n in graph["nodes"]}
    outside = [n for n in graph["nodes"] if n["id"] not in set(held) and n["id"] not in params]
    assert len(outside) <= 3  # what is left: the mean's 1/12, its product, the loss
    assert all(by_id[v]["scope"].startswith("net") for c in repeat.copies for v in c if by_id[v]["scope"])


def test_each_example_s_inputs_and_its_step_of_the_sum_are_in_its_own_copy():
    graph, _ = _examples()
    (repeat,) = find_repeats(graph)
    by_id = {n["id"]: n for n in graph["nodes"]}
    for copy in repeat.copies:
        leaves = [v for v in copy if not by_id[v]["op"]]
        adds = [v for v in copy if by_id[v]["op"] == "+" and not by_id[v]["scope"]]
        assert len(leaves) >= 2  # its own inputs (and its constants)
        assert len(adds) == 2  # its hinge's 1 + ..., and its step of sum(losses)


def test_a_sum_over_the_parameters_is_a_repeat_of_its_terms():
    graph, params = _examples(sizes=(16, 16, 1), reg=True)  # 337 parameters, like the demo
    repeats = {r.path: r for r in find_repeats(graph)}
    assert set(repeats) == {"×12", "×337"}
    squares = repeats["×337"]
    assert squares.values_each == 2  # p * p and its step of the sum
    assert not set(params) & {v for c in squares.copies for v in c}


def test_the_copies_and_their_names_survive_an_edit_of_a_constant():
    before, _ = _examples()
    after, _ = _examples(x0=0.3)
    assert [r.copies for r in find_repeats(before)] == [r.copies for r in find_repeats(after)]
    (repeat,) = find_repeats(before)
    assert repeat_labels([repeat])["×12"] == "×12" and repeat_labels([repeat])["×12.7"] == "copy 7"


def test_too_few_copies_too_little_repeated_or_nothing_at_all_is_left_as_it_is():
    assert find_repeats({"nodes": [], "edges": []}) == []
    assert find_repeats(trace(Value(1.0)).to_dict()) == []
    graph, _ = _examples(samples=REPEAT_MIN - 1)
    assert find_repeats(graph) == []  # seven examples are read one by one
    xs = [Value(float(i)) for i in range(40)]
    assert find_repeats(trace(sum(x * 2 for x in xs)).to_dict()) == []  # 40 tiny copies: folding hides little
    random.seed(0)
    net = MLP(8, [30, 30, 1])  # one example: the neurons alike inside the model's boxes, nothing at the top level
    assert find_repeats(trace(net([Value(0.1)] * 8), names={"net": net}).to_dict()) == []


def test_copies_are_laid_out_one_behind_the_other_and_parameters_in_rows():
    graph, _ = _examples()
    flat = FlatModel(graph)
    repeats = find_repeats(graph, flat)
    assert [r.copies for r in repeats] == [r.copies for r in find_repeats(graph)]  # numbered by the model or not
    flat.rescope(repeat_scopes(repeats))
    tree = ScopeTree(flat, labels=repeat_labels(repeats))
    xy, boxes = grouped_positions(tree, node_groups(tree, flat.nodes), flat.src, flat.dst, stacks={"×12"})
    centres = {k: ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for k, b in boxes.items() if k.startswith("×12.")}
    assert len(centres) == 12 and len(set(centres.values())) == 1  # one place: one copy shows at a time
    x0, y0, x1, y1 = boxes["×12"]
    assert all(x0 < b[0] and b[2] < x1 and y0 < b[1] and b[3] < y1 for k, b in boxes.items() if k.startswith("×12."))
    nx0, ny0, nx1, ny1 = boxes["net.layers.1.neurons.0"]  # its 4 weights and bias only: the work is in copies
    assert nx1 - nx0 > ny1 - ny0  # in a row, not a column as tall as they are many
    assert not np.isnan(xy).any()
