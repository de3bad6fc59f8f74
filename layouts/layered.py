"""Layered layout, left to right like micrograd's draw_dot (graphviz dot, rankdir=LR).

Sugiyama's four steps, each in its own module: ranks from the data flow
(ranking), dummy nodes on long edges and crossing reduction (ordering),
vertical coordinates that keep long edges straight without overlaps
(coordinates); x is the rank.
"""

from collections import deque

import numpy as np

from layouts._arrays import as_arrays, csr
from layouts._common import RANK_SEP, check_args, finish
from layouts.coordinates import vertical_positions
from layouts.crossings import segment_crossings
from layouts.ordering import order_ranks, proper_graph
from layouts.placement import place_new
from layouts.ranking import ranks

MULTI_START_MAX = 20_000  # proper layered graphs (dummies included) up to this size try three start orders
QUICK = dict(max_iter=8, transpose_rounds=2, keep_best=True)  # ordering effort for blocks placed during edits


def layered_layout(G, pos=None, fixed=None, scale=1, center=None, seed=None):
    """Position nodes in ranks from left to right, following the edges.

    Parameters
    ----------
    G : networkx graph
        Usually from ``graph_model``; any graph works (edges against its
        node order are turned around when it has cycles).
    pos : dict or None, optional (default=None)
        Initial positions: the order within each rank starts from their y
        (nodes without one follow G's order). With ``fixed``, every node in
        ``pos`` stays where it is.
    fixed : list or None, optional (default=None)
        Nodes to keep at their ``pos``; the others are placed next to their
        already-placed neighbours, in rank to their right (incremental mode,
        what ``PositionCache`` uses). ``ValueError`` without ``pos``.
    scale : number or None, optional (default=1)
        Largest absolute coordinate after centring; None keeps layout units
        (ranks 2 apart, nodes in a rank at least 1 apart). Not used with ``fixed``.
    center : array-like or None, optional (default=None)
        Coordinate pair around which to center the layout. Not used with ``fixed``.
    seed : int or None, optional (default=None)
        Unused: the layout is deterministic. Accepted for networkx's signature.

    Returns
    -------
    pos : dict
        A dictionary of positions keyed by node, values (x, y) floats.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "+"), ("b", "+"), ("+", "c")])
    >>> pos = layered_layout(G, scale=None)
    >>> pos["a"][0] < pos["+"][0] < pos["c"][0]
    True
    >>> pos["+"][1] == pos["c"][1] == (pos["a"][1] + pos["b"][1]) / 2
    True
    >>> layered_layout(nx.DiGraph())
    {}
    """
    check_args(G, pos, fixed, center)
    if fixed is not None:
        return place_new(G, pos, fixed, layout="layered", block_layout=block_layout)
    nodes, xy = _layered(G, pos)
    return finish(nodes, xy, scale, center, fixed)


def block_layout(H):
    """A group of new nodes laid out on its own, in layout units (for incremental placement).

    Quicker: one start order, fewer sweeps; this runs while the user types.
    """
    nodes, xy = _layered(H, None, quick=True)
    return finish(nodes, xy, None, None, None)


def layered_layout_with_crossings(G, pos=None):
    """(positions in layout units, edge crossings as drawn: the benchmark and the render command use this)."""
    nodes, xy, crossings = _layered(G, pos, with_crossings=True)
    return finish(nodes, xy, None, None, None), crossings


def layered_ranks(G):
    """The column of each node in ``layered_layout`` (0 = leftmost), as a dict.

    >>> import networkx as nx
    >>> layered_ranks(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]))
    {'a': 0, 'b': 1, 'c': 2}
    """
    nodes, src, dst = as_arrays(G)
    return dict(zip(nodes, ranks(len(nodes), src, dst).tolist()))


def _layered(G, pos, with_crossings=False, quick=False):
    nodes, src, dst = as_arrays(G)
    n = len(nodes)
    rank = ranks(n, src, dst)
    all_rank, a, b, owner = proper_graph(rank, src, dst)
    x = rank * RANK_SEP
    keys = _start_keys(nodes, pos, src, dst, owner, many=not quick and len(all_rank) <= MULTI_START_MAX)
    plan = QUICK if quick else {}
    best, best_crossings = None, None
    for key in keys:
        order, _ = order_ranks(all_rank, a, b, key, **plan)
        y = vertical_positions(all_rank, order, a, b, n, chains=(src[owner], dst[owner]))[:n]
        xy = np.stack([x, y], axis=1) if n else np.zeros((0, 2))
        # several starts: keep the drawing with the fewest crossings as drawn (straight edges)
        crossings = segment_crossings(xy, src, dst) if len(keys) > 1 or with_crossings else None
        if best is None or crossings < best_crossings:
            best, best_crossings = xy, crossings
        if best_crossings == 0:
            break
    return (nodes, best, best_crossings) if with_crossings else (nodes, best)


def _start_keys(nodes, pos, src, dst, owner, many):
    """Start orders within ranks, each a key per node (dummies after): smaller goes first.

    G's order (the trace's: depth first from the outputs), or pos's y when
    given. Small graphs also start from a breadth-first order from the outputs
    and from G's order reversed, and keep the best result, as dot tries
    several start orders.
    """
    n = len(nodes)
    keys = [np.arange(n, dtype=float)]
    if pos:
        known = np.array([v in pos for v in nodes], dtype=bool)
        if known.any():
            ys = np.array([pos[v][1] if v in pos else 0.0 for v in nodes])
            # known nodes sorted by y, unknown ones after the known in G's order
            keys = [np.where(known, ys, ys[known].max() + 1 + np.arange(n))]
    elif many:
        keys += [_breadth_first_from_outputs(n, src, dst), -keys[0]]
    # a dummy starts where its edge's source does: a tree in depth-first order has no crossing
    return [np.concatenate([k, k[src[owner]]]) for k in keys]


def _breadth_first_from_outputs(n, src, dst):
    """Visit rank of each node walking inputs breadth first from the nodes nothing reads."""
    start, preds = (x.tolist() for x in csr(n, dst, src))
    outdeg = np.bincount(src, minlength=n)
    queue = deque(v for v in range(n - 1, -1, -1) if outdeg[v] == 0)
    seen = set(queue)
    key = np.zeros(n)
    k = 0
    while queue:
        v = queue.popleft()
        key[v], k = k, k + 1
        for p in preds[start[v]:start[v + 1]]:
            if p not in seen:
                seen.add(p)
                queue.append(p)
    return key
