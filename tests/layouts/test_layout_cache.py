"""PositionCache: the drawing stays put while the learner types.

Properties over random scripts: the same script twice gives identical
positions; changing constants moves no node; appending operations moves no
existing node; deleting the tail moves no remaining node. New nodes land next
to their neighbours, never on top of another node.
If this breaks, the graph jumps around on every keystroke.
"""

import math

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from layout_helpers import OPS, min_distance, model, positions_under_hash_seeds, script

from layouts import PositionCache
from layouts._common import MIN_DIST, RANK_SEP

constants = st.lists(st.floats(-3, 3, allow_nan=False, width=32), min_size=1, max_size=4)
steps = st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=12)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def placed(cache, code):
    return cache.place(model(code))


@FAST
@given(constants, steps)
def test_same_script_twice_gives_identical_positions(cs, ss):
    code = script(ss, cs)
    cache = PositionCache()
    assert placed(cache, code) == placed(cache, code)
    assert placed(PositionCache(), code) == placed(PositionCache(), code)  # and from scratch


@pytest.mark.parametrize("layout", ["layered", "force"])
@FAST
@given(constants, steps, st.data())
def test_changing_constants_moves_no_node(layout, cs, ss, data):
    cache = PositionCache(layout=layout)
    before = placed(cache, script(ss, cs))
    other = data.draw(st.lists(st.floats(-3, 3, allow_nan=False, width=32), min_size=len(cs), max_size=len(cs)))
    assert placed(cache, script(ss, other)) == before


@FAST
@given(constants, steps, steps)
def test_appending_operations_moves_no_existing_node(cs, ss, more):
    cache = PositionCache()
    before = placed(cache, script(ss, cs))
    after = placed(cache, script(ss + more, cs))
    assert all(after[n] == p for n, p in before.items() if n in after)
    assert set(before) <= set(after)
    assert min_distance(after) >= MIN_DIST


@FAST
@given(constants, steps, st.integers(0, 11))
def test_deleting_the_tail_moves_no_remaining_node(cs, ss, keep):
    cache = PositionCache()
    before = placed(cache, script(ss, cs))
    after = placed(cache, script(ss[:keep], cs))
    assert all(before[n] == p for n, p in after.items())
    assert set(cache.positions) == set(after)  # vanished ids are dropped


def test_new_nodes_go_next_to_their_neighbours_not_to_the_origin():
    cache = PositionCache()
    base = "a = Value(1.0, label='a')\nb = Value(2.0, label='b')\nc = (a * b).relu()\n"
    before = placed(cache, base)
    after = placed(cache, base + "d = c * c\n")
    G = model(base + "d = c * c\n")
    for n in set(after) - set(before):
        neighbours = [after[m] for m in nx.all_neighbors(G, n)]
        assert min(math.dist(after[n], p) for p in neighbours) <= 2 * RANK_SEP
    assert min_distance(after) >= MIN_DIST


def test_relayout_starts_over_and_the_cache_round_trips_through_json():
    cache = PositionCache()
    code = "a = Value(1.0)\nb = a * a + a\n"
    placed(cache, code)
    again = PositionCache.from_json(cache.to_json())
    assert again.positions == cache.positions and again.layout == cache.layout
    assert again.relayout(model(code)) == cache.relayout(model(code))
    with pytest.raises(ValueError):
        PositionCache.from_json({"positions": {}})


def test_force_layout_in_the_cache_keeps_survivors_too():
    cache = PositionCache(layout="force")
    base = "a = Value(1.0)\nb = Value(2.0)\nc = a * b\n"
    before = placed(cache, base)
    after = placed(cache, base + "d = c + a\n")
    assert all(after[n] == p for n, p in before.items())
    assert min_distance(after) >= MIN_DIST


def test_an_empty_script_and_back():
    cache = PositionCache()
    assert cache.place(nx.DiGraph()) == {}
    assert len(placed(cache, "a = Value(1.0)\n")) == 1


def test_an_edit_early_in_the_script_places_the_renewed_part_as_a_block_without_overlap():
    cache = PositionCache()
    base = "a = Value(1.0, label='a')\nb = Value(2.0, label='b')\nc = a * b\n"
    tail = "d = (c + a).relu()\ne = d * d + c\nf = (e - b).tanh()\n"
    before = placed(cache, base + tail)
    after = placed(cache, base + "c = c * 3.0\n" + tail)  # everything after c gets new ids
    renewed = set(after) - set(before)
    assert len(renewed) >= 6
    assert all(after[n] == before[n] for n in after if n in before)
    assert min_distance(after) >= MIN_DIST
    G = model(base + "c = c * 3.0\n" + tail)
    assert all(after[u][0] < after[v][0] for u, v in G.edges if u in renewed and v in renewed)  # still left to right


def test_positions_do_not_depend_on_the_process_hash_seed():
    assert len(positions_under_hash_seeds("layered")) == 1
