"""Layouts remembered by shape: a graph or a box of a shape seen before is not laid out again.

A user would notice a failure here as: a different drawing for the same script
depending on what other people ran before, or an edit of a big model that is as
slow as its first drawing although only one top-level value changed.
"""

import random

import numpy as np

from engine import Value, trace
from engine.nn import MLP
from layouts import graph_model, grouped_layout, layered_layout
from layouts.memo import LAYOUTS


def _loss(label, samples=3):
    random.seed(0)
    net = MLP(2, [3, 2, 1])
    loss = sum((net([Value(0.1 * i), Value(-0.2 * i)]) - 1) ** 2 for i in range(samples))
    tag = Value(1.0, label=label)  # a top-level value of its own, as a script's printout or a token would be
    loss.backward()
    return trace(loss, tag, names={"net": net}).to_dict()


def _renamed(graph, suffix):
    """The same graph with every id renamed: same shape, nothing else in common."""
    new = {n["id"]: n["id"] + suffix for n in graph["nodes"]}
    return {"nodes": [dict(n, id=new[n["id"]]) for n in graph["nodes"]],
            "edges": [[new[u], new[v]] for u, v in graph["edges"]]}


def test_a_graph_of_a_shape_laid_out_before_gets_the_same_positions_without_a_layout():
    first = graph_model(_loss("first"))
    again = graph_model(_renamed(_loss("first"), "-again"))
    pos = layered_layout(first, scale=None)
    hits = LAYOUTS.hits
    pos_again = layered_layout(again, scale=None)
    assert LAYOUTS.hits == hits + 1
    assert all(m.startswith(n.split("/")[0]) for n, m in zip(first, again))  # node by node, in the same order
    assert [pos_again[m] for m in again] == [pos[n] for n in first]


def test_changing_a_returned_layout_leaves_the_remembered_one_alone():
    G = graph_model(_loss("x"))
    pos = layered_layout(G, scale=None)
    layered_layout(G, scale=1)  # rescaled in place from the remembered array
    assert layered_layout(G, scale=None) == pos


def test_a_new_top_level_value_lays_out_the_top_level_only_and_moves_no_box_content():
    G1, G2 = graph_model(_loss("token-1")), graph_model(_loss("token-22"))
    pos1, boxes1 = grouped_layout(G1)
    misses = LAYOUTS.misses
    pos2, boxes2 = grouped_layout(G2)
    assert LAYOUTS.misses - misses <= 1  # the top level's content (it holds the new label's value) at most
    for box, (x0, y0, _, _) in boxes1.items():  # every node keeps its place in its box
        inside = [n for n in G1 if G1.nodes[n].get("scope", "").startswith(box) and n in pos2]
        d1 = np.array([pos1[n] for n in inside]) - (x0, y0)
        d2 = np.array([pos2[n] for n in inside]) - boxes2[box][:2]
        assert np.allclose(d1, d2), box
