"""Incremental placement: nodes with a position stay put, new nodes go next to their neighbours.

A new node that reads placed nodes goes one rank to the right of the rightmost
of them, level with their mean; one that only feeds placed nodes goes one rank
to the left of them; one with no placed neighbour at all starts a new row under
everything. If the spot is taken it tries the nearest free one, alternating
below and above. New nodes are visited in G's order (topological for
graph_model), so a chain of new ops grows rightwards from the old graph.

A connected group of BLOCK_MIN or more new nodes (an edit early in the script
renews everything downstream of it) is laid out on its own first, with the
layered layout, and moved as one block: right of its placed inputs, level
with them, shifted up or down to the nearest place where it overlaps nothing.
"""

import itertools
import math

import networkx as nx

from layouts._common import MIN_DIST, NODE_SEP, RANK_SEP

MAX_TRIES = 10_000  # free-spot search steps before giving up and stacking below everything
BLOCK_MIN = 3  # connected new nodes from this many on are laid out together, as a block
BLOCK_TRIES = 400  # vertical shifts tried for a block before putting it under everything


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

    def remove(self, p):
        """Forget a point (its node vanished); bottom and left stay as they were: still outside everything."""
        cell = self.cells.get(self._cell(*p))
        if cell and p in cell:
            cell.remove(p)

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


def place_new(G, pos, fixed, layout="layered", grid=None, block_layout=None):
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
    block_layout : callable or None
        Lays out a subgraph of new nodes, in layout units; None places every
        new node on its own.

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
    new = [n for n in G if n not in pos]  # in G's order: inputs before the ops that read them
    # every other node of G has a position; when pos has no more than those, copy it whole (fast)
    out = dict(pos) if len(pos) + len(new) == len(G) else {n: pos[n] for n in G if n in pos}
    if grid is None:
        grid = Grid(out.values())
    directed = G.is_directed()
    groups = _groups(G, new) if block_layout is not None and len(new) >= BLOCK_MIN else [new]
    for group in groups:
        if len(group) >= BLOCK_MIN and block_layout is not None:
            _place_block(G, group, out, grid, block_layout(_induced(G, group)))
            continue
        for v in group:
            x, y = _wanted_spot(G, v, out, grid, directed, layout)
            out[v] = grid.free_spot(x, y)
            grid.add(out[v])
    return out


def _induced(G, group):
    """The subgraph on group as a graph of its own, nodes in group's order.

    (A networkx subgraph view of a few nodes iterates them in set order, which
    changes between runs: the block would not be deterministic.)
    """
    members = set(group)
    H = nx.DiGraph() if G.is_directed() else nx.Graph()
    H.add_nodes_from(group)
    H.add_edges_from((u, v) for u in group for v in G.adj[u] if v in members)
    return H


def _groups(G, new):
    """The new nodes split into connected groups, each in G's order, groups by their first node."""
    where = {v: i for i, v in enumerate(new)}
    seen, groups = set(), []
    for v in new:
        if v in seen:
            continue
        seen.add(v)
        stack, group = [v], []
        while stack:
            u = stack.pop()
            group.append(u)
            for w in itertools.chain(G.pred[u], G.succ[u]) if G.is_directed() else G.adj[u]:
                if w in where and w not in seen:
                    seen.add(w)
                    stack.append(w)
        groups.append(sorted(group, key=where.__getitem__))
    return groups


def _place_block(G, group, out, grid, block):
    """Move a laid-out group (block: node -> (x, y)) to free space by its placed neighbours."""
    directed = G.is_directed()
    ins = [(out[u], block[v]) for v in group for u in (G.pred[v] if directed else G.adj[v]) if u in out]
    outs = [(out[u], block[v]) for v in group for u in G.succ[v] if u in out] if directed else []
    bottom = (-NODE_SEP if grid.bottom == -math.inf else grid.bottom) + NODE_SEP
    lowest = min(p[1] for p in block.values())
    if ins:  # right of every placed input, level with them on average
        dx = max(p[0] + RANK_SEP - b[0] for p, b in ins)
        dy = sum(p[1] - b[1] for p, b in ins) / len(ins)
    elif outs:
        dx = min(p[0] - RANK_SEP - b[0] for p, b in outs)
        dy = sum(p[1] - b[1] for p, b in outs) / len(outs)
    else:  # nothing placed to attach to: a new row under everything
        dx = (0.0 if grid.left == math.inf else grid.left) - min(p[0] for p in block.values())
        dy = bottom - lowest
    points = [(x + dx, y) for x, y in block.values()]
    for k in range(BLOCK_TRIES):
        shift = dy + (k + 1) // 2 * NODE_SEP * (1 if k % 2 else -1)
        if all(grid.is_free(x, y + shift) for x, y in points):
            break
    else:
        shift = bottom - lowest  # under everything: always free
    for v, (x, y) in zip(block, points):
        out[v] = (x, y + shift)
        grid.add(out[v])


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
