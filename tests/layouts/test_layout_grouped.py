"""Groups by module scope and the layout in boxes: what a person sees when a big model is folded and opened."""

import random

import networkx as nx
import numpy as np
import pytest

from engine import Value, trace
from engine.nn import MLP
from layouts import graph_model
from layouts.flat import FlatModel
from layouts.grouped import grouped_layout, grouped_positions, node_groups
from layouts.scopes import ROOT, ScopeTree


def _mlp_graph(samples=3, sizes=(3, 2, 1)):
    random.seed(0)
    net = MLP(2, list(sizes))
    xs = [[Value(0.1 * i), Value(-0.2 * i)] for i in range(samples)]
    loss = sum((net(x) - 1) ** 2 for x in xs)
    loss.backward()
    return trace(loss, names={"net": net}).to_dict()


def test_every_prefix_of_a_scope_is_a_group_and_pass_throughs_keep_the_outer_name():
    G = graph_model(_mlp_graph())
    tree = ScopeTree(G)
    # net -> net.layers (a list) -> net.layers.0 -> net.layers.0.neurons (a list) -> ...: the lists fold away
    assert tree.children[ROOT] == ["net"]
    assert tree.children["net"] == ["net.layers.0", "net.layers.1", "net.layers.2"]
    assert tree.children["net.layers.0"] == ["net.layers.0.neurons.0", "net.layers.0.neurons.1",
                                             "net.layers.0.neurons.2"]
    assert tree.children["net.layers.2"] == []  # one neuron: the layer is that neuron
    assert tree.label("net.layers.0.neurons.1") == "neurons.1" and tree.label("net.layers.2") == "layers.2"
    assert tree.size[ROOT] == len(G) and sum(len(m) for m in tree.members.values()) == len(G)


def test_groups_sort_by_number_not_by_text():
    G = nx.DiGraph()
    G.add_nodes_from((f"v{i}", {"scope": f"m.{i}"}) for i in (10, 2, 1))
    assert ScopeTree(G).children["m"] == ["m.1", "m.2", "m.10"]


def test_empty_and_one_node_graphs_have_no_groups_and_no_boxes():
    assert grouped_layout(nx.DiGraph()) == ({}, {})
    G = nx.DiGraph()
    G.add_node("a", scope="")
    pos, boxes = grouped_layout(G)
    assert list(pos) == ["a"] and boxes == {}


def test_boxes_hold_their_members_and_siblings_never_overlap():
    G = graph_model(_mlp_graph(samples=4))
    tree = ScopeTree(G)
    pos, boxes = grouped_layout(G, tree)
    for g, (x0, y0, x1, y1) in boxes.items():
        assert all(x0 < pos[n][0] < x1 and y0 < pos[n][1] < y1 for n in tree.nodes_in(g)), g
        for c in tree.children[g]:
            cx0, cy0, cx1, cy1 = boxes[c]
            assert x0 < cx0 and cx1 < x1 and y0 < cy0 and cy1 < y1  # a child box inside its parent's
    for g in tree.preorder():
        kids = [boxes[c] for c in tree.children[g]]
        for i, a in enumerate(kids):
            for b in kids[i + 1:]:
                assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]  # apart in x or in y
    # nodes outside a box are outside it: a folded box hides only its own nodes
    for g, (x0, y0, x1, y1) in boxes.items():
        inside = set(tree.nodes_in(g))
        assert not any(x0 < x < x1 and y0 < y < y1 for n, (x, y) in pos.items() if n not in inside), g


def test_the_layout_is_deterministic_and_data_flows_left_to_right_between_boxes():
    g = _mlp_graph()
    G = graph_model(g)
    pos, boxes = grouped_layout(G)
    assert grouped_layout(graph_model(g)) == (pos, boxes)
    assert boxes["net.layers.0"][2] < boxes["net.layers.1"][0] < boxes["net.layers.1"][2] < boxes["net.layers.2"][0]


def test_a_module_called_between_top_level_ops_lays_out_though_its_box_is_in_a_cycle():
    random.seed(1)
    cell = MLP(1, [1])
    h = Value(0.5, label="h0")
    for _ in range(3):  # top level -> cell -> top level -> cell ...: the top level and the box form a cycle
        h = cell([h * 0.9])
    g = trace(h, names={"cell": cell}).to_dict()
    pos, boxes = grouped_layout(graph_model(g))
    assert len(pos) == len(graph_model(g)) and "cell" in boxes
    assert all(np.isfinite(p).all() for p in pos.values())


def test_the_flat_model_is_graph_model_as_arrays_and_lays_out_the_same():
    g = _mlp_graph()
    G, flat = graph_model(g), FlatModel(g)
    assert flat.nodes == list(G) and sorted(flat.edges()) == sorted(G.edges())
    assert [flat.kind[i] for i in range(len(flat))] == [G.nodes[n]["kind"] for n in G]
    tree = ScopeTree(flat)
    xy, boxes = grouped_positions(tree, node_groups(tree, flat.nodes), flat.src, flat.dst)
    pos, boxes_nx = grouped_layout(G)
    assert boxes == pytest.approx(boxes_nx) and np.allclose(xy, [pos[n] for n in flat.nodes])
