"""Ranks (columns, left to right) from the data flow, as draw_dot's rankdir=LR shows them.

Every edge points to a higher rank. A node starts at its longest path from a
source, then nodes that feed more edges than they take in are pulled right to
just before their first use: inputs and weights sit next to the op that reads
them, not in one tall column at the far left. That is the cheap half of what
dot's network simplex does (shorter edges, fewer dummy nodes to order).
"""

import numpy as np

from layouts._arrays import csr


def ranks(n, src, dst):
    """Rank of each of ``n`` nodes for edges ``src -> dst`` (src < dst: an acyclic order).

    >>> ranks(4, np.array([0, 1, 2]), np.array([2, 2, 3])).tolist()
    [0, 0, 1, 2]
    >>> ranks(4, np.array([0, 1, 0]), np.array([1, 2, 3])).tolist()  # 3 pulled next to 0's use
    [0, 1, 2, 1]
    """
    rank = _longest_path(n, src, dst)
    return _pull_right(n, src, dst, rank)


def _longest_path(n, src, dst):
    """rank[v] = 1 + max rank of v's inputs, one topological level at a time."""
    rank = np.zeros(n, dtype=np.int64)
    if len(src) == 0:
        return rank
    start, preds = csr(n, dst, src)
    starts, stops = start[:-1].tolist(), start[1:].tolist()
    preds = preds.tolist()
    r = [0] * n
    for v in range(n):  # src < dst, so every input is ranked before v
        a, b = starts[v], stops[v]
        if a != b:
            r[v] = 1 + max(r[p] for p in preds[a:b])
    rank[:] = r
    return rank


def _pull_right(n, src, dst, rank):
    """Move nodes with more outputs than inputs right, to just before their first consumer."""
    if len(src) == 0:
        return rank
    indeg = np.bincount(dst, minlength=n)
    outdeg = np.bincount(src, minlength=n)
    start, succs = csr(n, src, dst)
    starts, stops = start[:-1].tolist(), start[1:].tolist()
    succs = succs.tolist()
    movable = (outdeg > indeg).tolist()
    r = rank.tolist()
    for v in range(n - 1, -1, -1):  # consumers first: they have settled when v moves
        if movable[v]:
            r[v] = min(r[s] for s in succs[starts[v]:stops[v]]) - 1
    rank[:] = r
    return rank
