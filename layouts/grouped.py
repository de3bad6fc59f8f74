"""Layered layout in boxes: every module scope gets a rectangle of its own, nested like the modules.

A plain layered layout of a big model interleaves its modules: the same
neuron runs once per example, so its values sit in every example's band from
top to bottom (on micrograd's demo step the sixteen neurons of a layer have
centroids within 0.5% of the drawing's height of each other). Folding such a
neuron into one node would leave nothing sensible to draw. Here each group's
own values, with its child groups as single nodes, are laid out by the layered
layout; then the child groups are blown up to the size of their boxes (columns
widen, boxes in a column move apart just enough, by isotonic regression). So
a folded group can be drawn as its box, and opening it fills the box in:
nothing else moves. Everything works on index arrays: the demo step's 130,895
nodes take about as long as one plain layered layout of them.
"""

import numpy as np
from scipy.optimize import isotonic_regression

from layouts._arrays import csr
from layouts._common import NODE_SEP
from layouts.layered import layered_arrays
from layouts.memo import LAYOUTS
from layouts.ordering import effort
from layouts.scopes import ROOT, ScopeTree

BOX_PAD = 1.0  # layout units between a box's border and what it holds
NODE_HALF = 0.5  # a plain node's half extent when a box is fitted around it
STACK_ROOM = 0.04  # a stack of copies keeps this share of a copy's size (1 unit at least) for the edges behind
SHELF_ASPECT = 3.0  # a box of unconnected items (parameters) is about this many times as wide as tall


def grouped_layout(G, tree=None):
    """Positions for every node and a box for every group, in layout units (like ``scale=None``).

    Parameters
    ----------
    G : networkx.DiGraph
        Usually from ``graph_model``; nodes carry a ``scope``.
    tree : ScopeTree or None, optional (default=None)
        The groups of G; None builds it.

    Returns
    -------
    pos : dict
        node -> (x, y).
    boxes : dict
        group -> (x0, y0, x1, y1), every group but the root; each holds its
        members and its child groups' boxes, and sibling boxes do not overlap.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("x", "a"), ("a", "b"), ("b", "y")])
    >>> nx.set_node_attributes(G, {"a": "net.0", "b": "net.1"}, "scope")
    >>> pos, boxes = grouped_layout(G)
    >>> sorted(boxes)
    ['net', 'net.0', 'net.1']
    >>> x0, y0, x1, y1 = boxes["net.0"]
    >>> bool(x0 < pos["a"][0] < x1 and boxes["net.0"][2] < boxes["net.1"][0])
    True
    >>> grouped_layout(nx.DiGraph())
    ({}, {})
    """
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    tree = tree or ScopeTree(G)
    m = G.number_of_edges()
    src = np.fromiter((index[u] for u, _ in G.edges()), dtype=np.int64, count=m)
    dst = np.fromiter((index[v] for _, v in G.edges()), dtype=np.int64, count=m)
    xy, boxes = grouped_positions(tree, node_groups(tree, nodes), src, dst)
    return dict(zip(nodes, map(tuple, xy.tolist()))), boxes


def node_groups(tree, nodes):
    """For each node (in order), the index of its group in ``tree.preorder()`` (0: the top level)."""
    where = {g: j for j, g in enumerate(tree.preorder())}
    return np.fromiter((where[tree.group_of[v]] for v in nodes), dtype=np.int64, count=len(nodes))


def grouped_positions(tree, group, src, dst, stacks=()):
    """The grouped layout on index arrays: node i is in group ``tree.preorder()[group[i]]``.

    Returns (an n x 2 array of positions, {group: box}). Nodes are expected in
    the trace's order (it is each rank's start order); edges are src -> dst.
    A group without edges among its items (a module whose parameters are all
    used outside it) puts them in a grid, in order: a column of them would be
    as tall as they are many. The groups named in ``stacks`` (a repeat's,
    whose items are copies of one computation, drawn one at a time) put all
    their items in one place.
    """
    n = len(group)
    groups = tree.preorder()
    k = len(groups)
    where = {g: j for j, g in enumerate(groups)}
    parent = np.array([where[tree.parent[g]] if g != ROOT else -1 for g in groups], dtype=np.int64)
    first = _first_member(n, k, group, parent)
    holder, a, b = _edges_by_holder(n, group, parent, src, dst)
    plan = effort(n + len(src))  # the effort one layout of the whole graph would get: as fast, per node
    members_start, members = csr(k, group, np.arange(n))
    edges_start, order = csr(k, holder, np.arange(len(holder)))
    local, size = [None] * k, np.zeros((k, 2))
    slot = np.full(n + k, -1, dtype=np.int64)
    for j in range(k - 1, -1, -1):  # children before parents (preorder reversed)
        kids = np.array([where[c] for c in tree.children[groups[j]]], dtype=np.int64)
        items = np.concatenate([members[members_start[j]:members_start[j + 1]], n + kids])
        e = order[edges_start[j]:edges_start[j + 1]]
        slot[items] = np.arange(len(items))
        key = np.where(items < n, items, first[np.maximum(items - n, 0)])
        half = np.full((len(items), 2), NODE_HALF)
        half[items >= n] = size[items[items >= n] - n] / 2
        if groups[j] in stacks:
            local[j], size[j] = _stack_content(half)
        elif len(e) == 0 and j > 0:
            local[j], size[j] = _grid_content(half)
        else:
            local[j], size[j] = _layout_content(key, slot[a[e]], slot[b[e]], half, items >= n, plan)
        slot[items] = -1
    return _place(n, groups, tree, where, local, size, (members_start, members))


def _first_member(n, k, group, parent):
    """For each group, the smallest node index inside it at any depth: its place in the trace's order."""
    first = np.full(k, n, dtype=np.int64)
    np.minimum.at(first, group, np.arange(n))
    depth_order = np.argsort(-_depths(parent), kind="stable")
    for j in depth_order:
        if parent[j] >= 0:
            first[parent[j]] = min(first[parent[j]], first[j])
    return first


def _depths(parent):
    depth = np.zeros(len(parent), dtype=np.int64)
    for j in range(len(parent)):  # preorder: a parent comes before its children
        if parent[j] >= 0:
            depth[j] = depth[parent[j]] + 1
    return depth


def _edges_by_holder(n, group, parent, src, dst):
    """Each edge in the innermost group holding both ends, its ends as that group's items.

    An item is a node (its index) or a child box (n + the child group's index).
    """
    gu, gv = group[src], group[dst]
    holder, a, b = gu.copy(), src.copy(), dst.copy()
    cross = np.flatnonzero(gu != gv)
    if len(cross):
        pairs, inverse = np.unique(np.stack([gu[cross], gv[cross]], axis=1), axis=0, return_inverse=True)
        inverse = inverse.ravel()
        chains = {}

        def chain(j):
            if j not in chains:
                chains[j] = (chain(parent[j]) if parent[j] >= 0 else ()) + (j,)
            return chains[j]

        h, bu, bv = (np.empty(len(pairs), dtype=np.int64) for _ in range(3))
        for p, (x, y) in enumerate(pairs.tolist()):
            cu, cv = chain(x), chain(y)
            d = 0
            while d < min(len(cu), len(cv)) and cu[d] == cv[d]:
                d += 1
            h[p] = cu[d - 1]
            bu[p] = n + cu[d] if d < len(cu) else -1
            bv[p] = n + cv[d] if d < len(cv) else -1
        holder[cross] = h[inverse]
        a[cross] = np.where(bu[inverse] >= 0, bu[inverse], src[cross])
        b[cross] = np.where(bv[inverse] >= 0, bv[inverse], dst[cross])
    return holder, a, b


def _layout_content(key, a, b, half, boxed, plan):
    """One group's items laid out around (0, 0) (child boxes at their size), and the group's (w, h).

    Remembered by shape: only the keys' order counts, so a box whose content is as it was (the others'
    neurons, when a top-level value is added) costs nothing the next time, in any session.
    """
    order = np.argsort(np.argsort(key, kind="stable"), kind="stable")
    parts = ["box", order, a, b, half, boxed, sorted(plan.items())]
    return LAYOUTS.get(parts, lambda: _lay_out_content(order, a, b, half, boxed, plan))


def _lay_out_content(key, a, b, half, boxed, plan):
    m = len(key)
    if m == 0:
        return np.zeros((0, 2)), np.array([2 * BOX_PAD, 2 * BOX_PAD])
    rank_of = _topological_numbers(m, a, b, key)
    s, t = rank_of[a], rank_of[b]
    s, t = np.minimum(s, t), np.maximum(s, t)  # an edge against the order (a cycle through boxes) turns around
    keep = s != t
    pairs = np.unique(np.stack([s[keep], t[keep]], axis=1), axis=0) if keep.any() else np.zeros((0, 2), np.int64)
    numbered = np.empty(m, dtype=np.int64)
    numbered[rank_of] = np.arange(m)  # numbered[r] = the item numbered r
    xy_numbered = layered_arrays(m, pairs[:, 0].copy(), pairs[:, 1].copy(), key=key[numbered], plan=plan)
    xy = xy_numbered[rank_of]
    xy = _inflate(xy, half, boxed)
    lo, hi = (xy - half).min(axis=0) - BOX_PAD, (xy + half).max(axis=0) + BOX_PAD
    return xy - (lo + hi) / 2, hi - lo


def _stack_content(half):
    """Items one behind the other at the lower left, with room at the top right for the stack's edges to show.

    >>> xy, size = _stack_content(np.full((3, 2), [10.0, 5.0]))
    >>> xy.tolist(), size.tolist()
    ([[-0.5, -0.5], [-0.5, -0.5], [-0.5, -0.5]], [23.0, 13.0])
    """
    if len(half) == 0:
        return np.zeros((0, 2)), np.array([2 * BOX_PAD, 2 * BOX_PAD])
    item = 2 * half.max(axis=0)
    room = np.maximum(STACK_ROOM * item, 1.0)
    return np.tile(-room / 2, (len(half), 1)), item + room + 2 * BOX_PAD


def _grid_content(half):
    """Items in rows, in order, left to right from the top, each row as tall as its tallest item.

    Rows are filled up to a width that makes the whole about SHELF_ASPECT times as wide as tall.

    >>> xy, size = _grid_content(np.full((5, 2), 0.5))  # five plain nodes
    >>> xy.tolist(), size.tolist()
    ([[-3.0, 1.0], [-1.0, 1.0], [1.0, 1.0], [3.0, 1.0], [-3.0, -1.0]], [9.0, 5.0])
    """
    m = len(half)
    if m == 0:
        return np.zeros((0, 2)), np.array([2 * BOX_PAD, 2 * BOX_PAD])
    cell = 2 * half + NODE_SEP
    width = max(cell[:, 0].max(), np.sqrt((cell[:, 0] * cell[:, 1]).sum() * SHELF_ASPECT))
    xy = np.zeros((m, 2))
    x = top = row_h = 0.0
    for i, (w, h) in enumerate(cell):
        if x > 0 and x + w / 2 > width:  # its centre would be past the width: a new row
            x, top, row_h = 0.0, top - row_h, 0.0
        xy[i] = x + w / 2, top - h / 2
        x, row_h = x + w, max(row_h, h)
    lo, hi = (xy - half).min(axis=0), (xy + half).max(axis=0)
    return xy - (lo + hi) / 2, hi - lo + 2 * BOX_PAD


def _topological_numbers(m, a, b, key):
    """A number per item such that edges go from lower to higher, ties (and cycles) by key.

    Kahn's algorithm a level at a time, in numpy; when only cycles are left,
    the item with the smallest key goes next.
    """
    indeg = np.bincount(b, minlength=m)
    start, succ = csr(m, a, b)
    left = np.ones(m, dtype=bool)
    out, count = np.empty(m, dtype=np.int64), 0
    frontier = np.flatnonzero(indeg == 0)
    while count < m:
        if len(frontier) == 0:
            rest = np.flatnonzero(left)
            frontier = rest[[np.argmin(key[rest])]]
        frontier = frontier[np.argsort(key[frontier], kind="stable")]
        out[count:count + len(frontier)] = frontier
        count += len(frontier)
        left[frontier] = False
        lens = start[frontier + 1] - start[frontier]
        targets = succ[np.repeat(start[frontier] - np.cumsum(lens) + lens, lens) + np.arange(lens.sum())]
        np.subtract.at(indeg, targets, 1)
        frontier = np.unique(targets[(indeg[targets] <= 0) & left[targets]])
    number = np.empty(m, dtype=np.int64)
    number[out] = np.arange(m)
    return number


def _inflate(xy, half, boxed):
    """Make room for boxes: a column holding boxes widens to the widest, and its boxes move apart.

    Columns keep their order and their distances plus the widths of their
    boxes. Within a column the boxes keep their order and take the
    least-squares closest positions that do not overlap (isotonic regression
    on positions minus the gaps required so far). Plain nodes in a column with
    boxes (constants the ranking pulled next to the op reading them) move just
    right of the boxes, at their height: drawn over a box they would look
    inside it.
    """
    x, y = xy[:, 0], xy[:, 1]
    hx, hy = half[:, 0], half[:, 1]
    cols, col = np.unique(x, return_inverse=True)
    box_half = np.zeros(len(cols))
    np.maximum.at(box_half, col[boxed], hx[boxed])
    has_plain = np.bincount(col[~boxed], minlength=len(cols)) > 0
    has_box = box_half > 0
    left = np.where(has_box, box_half, NODE_HALF)  # extents of each column around its x
    plain_dx = np.where(has_box, box_half + NODE_SEP + NODE_HALF, 0.0)  # where plain nodes go in it
    right = np.where(has_box & has_plain, plain_dx + NODE_HALF, left)
    gaps = np.diff(cols) - 2 * NODE_HALF  # the free space between columns as laid out
    anchor = np.concatenate([[0.0], np.cumsum(right[:-1] + gaps + left[1:])])
    new_x = anchor[col] + np.where(boxed, 0.0, plain_dx[col])
    new_y = y.copy()
    for c in np.flatnonzero(has_box):
        idx = np.flatnonzero((col == c) & boxed)
        idx = idx[np.argsort(y[idx], kind="stable")]
        need = np.concatenate([[0.0], np.cumsum(hy[idx][:-1] + hy[idx][1:] + NODE_SEP)])
        new_y[idx] = isotonic_regression(y[idx] - need).x + need
    return np.stack([new_x, new_y], axis=1)


def _place(n, groups, tree, where, local, size, members):
    """Every item's local position plus its box's centre, from the top level down."""
    start, nodes = members
    xy = np.zeros((n, 2))
    centre = np.zeros((len(groups), 2))
    boxes = {}
    for j, g in enumerate(groups):  # preorder: a box's centre is known before its items are placed
        items_xy = local[j] + centre[j]
        own = nodes[start[j]:start[j + 1]]
        kids = [where[c] for c in tree.children[g]]
        xy[own] = items_xy[:len(own)]
        centre[kids] = items_xy[len(own):]
        if g != ROOT:
            (cx, cy), (w, h) = centre[j], size[j]
            boxes[g] = (float(cx - w / 2), float(cy - h / 2), float(cx + w / 2), float(cy + h / 2))
    return xy, boxes
