"""Order within ranks: crossing reduction on the proper layered graph, in numpy.

A long edge is cut by dummy nodes into one segment per rank it spans. From a
start order (layered.py gives the trace's depth-first order: a tree drawn in
that order has no crossing at all), dot's mincross: weighted-median sweeps,
alternately left to right and right to left, each followed by adjacent
transpositions, keeping the best order seen. Every step works on whole arrays:
a rank at a time for the sweeps, all ranks of one parity at once for the
transpositions. Big graphs get fewer iterations (EFFORT).
"""

import numpy as np

from layouts.crossings import layered_crossings

MAX_ITER = 24  # sweeps per start order, at most: dot's MaxIter
MIN_QUIT = 4  # stop after this many sweeps without real progress (dot: 8; here 4 is 30% faster, +0-1%)
CONVERGENCE = 0.995  # "real progress": fewer than this times the best crossings so far (dot's Convergence)
TRANSPOSE_ROUNDS = 8  # odd-even transposition rounds after each sweep, at most
# Big graphs get less effort so a 13,000-value graph stays under a second: (proper nodes up to, effort)
EFFORT = [
    (30_000, dict(max_iter=MAX_ITER, transpose_rounds=TRANSPOSE_ROUNDS // 2, keep_best=True)),  # 8 gains ~0.1%
    (120_000, dict(max_iter=8, transpose_rounds=2, keep_best=True)),
    # from here counting crossings costs a sweep, and transposing gained nothing (13k values: 0.004%, 0.2 s)
    (300_000, dict(max_iter=6, transpose_rounds=0, keep_best=False)),
    (None, dict(max_iter=4, transpose_rounds=0, keep_best=False)),
]


def proper_graph(rank, src, dst):
    """Cut edges spanning several ranks into single-rank segments through dummy nodes.

    Returns (rank of every node, dummies appended; segment sources; segment
    targets; owner: for each dummy, the index of the edge it lies on).

    >>> r, a, b, owner = proper_graph(np.array([0, 0, 2]), np.array([0, 1]), np.array([2, 2]))
    >>> r.tolist(), a.tolist(), b.tolist(), owner.tolist()
    ([0, 0, 2, 1, 1], [0, 3, 1, 4], [3, 2, 4, 2], [0, 1])
    """
    n = len(rank)
    span = rank[dst] - rank[src]
    edge = np.repeat(np.arange(len(src)), span)
    first = np.repeat(np.cumsum(span) - span, span)
    step = np.arange(len(edge)) - first  # 0 .. span-1 along each edge
    dummy_first = np.cumsum(span - 1) - (span - 1)  # each edge's first dummy, counted from n
    dummy = n + dummy_first[edge] + step - 1  # the node at step t (t >= 1) is a dummy
    a = np.where(step == 0, src[edge], dummy)
    b = np.where(step == span[edge] - 1, dst[edge], dummy + 1)
    owner = edge[step >= 1]
    all_rank = np.concatenate([rank, rank[src[owner]] + step[step >= 1]])
    return all_rank, a, b, owner


class Order:
    """Position of each node within its rank, and the ranks' members in order."""

    def __init__(self, rank, key):
        self.rank = rank
        self.nranks = int(rank.max()) + 1 if len(rank) else 0
        by = np.lexsort((key, rank))
        self.start = np.zeros(self.nranks + 1, dtype=np.int64)
        np.cumsum(np.bincount(rank, minlength=self.nranks), out=self.start[1:])
        self.members = by  # rank-major, in order within each rank
        self.pos = np.empty(len(rank), dtype=np.int64)
        self.pos[by] = np.arange(len(rank)) - self.start[rank[by]]

    def rank_members(self, r):
        return self.members[self.start[r]:self.start[r + 1]]

    def set_rank(self, r, members):
        self.members[self.start[r]:self.start[r + 1]] = members
        self.pos[members] = np.arange(len(members))

    def copy(self):
        other = Order.__new__(Order)
        other.rank, other.nranks, other.start = self.rank, self.nranks, self.start
        other.members, other.pos = self.members.copy(), self.pos.copy()
        return other


def effort(n):
    """How hard to try for a proper layered graph of n nodes (dummies included).

    >>> effort(100)["max_iter"], effort(10**6)["keep_best"]
    (24, False)
    """
    return next(e for limit, e in EFFORT if limit is None or n <= limit)


def order_ranks(rank, a, b, key, **plan):
    """The best order found for segments ``a -> b`` (rank[b] == rank[a] + 1), from a start order.

    ``key`` gives the start order (a number per node, smaller first within a
    rank); ``plan`` overrides ``effort(len(rank))``. Returns (pos: index of
    each node in its rank, crossings between ranks, or None when the plan
    did not count them).
    """
    order = Order(rank, key)
    if len(a) < 2:
        return order.pos, 0
    best, count = _mincross(order, rank, a, b, **{**effort(len(rank)), **plan})
    return best.pos, count


def _mincross(order, rank, a, b, max_iter, transpose_rounds, keep_best):
    """dot's mincross loop: a median sweep and transpositions per iteration, alternating direction.

    Keeps the best order; stops after MIN_QUIT iterations that gain less than
    1 - CONVERGENCE. Iterations 0, 1 mod 4 also swap pairs that tie, to leave
    plateaus. Without ``keep_best`` it runs max_iter sweeps and counts nothing.
    """
    count = lambda o: layered_crossings(rank[a], o.pos[a], o.pos[b])
    best, best_count = (order.copy(), count(order)) if keep_best else (order, None)
    right = _Neighbours(a, b, rank)  # neighbours in the rank to the left: for sweeping rightwards
    left = _Neighbours(b, a, rank)
    sides = _Sides(a, b, len(rank)) if transpose_rounds else None
    trying = 0
    for it in range(max_iter):
        if keep_best and (trying >= MIN_QUIT or best_count == 0):
            break
        trying += 1
        reverse = it % 4 < 2
        if it % 2 == 0:
            for r in range(1, order.nranks):
                _sort_rank(order, r, right, reverse)
        else:
            for r in range(order.nranks - 2, -1, -1):
                _sort_rank(order, r, left, reverse)
        if sides is not None:
            _transpose(order, rank, sides, not reverse, transpose_rounds)
        if keep_best:
            c = count(order)
            if c <= best_count:
                if c < CONVERGENCE * best_count:
                    trying = 0
                best, best_count = order.copy(), c
    return best, best_count


class _Neighbours:
    """Segments grouped by the rank of their target, to sort one rank from its neighbour rank."""

    def __init__(self, frm, to, rank):
        by = np.argsort(rank[to], kind="stable")
        self.frm, self.to = frm[by], to[by]
        nranks = int(rank.max()) + 1
        self.start = np.zeros(nranks + 1, dtype=np.int64)
        np.cumsum(np.bincount(rank[to], minlength=nranks), out=self.start[1:])
        # ranks where every node has exactly one neighbour on this side (chains, dummies): median is that one
        not_one = np.bincount(to, minlength=len(rank)) != 1
        self.single = (np.bincount(rank, weights=not_one, minlength=nranks) == 0).tolist()

    def of_rank(self, r):
        s = slice(self.start[r], self.start[r + 1])
        return self.frm[s], self.to[s]


def _sort_rank(order, r, neighbours, reverse):
    """Sort rank r by the weighted median position of each node's neighbours in the adjacent rank.

    dot's median: the middle one; for an even count, the two middle ones
    weighted toward the side whose neighbours are packed tighter. Nodes with
    no neighbour there keep their place; ``reverse`` breaks ties the other way.
    """
    frm, to = neighbours.of_rank(r)
    members = order.rank_members(r)
    w = len(members)
    if len(to) == 0 or w < 2:
        return
    mine, theirs = order.pos[to], order.pos[frm]
    if neighbours.single[r]:
        median = np.empty(w)
        median[mine] = theirs
        new = np.lexsort((-np.arange(w) if reverse else np.arange(w), median))
        if np.any(new != np.arange(w)):
            order.set_rank(r, members[new])
        return
    count = np.bincount(mine, minlength=w)
    by = np.lexsort((theirs, mine))
    val = theirs[by].astype(float)
    first = np.cumsum(count) - count
    last = np.maximum(first + count - 1, 0)
    lo = np.minimum(first + (count - 1) // 2, len(by) - 1)
    hi = np.minimum(first + count // 2, len(by) - 1)
    median = (val[lo] + val[hi]) / 2
    even = (count % 2 == 0) & (count > 2)
    lm, rm = val[lo] - val[np.minimum(first, len(by) - 1)], val[np.minimum(last, len(by) - 1)] - val[hi]
    weighted = (val[lo] * rm + val[hi] * lm) / np.where(lm + rm > 0, lm + rm, 1)
    median = np.where(even & (lm + rm > 0), weighted, median)
    fixed = count == 0
    if fixed.all():
        return
    # nodes without neighbours stay at their index: the others fill the free slots in median order
    movable = np.flatnonzero(~fixed)
    tie = -movable if reverse else movable
    moved = movable[np.lexsort((tie, median[movable]))]
    new = np.arange(w)
    new[movable] = moved
    if np.any(new != np.arange(w)):
        order.set_rank(r, members[new])


class _Sides:
    """Every node's neighbours on each side (0: left rank, 1: right rank), for pair crossing counts."""

    def __init__(self, a, b, n):
        side_node = np.concatenate([b * 2, a * 2 + 1])
        other = np.concatenate([a, b])
        by = np.argsort(side_node, kind="stable")
        self.other = other[by]  # grouped by side_node: node 2v + side
        self.start = np.zeros(2 * n + 1, dtype=np.int64)
        np.cumsum(np.bincount(side_node, minlength=2 * n), out=self.start[1:])


def _transpose(order, rank, sides, reverse, rounds):
    """Swap neighbours in a rank where that crosses fewer segments; ranks of one parity at a time.

    Odd-even transposition: pairs at even then odd positions, all ranks of one
    parity at once (their neighbour ranks do not move meanwhile). With
    ``reverse`` the first round also swaps pairs that tie (as dot does).
    """
    for round_ in range(rounds):
        swapped = 0
        for parity in (0, 1):
            for offset in (0, 1):
                swapped += _transpose_phase(order, rank, sides, parity, offset, reverse and round_ == 0)
        if not swapped:
            break


def _transpose_phase(order, rank, sides, parity, offset, ties):
    pos, members, start = order.pos, order.members, sides.start
    rk = rank[members]
    pick = (rk[:-1] == rk[1:]) & (rk[:-1] % 2 == parity) & (pos[members[:-1]] % 2 == offset)
    u, v = members[:-1][pick], members[1:][pick]
    if len(u) == 0:
        return 0
    uv = np.zeros(len(u))
    vu = np.zeros(len(u))
    for side in (0, 1):
        # every (x, y): x a neighbour of u, y one of v, on this side; u first crosses when x > y
        su, sv = 2 * u + side, 2 * v + side
        du, dv = start[su + 1] - start[su], start[sv + 1] - start[sv]
        combos = du * dv
        pair = np.repeat(np.arange(len(u)), combos)
        k = np.arange(len(pair)) - np.repeat(np.cumsum(combos) - combos, combos)
        dvp = dv[pair]
        x = pos[sides.other[start[su][pair] + k // dvp]]
        y = pos[sides.other[start[sv][pair] + k % dvp]]
        uv += np.bincount(pair, weights=x > y, minlength=len(u))
        vu += np.bincount(pair, weights=x < y, minlength=len(u))
    swap = (vu < uv) | ((vu == uv) & (uv > 0) & ties)
    if not swap.any():
        return 0
    su_, sv_ = u[swap], v[swap]
    pu, pv = pos[su_].copy(), pos[sv_].copy()
    pos[su_], pos[sv_] = pv, pu
    base = order.start[rank[su_]]
    members[base + pv] = su_
    members[base + pu] = sv_
    return int(swap.sum())
