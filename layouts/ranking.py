"""Ranks (columns, left to right) from the data flow, as draw_dot's rankdir=LR shows them.

Every edge points to a higher rank, and the total edge length (the number of
dummy nodes to order later) should be small: dot solves that exactly with
network simplex. Here small graphs get the exact optimum from the same linear
program solved by HiGHS (its constraint matrix is totally unimodular, so the
simplex answer is integral); big ones get a fast greedy approximation: longest
path from the sources, then coordinate descent that moves each node to the end
of its free interval its edges pull it to (inputs and weights next to the op
that reads them, ops next to their inputs).
"""

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from layouts._arrays import csr

EXACT_MAX_EDGES = 12_000  # HiGHS takes about 0.25 s at 10k edges and 3.5 s at 40k: beyond, the greedy ranks
DESCENT_PASSES = 20  # greedy passes at most; they usually settle in two or three


def ranks(n, src, dst, exact=None):
    """Rank of each of ``n`` nodes for edges ``src -> dst`` (src < dst: an acyclic order).

    ``exact`` chooses the linear program (True) or the greedy ranks (False);
    None picks by size. Ranks start at 0.

    >>> ranks(4, np.array([0, 1, 2]), np.array([2, 2, 3])).tolist()
    [0, 0, 1, 2]
    >>> ranks(4, np.array([0, 1, 0]), np.array([1, 2, 3]), exact=False).tolist()  # 3 pulled next to 0
    [0, 1, 2, 1]
    """
    if len(src) == 0:
        return np.zeros(n, dtype=np.int64)
    if exact is None:
        exact = len(src) <= EXACT_MAX_EDGES
    rank = _descend(n, src, dst, _longest_path(n, src, dst))
    if exact and int((rank[dst] - rank[src]).sum()) > len(src):  # all edges 1 long (a tree): already optimal
        rank = _optimal(n, src, dst)
    return rank - rank.min()


def _optimal(n, src, dst):
    """Minimum total edge length with every edge at least 1 long: dot's ranking objective, by LP."""
    m = len(src)
    cost = np.bincount(dst, minlength=n) - np.bincount(src, minlength=n)
    rows = np.repeat(np.arange(m), 2)
    A = sp.csr_matrix((np.tile([1.0, -1.0], m), (rows, np.stack([src, dst], 1).ravel())), shape=(m, n))
    res = linprog(cost, A_ub=A, b_ub=-np.ones(m), bounds=(0, None), method="highs-ds")
    if res.status != 0:  # cannot happen for a DAG; keep drawing anyway
        return _descend(n, src, dst, _longest_path(n, src, dst))
    return np.rint(res.x).astype(np.int64)


def _longest_path(n, src, dst):
    """rank[v] = 1 + max rank of v's inputs (src < dst: inputs come first)."""
    start, preds = csr(n, dst, src)
    starts, preds = start.tolist(), preds.tolist()
    r = [0] * n
    for v in range(n):
        a, b = starts[v], starts[v + 1]
        if a != b:
            r[v] = 1 + max([r[p] for p in preds[a:b]])
    return np.array(r, dtype=np.int64)


def _descend(n, src, dst, rank):
    """Move each node to the end of its free interval that shortens its edges, until none moves.

    A node with at least as many outputs as inputs goes right, to just before
    its first consumer; one with more inputs goes left, just after its last
    input. Each move keeps every edge at least 1 long and the total no longer.
    """
    indeg, outdeg = np.bincount(dst, minlength=n), np.bincount(src, minlength=n)
    s_start, succs = (x.tolist() for x in csr(n, src, dst))
    p_start, preds = (x.tolist() for x in csr(n, dst, src))
    right = [v for v in range(n - 1, -1, -1) if outdeg[v] >= indeg[v] and outdeg[v] > 0]  # consumers first
    left = [v for v in range(n) if indeg[v] > outdeg[v]]
    r = rank.tolist()
    for _ in range(DESCENT_PASSES):
        moved = False
        for v in right:
            x = min([r[s] for s in succs[s_start[v]:s_start[v + 1]]]) - 1
            if x != r[v]:
                r[v], moved = x, True
        for v in left:
            x = max([r[p] for p in preds[p_start[v]:p_start[v + 1]]]) + 1
            if x != r[v]:
                r[v], moved = x, True
        if not moved:
            break
    return np.array(r, dtype=np.int64)
