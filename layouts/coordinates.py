"""Vertical coordinates for ordered ranks: near the neighbours, in order, never closer than NODE_SEP.

Each round moves every real node toward the weighted mean of its neighbours in
the adjacent ranks (segments between dummies weigh most, as in dot) and every
dummy toward the straight line of its edge, then puts each rank back in order
with its gaps by isotonic regression (the closest ordered, separated positions
in least squares). Edges are drawn straight, so a dummy on its line means the
edge passes through the room the ordering kept for it.
"""

import numpy as np
from scipy.optimize import isotonic_regression

from layouts._common import NODE_SEP

ROUNDS = [(50_000, 24), (300_000, 12), (None, 6)]  # (nodes up to, rounds of pull-to-neighbours): more is straighter
# how much a dummy follows the straight line of its edge rather than its neighbours; measured with
# 0 -> 1 (one start order): crossings as drawn 45 -> 42 on the 100-value graph (dot: 42), 120,179 -> 124,930 on 3k
CHAIN_PULL = 1.0
WEIGHT_REAL, WEIGHT_MIXED, WEIGHT_DUMMY = 1.0, 2.0, 8.0  # dot's edge weights by dummy ends: 0, 1, 2


def vertical_positions(rank, pos, a, b, n_real, chains=None):
    """y of every node, given ranks, order within ranks (pos) and segments a -> b.

    ``chains`` is (source, target) of the real edge each dummy (node n_real
    onwards) lies on: a dummy wants to sit on the straight line between them,
    so the edge drawn straight passes through the room kept for it.
    """
    n = len(rank)
    if n == 0:
        return np.zeros(0)
    by = np.lexsort((pos, rank))  # rank-major, in order
    rank_sorted = rank[by]
    width = np.bincount(rank)
    y = (pos - (width[rank] - 1) / 2) * NODE_SEP
    if len(a) == 0:
        return y
    dummies = (a >= n_real).astype(int) + (b >= n_real)
    w = np.choose(dummies, [WEIGHT_REAL, WEIGHT_MIXED, WEIGHT_DUMMY])
    ends = np.concatenate([a, b])
    others = np.concatenate([b, a])
    ww = np.concatenate([w, w])
    total_w = np.bincount(ends, weights=ww, minlength=n)
    lonely = total_w == 0
    gap = pos[by] * NODE_SEP  # isotonic on y - gap keeps the gaps
    rounds = next(k for limit, k in ROUNDS if limit is None or n <= limit)
    if chains is not None:
        u, v = chains
        t = (rank[n_real:] - rank[u]) / (rank[v] - rank[u])
    for _ in range(rounds):
        pull = np.bincount(ends, weights=ww * y[others], minlength=n)
        want = np.where(lonely, y, pull / np.where(lonely, 1, total_w))
        if chains is not None:
            want[n_real:] = CHAIN_PULL * ((1 - t) * y[u] + t * y[v]) + (1 - CHAIN_PULL) * want[n_real:]
        y = _ordered(want, by, rank_sorted, gap, np.where(lonely, 1.0, total_w))
    return y


def _ordered(want, by, rank_sorted, gap, weight):
    """Closest y to want (weighted least squares) with y increasing by >= NODE_SEP within each rank."""
    target = want[by] - gap
    # one regression for all ranks: a step between ranks larger than any spread keeps them apart
    lift = (np.abs(target).max() + 1) * 4
    fitted = isotonic_regression(target + rank_sorted * lift, weights=weight[by]).x
    y = np.empty_like(want)
    y[by] = fitted - rank_sorted * lift + gap
    return y
