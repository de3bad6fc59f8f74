"""layered_layout and force_layout: networkx-style, deterministic, no overlaps, any graph.

If this breaks, a learner sees nodes on top of each other, a drawing that
changes from run to run, or an error on an empty script.
"""

import math

import networkx as nx
import pytest
from layout_helpers import min_distance, mlp_graph, model

from layouts import PositionCache, count_crossings, force_layout, layered_layout
from layouts._common import MIN_DIST, RANK_SEP

LAYOUTS = {
    "layered": lambda G, **kw: layered_layout(G, **kw),
    "force": lambda G, **kw: force_layout(G, seed=1, **kw),
    "cache": lambda G, **kw: PositionCache().place(G),
}


def graphs():
    two_parts = nx.DiGraph([("a", "b"), ("c", "d"), ("d", "e")])
    two_parts.add_node("lonely")
    return {
        "empty": nx.DiGraph(),
        "one node": _one(),
        "disconnected": two_parts,
        "undirected": nx.path_graph(5),
        "with a cycle": nx.DiGraph([(0, 1), (1, 2), (2, 0), (2, 3)]),
        "script": model("a = Value(1.0)\nb = Value(2.0)\nc = a * b + a\nd = Value(5.0)\n"),
    }


def _one():
    G = nx.DiGraph()
    G.add_node("only")
    return G


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name", sorted(graphs()))
def test_every_layout_places_every_node_of_every_graph(layout, name):
    G = graphs()[name]
    pos = LAYOUTS[layout](G)
    assert set(pos) == set(G)
    assert all(len(p) == 2 and all(math.isfinite(c) for c in p) for p in pos.values())


@pytest.mark.parametrize("name", sorted(graphs()))
def test_layered_is_deterministic_and_never_overlaps(name):
    G = graphs()[name]
    first = layered_layout(G, scale=None)
    assert first == layered_layout(G.copy(), scale=None)
    assert min_distance(first) >= MIN_DIST


def test_force_with_a_seed_is_deterministic():
    G = mlp_graph(1, (2, 1))
    assert force_layout(G, seed=3) == force_layout(G, seed=3)


def test_layered_runs_left_to_right_like_draw_dot():
    G = mlp_graph(2, (3, 1))
    pos = layered_layout(G, scale=None)
    assert all(pos[u][0] < pos[v][0] for u, v in G.edges)
    assert min_distance(pos) >= MIN_DIST


def test_a_tree_is_drawn_without_crossings():
    G = model("a = Value(1.0)\nb = Value(2.0)\nc = Value(3.0)\nd = (a * b + c).relu() * (c - a)\n")
    assert count_crossings(G, layered_layout(G)) == 0


@pytest.mark.parametrize("layout", [layered_layout, force_layout])
def test_fixed_without_pos_is_a_value_error(layout):
    with pytest.raises(ValueError):
        layout(nx.path_graph(3), fixed=[0])


@pytest.mark.parametrize("layout", [layered_layout, force_layout])
def test_fixed_nodes_stay_and_new_ones_land_near_their_neighbours(layout):
    G = nx.DiGraph([("a", "b")])
    pos = {"a": (0.0, 0.0), "b": (2.0, 0.0)}
    G.add_edge("b", "c")
    out = layout(G, pos=pos, fixed=["a", "b"])
    assert out["a"] == (0.0, 0.0) and out["b"] == (2.0, 0.0)
    assert math.dist(out["c"], out["b"]) < 4 * RANK_SEP and min_distance(out) >= MIN_DIST


def test_scale_and_center_follow_networkx():
    G = nx.DiGraph([(0, 1), (1, 2), (0, 2)])
    pos = layered_layout(G, scale=2, center=(10, 10))
    assert max(abs(c - 10) for p in pos.values() for c in p) == pytest.approx(2)
