"""Incremental placement: nodes with a position stay put, new nodes go next to their neighbours.

A new node that reads placed nodes goes one rank to the right of the rightmost
of them, level with their mean; one that only feeds placed nodes goes one rank
to the left of them; one with no placed neighbour at all starts a new row under
everything. If the spot is taken it tries the nearest free one, alternating
below and above. New nodes are visited in G's order (topological for
graph_model), so a chain of new ops grows rightwards from the old graph.
"""

import math

from layouts._common import MIN_DIST, NODE_SEP, RANK_SEP

MAX_TRIES = 10_000  # free-spot search steps before giving up and stacking below everything


class Grid:
    """Occupied points hashed by cell, to find a free spot in constant time."""

    def __init__(self, points=()):
        self.cells = {}
        self.bottom = -math.inf
        self.left = math.inf
        for p in points:
            self.add(p)

    def _cell(self, x, y):
        return (math.floor(x / MIN_DIST), math.floor(y / MIN_DIST))

    def add(self, p):
        self.cells.setdefault(self._cell(*p), []).append(p)
        self.bottom = max(self.bottom, p[1])
        self.left = min(self.left, p[0])

    def is_free(self, x, y):
        cx, cy = self._cell(x, y)
        for i in (cx - 1, cx, cx + 1):
            for j in (cy - 1, cy, cy + 1):
                for px, py in self.cells.get((i, j), ()):
                    if (px - x) ** 2 + (py - y) ** 2 < MIN_DIST**2:
                        return False
        return True

    def free_spot(self, x, y):
        """The free point nearest (x, y) on its vertical line, NODE_SEP steps, below first."""
        for k in range(MAX_TRIES):
            dy = (k + 1) // 2 * NODE_SEP * (1 if k % 2 else -1)
            if self.is_free(x, y - dy):
                return (x, y - dy)
        return (x, self.bottom + NODE_SEP)


def place_new(G, pos, fixed, layout="layered", grid=None):
    """Positions for all of G: nodes in ``fixed`` (and others in ``pos``) keep theirs.

    Parameters
    ----------
    G : networkx graph
    pos : dict
        Known positions; nodes of G with one keep it.
    fixed : iterable
        Nodes that must keep their position (all in ``pos``).
    layout : {"layered", "force"}
        Layered puts a new node a rank right of its inputs; force just near
        its neighbours (the force layout then relaxes it).
    grid : Grid or None
        The occupied points of ``pos``, when the caller keeps one (saves
        rebuilding it for big graphs); updated in place.

    Returns
    -------
    pos : dict

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> place_new(G, {"a": (0.0, 0.0), "b": (2.0, 0.0)}, ["a", "b"])["c"]
    (4.0, 0.0)
    """
    del fixed  # every node with a position keeps it: fixed ones are among them
    out = {n: pos[n] for n in G if n in pos}
    new = [n for n in G if n not in out]  # in G's order: inputs before the ops that read them
    if grid is None:
        grid = Grid(out.values())
    directed = G.is_directed()
    for v in new:
        x, y = _wanted_spot(G, v, out, grid, directed, layout)
        out[v] = grid.free_spot(x, y)
        grid.add(out[v])
    return out


def _wanted_spot(G, v, out, grid, directed, layout):
    preds = [out[u] for u in (G.pred[v] if directed else G.adj[v]) if u in out]
    succs = [out[u] for u in G.succ[v] if u in out] if directed else []
    if preds:
        x = max(p[0] for p in preds) + (RANK_SEP if layout == "layered" else 0)
        return (x, sum(p[1] for p in preds) / len(preds))
    if succs:
        x = min(p[0] for p in succs) - (RANK_SEP if layout == "layered" else 0)
        return (x, sum(p[1] for p in succs) / len(succs))
    left = 0.0 if grid.left == math.inf else grid.left
    bottom = -NODE_SEP if grid.bottom == -math.inf else grid.bottom
    return (left, bottom + NODE_SEP)
