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
from layouts.memo import LAYOUTS
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


def block_layout(H, plan=None):
    """A group of new nodes laid out on its own, in layout units (for incremental placement).

    Quicker: one start order, fewer sweeps; this runs while the user types.
    ``plan`` overrides the ordering effort (``ordering.order_ranks``'s).
    """
    nodes, xy = _layered(H, None, quick=True, plan=plan)
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


def layered_arrays(n, src, dst, key=None, plan=None):
    """Positions (an n x 2 array, layout units) for nodes 0..n-1 and edges src -> dst with src < dst.

    The array form of one start of the layered layout, for callers that keep
    graphs as index arrays (the grouped layout): ``key`` gives the start order
    within ranks (default: the node numbers), ``plan`` the ordering effort.
    Edges must be unique, without self-loops.

    >>> layered_arrays(3, np.array([0, 1]), np.array([2, 2])).tolist()
    [[0.0, -0.5], [0.0, 0.5], [2.0, 0.0]]
    """
    rank = ranks(n, src, dst)
    all_rank, a, b, owner = proper_graph(rank, src, dst)
    k = np.arange(n, dtype=float) if key is None else np.asarray(key, dtype=float)
    order, _ = order_ranks(all_rank, a, b, np.concatenate([k, k[src[owner]]]), **(plan or {}))
    y = vertical_positions(all_rank, order, a, b, n, chains=(src[owner], dst[owner]))[:n]
    return np.stack([rank * RANK_SEP, y], axis=1) if n else np.zeros((0, 2))


def _layered(G, pos, with_crossings=False, quick=False, plan=None):
    nodes, src, dst = as_arrays(G)
    n = len(nodes)
    given = _given_order(nodes, pos)
    plan = plan if plan is not None else QUICK if quick else {}
    # the positions depend on the shape only: a graph of a shape laid out before (by any session) is not redone
    parts = ["layered", n, src, dst, given, quick, sorted(plan.items()), with_crossings]
    best, crossings = LAYOUTS.get(parts, lambda: _layered_shape(n, src, dst, given, quick, plan, with_crossings))
    return (nodes, best, crossings) if with_crossings else (nodes, best)


def _layered_shape(n, src, dst, given, quick, plan, with_crossings):
    """(n x 2 positions, crossings as drawn or None) for nodes 0..n-1 and edges src -> dst."""
    rank = ranks(n, src, dst)
    all_rank, a, b, owner = proper_graph(rank, src, dst)
    x = rank * RANK_SEP
    keys = _start_keys(n, given, src, dst, owner, many=not quick and len(all_rank) <= MULTI_START_MAX)
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
    return best, best_crossings


def _given_order(nodes, pos):
    """A start key per node from pos's y (known nodes by y, the others after them in G's order), or None."""
    if not pos:
        return None
    known = np.array([v in pos for v in nodes], dtype=bool)
    if not known.any():
        return None
    ys = np.array([pos[v][1] if v in pos else 0.0 for v in nodes])
    return np.where(known, ys, ys[known].max() + 1 + np.arange(len(nodes)))


def _start_keys(n, given, src, dst, owner, many):
    """Start orders within ranks, each a key per node (dummies after): smaller goes first.

    G's order (the trace's: depth first from the outputs), or the order given
    by positions. Small graphs also start from a breadth-first order from the
    outputs and from G's order reversed, and keep the best result, as dot tries
    several start orders.
    """
    keys = [np.arange(n, dtype=float)]
    if given is not None:
        keys = [given]
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
