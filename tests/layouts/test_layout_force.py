"""The force layout (igraph's Fruchterman-Reingold): stable across edits, repeatable, any size.

If this breaks, a learner who picks *force* sees the hairball jump on every
keystroke, a different drawing on every run, or waits minutes for a big graph.
"""

import math
import random
import threading

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from layout_helpers import OPS, min_distance, mlp_graph, model, positions_under_hash_seeds, script

from layouts import PositionCache, force_layout
from layouts._common import MIN_DIST
from layouts.force import GRID_MIN, SPACING

constants = st.lists(st.floats(-3, 3, allow_nan=False, width=32), min_size=1, max_size=4)
steps = st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=12)
FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NEAR = 3 * SPACING  # a new node this close to one of its neighbours counts as "beside" it


def placed(cache, code):
    return cache.place(model(code), layout="force")


@FAST
@given(constants, steps)
def test_the_same_script_twice_gives_the_same_drawing(cs, ss):
    code = script(ss, cs)
    cache = PositionCache(layout="force")
    assert placed(cache, code) == placed(cache, code)
    assert placed(PositionCache(layout="force"), code) == placed(PositionCache(layout="force"), code)


@FAST
@given(constants, steps, steps)
def test_appended_operations_land_beside_their_neighbours_and_nothing_else_moves(cs, ss, more):
    cache = PositionCache(layout="force")
    before = placed(cache, script(ss, cs))
    code = script(ss + more, cs)
    after = placed(cache, code)
    assert all(after[n] == p for n, p in before.items() if n in after)
    assert min_distance(after) >= MIN_DIST
    G = model(code)
    for n in set(after) - set(before):
        neighbours = [after[m] for m in nx.all_neighbors(G, n)]
        if neighbours:
            assert min(math.dist(after[n], p) for p in neighbours) <= NEAR, n


def test_a_graph_past_the_grid_threshold_is_laid_out_and_edited_in_place():
    G = mlp_graph(20, (8, 8, 1))
    assert len(G) >= 2 * GRID_MIN  # igraph's grid variant
    cache = PositionCache(layout="force")
    before = cache.place(G)
    assert len(set(before.values())) == len(G) and all(math.isfinite(c) for p in before.values() for c in p)
    H = G.copy()
    root = G.graph["roots"][0]
    H.add_edge(root, "doubled/op")
    H.add_edge("doubled/op", "doubled")
    after = cache.place(H)
    assert all(after[n] == p for n, p in before.items())
    assert math.dist(after["doubled/op"], after[root]) <= NEAR


def test_positions_do_not_depend_on_the_process_hash_seed():
    assert len(positions_under_hash_seeds("force")) == 1


def test_two_sessions_laying_out_at_once_get_the_drawing_each_would_get_alone():
    G = mlp_graph(2, (4, 1))
    alone = force_layout(G, seed=7)
    results = []
    threads = [threading.Thread(target=lambda: results.append(force_layout(G, seed=7))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [alone] * 4


def test_a_layout_leaves_the_random_module_alone():
    """The server's own random numbers (and igraph's generator afterwards) are as they were."""
    import igraph as ig

    G = mlp_graph(1, (2, 1))  # (seeds the random module itself)
    random.seed(5)
    expected = random.random()
    random.seed(5)
    force_layout(G, seed=1)
    assert random.random() == expected
    random.seed(9)
    first = ig.Graph.Ring(10).layout_random().coords
    random.seed(9)
    assert ig.Graph.Ring(10).layout_random().coords == first  # igraph draws from the random module again
