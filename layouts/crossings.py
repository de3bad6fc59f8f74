"""Counting edge crossings, for any positions and for a layered order, with numpy."""

import numpy as np

from layouts._arrays import as_arrays


def count_crossings(G, pos):
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

    Returns
    -------
    crossings : int

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
    """
    nodes, src, dst = as_arrays(G)
    if len(src) < 2:
        return 0
    xy = np.array([pos[n] for n in nodes], dtype=float)
    x0, y0, x1, y1 = xy[src, 0], xy[src, 1], xy[dst, 0], xy[dst, 1]
    flip = x0 > x1
    x0, x1 = np.where(flip, x1, x0), np.where(flip, x0, x1)
    y0, y1 = np.where(flip, y1, y0), np.where(flip, y0, y1)
    keep = x0 < x1
    x0, y0, x1, y1 = x0[keep], y0[keep], x1[keep], y1[keep]
    xs = np.unique(xy[:, 0])
    a, b = np.searchsorted(xs, x0), np.searchsorted(xs, x1)
    # one piece of each edge per strip [xs[k], xs[k+1]] it spans
    span = b - a
    edge = np.repeat(np.arange(len(a)), span)
    strip = a[edge] + (np.arange(len(edge)) - np.repeat(np.cumsum(span) - span, span))
    t0 = (xs[strip] - x0[edge]) / (x1[edge] - x0[edge])
    t1 = (xs[strip + 1] - x0[edge]) / (x1[edge] - x0[edge])
    ya = y0[edge] + t0 * (y1[edge] - y0[edge])  # t0 is 0 at the edge's start: exact
    yb = np.where(strip + 1 == b[edge], y1[edge], y0[edge] + t1 * (y1[edge] - y0[edge]))  # exact ends: shared
    return layered_crossings(strip, _dense(ya), _dense(yb))


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


def _dense(values):
    """Positions 0, 1, ... in sorted order of values; equal values share one."""
    return np.unique(values, return_inverse=True)[1].reshape(-1)
