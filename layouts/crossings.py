"""Counting edge crossings, for any positions and for a layered order, with numpy."""

import numpy as np

from layouts._arrays import as_arrays


def count_crossings(G, pos, limit=None):
    """Number of pairs of edges whose straight segments cross, as drawn at ``pos``.

    Edges are cut into vertical strips at every distinct node x; within a strip
    two segments cross when their order at the strip's left side and at its
    right side disagree (strictly: edges sharing an end do not cross). Edges
    whose ends share an x (vertical ones) are not counted.

    Parameters
    ----------
    G : networkx graph
    pos : dict
        Node -> (x, y), for every node of G.
    limit : int or None, optional (default=None)
        Give up (None) when the count would cut edges into more than this many
        pieces: a force layout of a big graph, where every edge spans hundreds
        of distinct node x's, would need gigabytes.

    Returns
    -------
    crossings : int, or None past ``limit``

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "d"), ("b", "c")])
    >>> count_crossings(G, {"a": (0, 0), "b": (0, 1), "c": (1, 0), "d": (1, 1)})
    1
    >>> count_crossings(G, {"a": (0, 0), "b": (0, 1), "c": (1, 1), "d": (1, 0)})
    0
    >>> count_crossings(nx.DiGraph(), {})
    0
    >>> count_crossings(G, {"a": (0, 0), "b": (0, 1), "c": (1, 0), "d": (1, 1)}, limit=1) is None
    True
    """
    nodes, src, dst = as_arrays(G)
    if len(src) < 2:
        return 0
    return segment_crossings(np.array([pos[n] for n in nodes], dtype=float), src, dst, limit)


def segment_crossings(xy, src, dst, limit=None):
    """count_crossings on arrays: node positions (n, 2) and edges as index arrays (None past ``limit`` pieces)."""
    if len(src) < 2:
        return 0
    x0, y0, x1, y1 = xy[src, 0], xy[src, 1], xy[dst, 0], xy[dst, 1]
    flip = x0 > x1
    x0, x1 = np.where(flip, x1, x0), np.where(flip, x0, x1)
    y0, y1 = np.where(flip, y1, y0), np.where(flip, y0, y1)
    keep = x0 < x1
    x0, y0, x1, y1 = x0[keep], y0[keep], x1[keep], y1[keep]
    xs = np.unique(xy[:, 0])
    a, b = np.searchsorted(xs, x0), np.searchsorted(xs, x1)
    # each edge's y at every column it spans, computed once so neighbouring strips agree exactly
    npts = b - a + 1
    if limit is not None and int(npts.sum()) - len(npts) > limit:
        return None
    edge = np.repeat(np.arange(len(a)), npts)
    k = np.arange(len(edge)) - np.repeat(np.cumsum(npts) - npts, npts)
    col = a[edge] + k
    slope = (y1 - y0) / (x1 - x0)
    y = np.where(col == b[edge], y1[edge], y0[edge] + slope[edge] * (xs[col] - x0[edge]))
    y[k == 0] = y0[edge[k == 0]]
    piece = np.flatnonzero(col != b[edge])  # a point that starts a piece (not an edge's last column)
    # ties at a column: order just after it for an edge starting there, else just before
    # (so a crossing exactly at a column counts once, and edges sharing an end never cross)
    s = slope[edge[piece]]
    left = _dense(y[piece], np.where(k[piece] == 0, s, -s))
    right = _dense(y[piece + 1], -s)
    return layered_crossings(col[piece], left, right)


def layered_crossings(group, left, right):
    """Crossings between segments going from ``left`` to ``right`` positions, within each group.

    Two segments of one group cross when ``left`` and ``right`` order them
    oppositely, both strictly. Positions are small non-negative integers.

    >>> layered_crossings(np.zeros(3, int), np.array([0, 1, 2]), np.array([2, 1, 0]))
    3
    """
    if len(group) < 2:
        return 0
    by = np.lexsort((right, left, group))
    width = int(max(left.max(), right.max())) + 1
    return _strict_inversions(group[by] * width + right[by])


def _strict_inversions(keys):
    """Pairs i < j with keys[i] > keys[j], by bottom-up merge sort on whole arrays."""
    keys = np.asarray(keys, dtype=np.int64)
    n = len(keys)
    idx = np.arange(n)
    span = int(keys.max()) + 1
    total, width = 0, 1
    while width < n:
        block = idx // (2 * width)
        right = (idx // width) % 2 == 1
        lk = block[~right] * span + keys[~right]  # left halves, each sorted: globally sorted
        rk = block[right] * span + keys[right]
        left_end = np.searchsorted(lk, (block[right] + 1) * span)  # left items of blocks <= mine
        not_greater = np.searchsorted(lk, rk, side="right")
        total += int((left_end - not_greater).sum())
        keys = np.sort(block * span + keys, kind="stable") - block * span  # merge: two sorted runs
        width *= 2
    return total


def _dense(values, tiebreak):
    """Positions 0, 1, ... in order of (values, tiebreak); equal pairs share one."""
    by = np.lexsort((tiebreak, values))
    v, t = values[by], tiebreak[by]
    new = np.concatenate([[True], (v[1:] != v[:-1]) | (t[1:] != t[:-1])]) if len(v) else np.zeros(0, bool)
    dense = np.empty(len(v), dtype=np.int64)
    dense[by] = np.cumsum(new) - 1
    return dense
