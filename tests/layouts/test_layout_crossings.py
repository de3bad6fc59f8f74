"""count_crossings against a brute-force segment intersection test.

If this breaks, the crossing figures the benchmark and the render command
print are wrong.
"""

import itertools
import math

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from layouts import count_crossings


def brute_force(G, pos):
    def cross(e, f):
        (p1, p2), (p3, p4) = (pos[e[0]], pos[e[1]]), (pos[f[0]], pos[f[1]])
        if set(e) & set(f):
            return False
        d = lambda a, b, c: (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return d(p1, p2, p3) * d(p1, p2, p4) < 0 and d(p3, p4, p1) * d(p3, p4, p2) < 0
    edges = [e for e in G.edges if pos[e[0]][0] != pos[e[1]][0]]
    return sum(cross(e, f) for e, f in itertools.combinations(edges, 2))


# nodes on a grid of columns, like a layered drawing: distinct y within a column
layouts = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 9)), min_size=2, max_size=14, unique=True)


@settings(max_examples=60, deadline=None)
@given(layouts, st.data())
def test_matches_brute_force_on_layered_drawings(points, data):
    nodes = list(range(len(points)))
    pairs = [(u, v) for u, v in itertools.combinations(nodes, 2) if points[u][0] != points[v][0]]
    G = nx.DiGraph()
    G.add_nodes_from(nodes)
    if pairs:
        G.add_edges_from(data.draw(st.lists(st.sampled_from(pairs), max_size=20)))
    # irrational nudges: no edge runs exactly through a node (a drawing would not show that either)
    pos = {n: (float(x), y + (n * math.sqrt(2)) % 1 * 0.1) for n, (x, y) in zip(nodes, points)}
    assert count_crossings(G, pos) == brute_force(G, pos)


def test_edges_sharing_an_end_do_not_cross():
    G = nx.DiGraph([("a", "c"), ("b", "c"), ("a", "d")])
    assert count_crossings(G, {"a": (0, 0), "b": (0, 1), "c": (1, 1), "d": (1, 0)}) == 0


def test_empty_and_single_edge():
    assert count_crossings(nx.DiGraph(), {}) == 0
    assert count_crossings(nx.DiGraph([(1, 2)]), {1: (0, 0), 2: (1, 1)}) == 0
