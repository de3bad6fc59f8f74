"""What a view of a big graph draws when some groups are folded: a derived graph, in numpy.

A folded (closed) group is drawn as its box and stands for every node inside
it; the edges of its members become links between what is drawn, one per pair
of ends, with the number of edges they stand for. Positions come from the
grouped layout, so opening a group only fills its box in. No Bokeh here.

>>> from engine import Value, trace
>>> from engine.nn import MLP
>>> import random; random.seed(0)
>>> net = MLP(2, [2, 1])
>>> out = net([Value(1.0), Value(2.0)])
>>> lens = Lens.of(trace(out, names={"net": net}).to_dict())
>>> [g for g in lens.groups]
['net', 'net.layers.0', 'net.layers.0.neurons.0', 'net.layers.0.neurons.1', 'net.layers.1']
>>> cut = lens.cut(set())
>>> [b["path"] for b in cut.boxes], len(cut.node_ids) < len(lens.nodes)
(['net'], True)
>>> len(lens.cut(set(lens.groups)).node_ids) == len(lens.nodes)
True
"""

from dataclasses import dataclass, field

import numpy as np

from layouts._arrays import csr
from layouts.flat import FlatModel
from layouts.grouped import grouped_positions, node_groups
from layouts.repeats import find_repeats, repeat_labels, repeat_scopes
from layouts.scopes import ROOT, ScopeTree

GROUP_PREFIX = "group:"  # a box's id in the drawing: never equal to a node id (those never contain ':' at 5)


@dataclass
class Cut:
    """One view: the nodes and boxes drawn, the edges among drawn nodes, and links to or between boxes."""

    open: frozenset
    node_ids: list  # drawn nodes, in the model's order
    edges: list  # (u, v) both drawn nodes
    boxes: list = field(default_factory=list)  # dicts: path, label, closed, depth, x0, y0, x1, y1, size
    links: list = field(default_factory=list)  # dicts: x0, y0, x1, y1, count (edges the link stands for)
    rep: object = field(default=None, compare=False, repr=False)  # Lens.representatives of this open set

    @property
    def drawn(self):
        """Nodes and closed boxes on screen: what the node budget counts."""
        return len(self.node_ids) + sum(b["closed"] for b in self.boxes)


class Lens:
    """The arrays a view needs, made once per graph structure; ``cut(open)`` is cheap."""

    def __init__(self, flat, tree, xy, boxes, group=None, repeats=()):
        self.tree, self.box_of = tree, boxes
        self.repeats = {r.path: r for r in repeats}  # groups of copies of one computation (layouts.repeats)
        self.flat = flat
        self.nodes = flat.nodes
        self.index = flat.index
        n = len(self.nodes)
        self.x, self.y = xy[:, 0].copy(), xy[:, 1].copy()
        self.groups = [g for g in tree.preorder() if g != ROOT]
        self.group_index = {g: j for j, g in enumerate(self.groups)}
        depth = max((tree.depth[g] for g in self.groups), default=0)
        # chain[i, d]: the group at depth d + 1 that holds node i (outermost first), -1 below its own group
        self.chain = np.full((n, depth), -1, dtype=np.int64)
        group = node_groups(tree, self.nodes) if group is None else group  # 0: the top level, j + 1: groups[j]
        start, rows_by_group = csr(len(self.groups) + 1, group, np.arange(n))
        for g in self.groups:
            j = self.group_index[g]
            rows = rows_by_group[start[j + 1]:start[j + 2]]
            for d, h in enumerate([*tree.ancestors(g)[::-1], g]):
                self.chain[rows, d] = self.group_index[h]
        self.src, self.dst = flat.src, flat.dst
        self.group_box = np.array([boxes[g] for g in self.groups], dtype=float).reshape(-1, 4)
        self.group_parent = np.array([self.group_index.get(tree.parent[g], -1) for g in self.groups], dtype=np.int64)

    @classmethod
    def of(cls, graph):
        """A lens straight from a trace: its model, its groups (modules and repeats) and their grouped layout."""
        flat = FlatModel(graph)
        repeats = find_repeats(graph, flat)
        flat.rescope(repeat_scopes(repeats))
        tree = ScopeTree(flat, labels=repeat_labels(repeats))
        group = node_groups(tree, flat.nodes)
        xy, boxes = grouped_positions(tree, group, flat.src, flat.dst, stacks={r.path for r in repeats})
        return cls(flat, tree, xy, boxes, group, repeats)

    # -- which groups are open --------------------------------------------------------------------

    def default_open(self, budget):
        """Groups to open so the view fits a node budget: outermost first, the cheapest first within a level.

        A level's groups open while they fit; the next level is the children
        of the groups just opened; it stops at the first level where none fits.
        """
        tree = self.tree
        opened, level = set(), list(tree.children[ROOT])
        drawn = len(tree.members[ROOT]) + len(level)
        while level:
            cost = {g: len(tree.members[g]) + len(tree.children[g]) - 1 for g in level}
            fits = []
            for g in sorted(level, key=lambda g: (cost[g], self.group_index[g])):
                if drawn + cost[g] <= budget:
                    drawn += cost[g]
                    fits.append(g)
            opened.update(fits)
            level = [c for g in fits for c in tree.children[g]]
        return frozenset(opened)

    def drawn_if(self, open_groups):
        """How many nodes and closed boxes a view with these groups open would draw."""
        tree = self.tree
        drawn, stack = len(tree.members[ROOT]), list(tree.children[ROOT])
        while stack:
            g = stack.pop()
            if g in open_groups:
                drawn += len(tree.members[g])
                stack.extend(self._shown_children(g, open_groups))
            else:
                drawn += 1
        return drawn

    def opened_to_show(self, node):
        """The groups that must be open for node to be drawn itself (its group and the ones around it)."""
        g = self.tree.group_of.get(node, ROOT)
        return set() if g == ROOT else {g, *self.tree.ancestors(g)}

    # -- repeats: copies of one computation in one place, one of them shown -------------------------

    def copy_of(self, group):
        """The copy of a repeat that group is, or is inside; None outside repeats."""
        for g in [group, *self.tree.ancestors(group)]:
            if self.tree.parent.get(g) in self.repeats:
                return g
        return None

    def shown_copy(self, repeat, open_groups):
        """The copy an open repeat shows: its open one, else its first."""
        copies = self.tree.children[repeat]
        return next((c for c in copies if c in open_groups), copies[0])

    def one_copy_each(self, open_groups, newest=()):
        """``open_groups`` with one copy open per repeat at most: one holding a group of ``newest`` if any, else
        the first; the others fold with what was open in them (copies share a place: two would overlap)."""
        known = [g for g in open_groups if g in self.group_index]
        copy_of = {g: self.copy_of(g) for g in [*known, *(g for g in newest if g in self.group_index)]}
        kept = {}
        for g in [*newest, *sorted(known, key=self.group_index.get)]:
            if copy_of.get(g) is not None:
                kept.setdefault(self.tree.parent[copy_of[g]], copy_of[g])
        return frozenset(g for g in open_groups
                         if copy_of.get(g) is None or kept[self.tree.parent[copy_of[g]]] == copy_of[g])

    def _shown_children(self, group, open_groups):
        """An open group's children on screen: all of them, or a repeat's one shown copy."""
        if group in self.repeats:
            return [self.shown_copy(group, open_groups)]
        return self.tree.children[group]

    def _hidden_copies(self, open_groups):
        """(indices of the copies behind the shown ones in open repeats, the index of each one's repeat)."""
        hidden, repeat = [], []
        for r in self.repeats:
            if r in open_groups:
                shown = self.shown_copy(r, open_groups)
                hidden += [self.group_index[c] for c in self.tree.children[r] if c != shown]
                repeat += [self.group_index[r]] * (len(self.tree.children[r]) - 1)
        return np.array(hidden, dtype=np.int64), np.array(repeat, dtype=np.int64)

    # -- one view ---------------------------------------------------------------------------------

    def representatives(self, open_groups):
        """For each node, its own index if drawn, else n + the index of the outermost closed group it is in.

        The copies behind a repeat's shown one count as closed, and stand for their repeat.
        """
        n = len(self.nodes)
        closed = np.ones(len(self.groups) + 1, dtype=bool)  # the extra last entry: -1 (no group) is never closed
        closed[-1] = False
        for g in open_groups:
            j = self.group_index.get(g)
            if j is not None:
                closed[j] = False
        hidden, repeat = self._hidden_copies(open_groups)
        closed[hidden] = True
        rep = np.arange(n)
        if self.chain.shape[1]:
            hit = closed[self.chain]
            first = hit.argmax(axis=1)
            folded = hit[np.arange(n), first]
            rep[folded] = n + self.chain[folded, first[folded]]
        if len(hidden):
            stand_for = np.arange(len(self.groups))
            stand_for[hidden] = repeat
            rep[rep >= n] = n + stand_for[rep[rep >= n] - n]
        return rep

    def cut(self, open_groups):
        """The view with these groups open (unknown names are ignored; a group inside a closed one is closed)."""
        open_groups = frozenset(g for g in open_groups if g in self.group_index)
        n = len(self.nodes)
        rep = self.representatives(open_groups)
        drawn = np.flatnonzero(rep == np.arange(n))
        rs, rd = rep[self.src], rep[self.dst]
        keep = rs != rd
        plain = keep & (rs < n) & (rd < n)
        edges = [(self.nodes[u], self.nodes[v]) for u, v in zip(rs[plain].tolist(), rd[plain].tolist())]
        boxes = self._boxes(open_groups)
        links = self._links(rs[keep & ~plain], rd[keep & ~plain])
        return Cut(open_groups, [self.nodes[i] for i in drawn.tolist()], edges, boxes, links, rep)

    def _boxes(self, open_groups):
        """Closed groups whose parents are open, and the open ones (drawn as frames), parents first."""
        tree, out = self.tree, []
        stack = list(reversed(tree.children[ROOT]))
        while stack:
            g = stack.pop()
            x0, y0, x1, y1 = self.box_of[g]
            closed = g not in open_groups
            repeat = self.repeats.get(g)
            out.append({"path": g, "label": tree.label(g), "closed": closed, "depth": tree.depth[g],
                        "x0": x0, "y0": y0, "x1": x1, "y1": y1, "size": tree.size[g],
                        "copies": repeat.count if repeat else 0, "each": repeat.values_each if repeat else 0})
            if not closed:
                stack.extend(reversed(self._shown_children(g, open_groups)))
        return out

    def _links(self, rs, rd):
        """Edges with a folded end, summed per pair of drawn ends; each drawn from border to border.

        A link leaves a box from its right side and enters one from its left
        (data flows left to right), at the height of the other end when the
        box spans it: links then run level instead of crossing the box.
        """
        if len(rs) == 0:
            return []
        n = len(self.nodes)
        width = n + len(self.groups)
        pairs, counts = np.unique(rs * width + rd, return_counts=True)
        a, b = pairs // width, pairs % width
        apart = ~(self._inside(a, b) | self._inside(b, a))  # a node and the repeat it shows: no side to leave by
        a, b, counts = a[apart], b[apart], counts[apart]
        ax0, ay0, ax1, ay1 = self._extent(a)
        bx0, by0, bx1, by1 = self._extent(b)
        sy = np.clip((by0 + by1) / 2, ay0, ay1)
        ty = np.clip(sy, by0, by1)
        sy = np.clip(ty, ay0, ay1)
        return [{"x0": float(x0), "y0": float(y0), "x1": float(x1), "y1": float(y1), "count": int(c)}
                for x0, y0, x1, y1, c in zip(ax1, sy, bx0, ty, counts)]

    def _inside(self, a, b):
        """Whether each drawn thing a is inside the group b (False where b is a node)."""
        n = len(self.nodes)
        inside = np.zeros(len(a), dtype=bool)
        group = b >= n
        if not group.any() or not self.chain.shape[1]:
            return inside
        g = b - n
        node = group & (a < n)
        inside[node] = (self.chain[a[node]] == g[node, None]).any(axis=1)
        up = np.where(group & (a >= n), self.group_parent[np.maximum(a - n, 0)], -1)
        while (up >= 0).any():
            inside |= group & (up == g)
            up = np.where(up >= 0, self.group_parent[np.maximum(up, 0)], -1)
        return inside

    def _extent(self, reps):
        """(x0, y0, x1, y1) of each drawn thing: a node's point, or a group's box."""
        n = len(self.nodes)
        node = reps < n
        x0 = np.where(node, self.x[np.minimum(reps, n - 1)], 0.0)
        y0 = np.where(node, self.y[np.minimum(reps, n - 1)], 0.0)
        x1, y1 = x0.copy(), y0.copy()
        if (~node).any():
            box = self.group_box[reps[~node] - n]
            x0[~node], y0[~node], x1[~node], y1[~node] = box.T
        return x0, y0, x1, y1
