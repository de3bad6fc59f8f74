"""Order within ranks: crossing reduction on the proper layered graph, in numpy.

A long edge is cut by dummy nodes into one segment per rank it spans. The
order starts from the trace's own depth-first order (a tree drawn in that order
has no crossing at all), then alternates median/barycentre sweeps left to
right and right to left with odd-even adjacent transpositions, keeping the
best order seen, as dot does. Every step works on whole arrays: a rank at a
time for the sweeps, all ranks of one parity at once for the transpositions.
"""

import numpy as np

from layouts._arrays import csr
from layouts.crossings import layered_crossings

SWEEPS = 12  # sweep pairs (left-right, right-left); dot's default is 24 median iterations
PATIENCE = 3  # stop after this many sweep pairs without fewer crossings
TRANSPOSE_ROUNDS = 8  # odd-even transposition rounds after each sweep, at most


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


def order_ranks(rank, a, b, key):
    """The best order found for segments ``a -> b`` (rank[b] == rank[a] + 1), from ``key``.

    Returns (pos: index of each node in its rank, crossings of that order).
    """
    order = Order(rank, key)
    if len(a) < 2:
        return order.pos, 0
    count = lambda o: layered_crossings(rank[a], o.pos[a], o.pos[b])
    best, best_count = order.copy(), count(order)
    right = _Neighbours(len(rank), a, b, rank)  # by the rank on the left of b: sweeping rightwards
    left = _Neighbours(len(rank), b, a, rank)
    stale = 0
    for sweep in range(SWEEPS):
        use_median = sweep % 2 == 0
        for r in range(1, order.nranks):
            _sort_rank(order, r, right, use_median)
        for r in range(order.nranks - 2, -1, -1):
            _sort_rank(order, r, left, use_median)
        _transpose(order, a, b, rank)
        c = count(order)
        if c < best_count:
            best, best_count, stale = order.copy(), c, 0
        else:
            stale += 1
            if stale >= PATIENCE or best_count == 0:
                break
    return best.pos, best_count


class _Neighbours:
    """Segments grouped by the rank of their target, to sort one rank from its neighbour rank."""

    def __init__(self, n, frm, to, rank):
        by = np.argsort(rank[to], kind="stable")
        self.frm, self.to = frm[by], to[by]
        nranks = int(rank.max()) + 1
        self.start = np.zeros(nranks + 1, dtype=np.int64)
        np.cumsum(np.bincount(rank[to], minlength=nranks), out=self.start[1:])

    def of_rank(self, r):
        s = slice(self.start[r], self.start[r + 1])
        return self.frm[s], self.to[s]


def _sort_rank(order, r, neighbours, use_median):
    """Sort rank r by the median (or mean) position of each node's neighbours in the adjacent rank."""
    frm, to = neighbours.of_rank(r)
    if len(to) == 0:
        return
    members = order.rank_members(r)
    w = len(members)
    mine, theirs = order.pos[to], order.pos[frm]
    count = np.bincount(mine, minlength=w)
    if use_median:
        by = np.lexsort((theirs, mine))
        sorted_theirs = theirs[by].astype(float)
        first = np.cumsum(count) - count
        lo = np.minimum(first + (count - 1) // 2, len(by) - 1)
        hi = np.minimum(first + count // 2, len(by) - 1)
        value = (sorted_theirs[lo] + sorted_theirs[hi]) / 2
    else:
        value = np.bincount(mine, weights=theirs, minlength=w) / np.maximum(count, 1)
    # nodes with no neighbour there keep their place: key by where they stand, scaled
    other_width = max(int(theirs.max()) + 1, 1)
    here = np.arange(w) * (other_width / max(w, 1))
    key = np.where(count > 0, value, here)
    new = np.lexsort((np.arange(w), key))
    if np.any(new != np.arange(w)):
        order.set_rank(r, members[new])


def _transpose(order, a, b, rank):
    """Swap neighbours in a rank where that crosses fewer segments; ranks of one parity at a time."""
    n = len(rank)
    # every node's neighbour positions on each side, for crossing counts of a pair
    side_node = np.concatenate([b * 2, a * 2 + 1])  # side 0: neighbours on the left
    other = np.concatenate([a, b])
    for _ in range(TRANSPOSE_ROUNDS):
        swapped = 0
        for parity in (0, 1):
            for offset in (0, 1):
                swapped += _transpose_phase(order, rank, side_node, other, n, parity, offset)
        if not swapped:
            break


def _transpose_phase(order, rank, side_node, other, n, parity, offset):
    pos = order.pos
    # pairs (u, v) adjacent in ranks of this parity, u at an even (or odd) position
    members = order.members
    rk = rank[members]
    u = members[:-1]
    v = members[1:]
    pick = (rk[:-1] == rk[1:]) & (rk[:-1] % 2 == parity) & (pos[u] % 2 == offset)
    u, v = u[pick], v[pick]
    if len(u) == 0:
        return 0
    width = int(pos.max()) + 2
    start, keys = csr(2 * n, side_node, side_node * width + pos[other])
    keys = np.sort(keys)  # side_node-major, then neighbour position
    uv = 0
    vu = 0
    for side in (0, 1):
        su, sv = 2 * u + side, 2 * v + side
        # every neighbour y of v, asked against u's sorted neighbour positions on that side
        deg_v = start[sv + 1] - start[sv]
        pair = np.repeat(np.arange(len(u)), deg_v)
        y = keys[np.repeat(start[sv], deg_v) + np.arange(deg_v.sum()) - np.repeat(np.cumsum(deg_v) - deg_v, deg_v)]
        y = y - sv[pair] * width
        q = su[pair] * width + y
        lo, hi = start[su[pair]], start[su[pair] + 1]
        below = np.searchsorted(keys, q, side="left") - lo  # u's neighbours above y: u-before-v crosses
        above = hi - np.searchsorted(keys, q, side="right")
        uv = uv + np.bincount(pair, weights=above, minlength=len(u))
        vu = vu + np.bincount(pair, weights=below, minlength=len(u))
    swap = vu < uv
    if not swap.any():
        return 0
    su_, sv_ = u[swap], v[swap]
    pu, pv = pos[su_].copy(), pos[sv_].copy()
    pos[su_], pos[sv_] = pv, pu
    starts = order.start[rank[su_]]
    members[starts + pv] = su_
    members[starts + pu] = sv_
    return int(swap.sum())
