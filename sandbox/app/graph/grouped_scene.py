"""A big graph's drawing: laid out in boxes by module scope, drawn with some groups folded.

``GroupedScene`` is a Scene whose columns come from a lens cut: the nodes of
open groups, folded groups as boxes coloured by their parameters' gradient
norm, and links that sum the edges into and out of folded groups. Which groups
are open is part of the scene (``with_open``), like its positions; the
positions never depend on it.
"""

import copy
import itertools
import math
from collections.abc import Mapping

import numpy as np

from layouts.flat import FlatModel
from layouts.grouped import grouped_positions, node_groups
from layouts.scopes import ScopeTree
from sandbox.app.graph.lens import GROUP_PREFIX, Lens
from sandbox.app.graph.scene import TEXT_MAX_VALUES, Scene, number, with_floats

GROUPED_ABOVE_NODES = 3_000  # graphs with more drawn nodes (values and ops) than this are laid out in groups
VIEW_BUDGET = 3_000  # a big graph opens as deep as fits this many drawn nodes and boxes
MAX_DRAWN = 60_000  # opening groups stops at this many drawn nodes: beyond, the browser pans and zooms slowly
_LAYOUTS = itertools.count()  # numbers the grouped layouts made in this process: a structure's identity
# "tone", not "shade": tools that find the value nodes by their "shade" column must not find the boxes
BOX_COLUMNS = ("id", "path", "label", "x", "y", "w", "h", "size", "norm", "tone")
LINK_WIDTH_MAX = 6.0  # pixels: a link's width grows with the log of the edges it stands for, up to this


class TooBigToDraw(Exception):
    """A graph the view will not draw, with the sentence that says what to do instead."""


def _drawn_nodes(nodes):
    """Value nodes and op nodes: what drawing every value of a trace takes."""
    return len(nodes) + sum(1 for n in nodes if n["op"])


def check_drawable(graph):
    """Refuse (TooBigToDraw) a graph whose least view, every group folded, is more than MAX_DRAWN nodes."""
    nodes = graph["nodes"]
    drawn = _drawn_nodes(nodes)
    if drawn <= MAX_DRAWN:
        return
    outside = sum(1 + bool(n["op"]) for n in nodes if not n.get("scope"))
    if outside > MAX_DRAWN:
        where = "outside any Module" if outside < drawn else "and no Module to fold"
        raise TooBigToDraw(
            f"This graph has {len(nodes):,} values ({outside:,} nodes {where}); the view draws at most "
            f"{MAX_DRAWN:,} nodes at once. Draw a part of it with show(...), or compute it inside Modules, "
            "which fold into boxes.")


def wants_groups(graph):
    """Big and made of modules: a plain drawing would be too many nodes to read."""
    nodes = graph["nodes"]
    return _drawn_nodes(nodes) > GROUPED_ABOVE_NODES and any(n.get("scope") for n in nodes)


def grouped_scene(graph, open_groups=None):
    """Lay a big graph out in boxes and draw it with groups folded (those given stay open, if any)."""
    flat = FlatModel(graph)
    tree = ScopeTree(flat)
    group = node_groups(tree, flat.nodes)
    xy, boxes = grouped_positions(tree, group, flat.src, flat.dst)
    return GroupedScene(graph, flat, tree, Lens(flat, tree, xy, boxes, group), open_groups)


class GroupedScene(Scene):
    """A Scene in boxes, with an open set of groups; ``cut`` is what is drawn."""

    grouped = True

    def __init__(self, graph, flat, tree, lens, open_groups=None):
        # Scene's attributes, from the flat model (no networkx graph: too slow to build at this size)
        self.graph = graph = with_floats(graph)
        self.by_id = {n["id"]: n for n in graph["nodes"]}
        self.order = [n["id"] for n in graph["nodes"]]
        self.big = len(self.order) > TEXT_MAX_VALUES
        self.compact = True
        self.op_output = flat.op_output
        self._flat = flat
        self._edges = None
        self._layout_number = next(_LAYOUTS)
        self.positions = ArrayPositions(flat.index, lens.x, lens.y)  # a dict of 130,000 tuples is 17 MB
        self.tree = tree
        self.lens = lens
        self._params = _parameter_rows(self.lens, self.by_id)
        kept = self._valid(open_groups or ())
        # groups kept open from the last graph, if it had any of these; else as deep as fits the budget
        self.open = kept if kept else self.lens.default_open(VIEW_BUDGET)
        self._cut = None

    @property
    def edges(self):
        """Edges as id pairs, made when first asked (stepping, find, export): 12 MB, not held before that."""
        if self._edges is None:
            self._edges = self._flat.edges()
        return self._edges

    def _valid(self, groups):
        return frozenset(g for g in groups if g in self.lens.group_index)

    def with_open(self, open_groups):
        """This drawing with other groups open: same positions, other nodes and boxes drawn."""
        fresh = copy.copy(self)
        fresh.open = self._valid(open_groups)
        fresh._cut = None
        return fresh

    # -- opening and folding (each gives a new scene, and a message when it could not do all) ----------

    def open_group(self, path):
        """Open one folded group, unless that would draw more than MAX_DRAWN nodes."""
        wanted = self.open | {path, *self.tree.ancestors(path)}
        drawn = self.lens.drawn_if(wanted)
        if drawn > MAX_DRAWN:
            return self, (f"Opening {path} would draw {drawn:,} nodes, more than the {MAX_DRAWN:,} the view "
                          "draws at once. Fold other groups first.")
        return self.with_open(wanted), None

    def fold_group(self, path):
        """Fold a group (and forget which of its inner groups were open)."""
        inner = {path, *(g for g in self.open if g.startswith(path + "."))}
        return self.with_open(self.open - inner)

    def open_all(self):
        """Open every group, or as deep as MAX_DRAWN allows (then say so)."""
        everything = frozenset(self.lens.groups)
        drawn = self.lens.drawn_if(everything)
        if drawn <= MAX_DRAWN:
            return self.with_open(everything), None
        opened = self.with_open(self.lens.default_open(MAX_DRAWN))
        return opened, (f"Opened as deep as {MAX_DRAWN:,} drawn nodes allow: all of it would be {drawn:,}. "
                        "Open the rest group by group.")

    def fold_all(self):
        return self.with_open(frozenset())

    def show_node(self, node):
        """Open what hides node (its groups), whatever MAX_DRAWN says: the user asked for this node."""
        return self.with_open(self.open | self.lens.opened_to_show(node))

    def open_group_at(self, x, y):
        """The innermost open group whose box holds (x, y), or None."""
        best = None
        for g in (b["path"] for b in self.cut().boxes if not b["closed"]):
            x0, y0, x1, y1 = self.lens.box_of[g]
            if x0 <= x <= x1 and y0 <= y <= y1 and (best is None or self.tree.depth[g] > self.tree.depth[best]):
                best = g
        return best

    def group_of(self, node):
        """The innermost open group node is drawn in, or None at the top level."""
        g = self.tree.group_of.get(node)
        return g if g in self.open else None

    def cut(self):
        if self._cut is None:
            self._cut = self.lens.cut(self.open)
        return self._cut

    @property
    def structure(self):
        """A number per laid-out graph (copies with new numbers keep it), and what is open."""
        return (self._layout_number, self.open)

    def columns(self, colour="grad", size="none", step=None, cut=None, shown_grads=None):
        cut = cut or self.cut()
        cols = super().columns(colour=colour, size=size, step=step, cut=cut, shown_grads=shown_grads)
        # a folded box's colour is its parameters' grad norm: while grads are hidden it has none
        hidden = shown_grads is not None and colour == "grad"
        cols.update(self._box_columns(cut, "none" if hidden else colour))
        if hidden:
            cols["boxes"]["norm"] = ["?"] * len(cols["boxes"]["norm"])
        cols["links"] = _link_columns(cut.links)
        cols["grouped"] = True
        cols["drawn"] = cut.drawn
        return cols

    def point_of(self, node):
        """Where node shows in this view: its own place, or the centre of the folded box it is in."""
        i = self.lens.index.get(node)
        if i is None:
            return None
        rep = int(self.cut().rep[i])  # the view's cut holds them: one pass over the graph per open set
        n = len(self.lens.nodes)
        if rep < n:
            return self.positions[node]
        x0, y0, x1, y1 = self.lens.group_box[rep - n]
        return ((x0 + x1) / 2, (y0 + y1) / 2)

    def _box_columns(self, cut, colour):
        norms = self._norms(colour)
        boxes = {k: [] for k in BOX_COLUMNS}
        frames = {k: [] for k in ("x", "y", "w", "h")}
        titles = {k: [] for k in ("x", "y", "text", "w", "h", "alpha")}
        for b in cut.boxes:
            w, h = b["x1"] - b["x0"], b["y1"] - b["y0"]
            x, y = (b["x0"] + b["x1"]) / 2, (b["y0"] + b["y1"]) / 2
            if b["closed"]:
                norm = norms[self.lens.group_index[b["path"]]]
                for k, v in (("id", GROUP_PREFIX + b["path"]), ("path", b["path"]), ("label", b["label"]),
                             ("x", x), ("y", y), ("w", w), ("h", h), ("size", b["size"]),
                             ("norm", "no parameters" if math.isnan(norm) else number(norm)), ("tone", norm)):
                    boxes[k].append(v)
            else:
                for k, v in (("x", x), ("y", y), ("w", w), ("h", h)):
                    frames[k].append(v)
            text = f"{b['label']} · {b['size']:,}" if b["closed"] else b["label"]
            for k, v in (("x", b["x0"]), ("y", b["y1"]), ("text", text), ("w", w), ("h", h), ("alpha", 0.0)):
                titles[k].append(v)
        shades = [s for s in boxes["tone"] if math.isfinite(s)]
        return {"boxes": boxes, "frames": frames, "titles": titles, "group_limit": max(shades, default=0.0) or 1.0}

    def _norms(self, colour):
        """Per group: the L2 norm of its parameters' grads (or data); NaN without parameters or colour."""
        key = {"grad": "grad", "data": "data"}.get(colour)
        norms = np.full(len(self.lens.groups), math.nan)
        rows, ids = self._params
        if key is None or not ids:
            return norms
        v = np.array([self.by_id[i][key] for i in ids], dtype=float)
        v = np.where(np.isfinite(v), v, 0.0) ** 2
        sums, counts = np.zeros(len(norms)), np.zeros(len(norms))
        for d in range(rows.shape[1]):
            ok = rows[:, d] >= 0
            np.add.at(sums, rows[ok, d], v[ok])
            np.add.at(counts, rows[ok, d], 1)
        return np.where(counts > 0, np.sqrt(sums), math.nan)


def _parameter_rows(lens, by_id):
    """(the group chain of every parameter, their ids): parameters are leaves named by their module path."""
    ids = [v for v in lens.nodes if v in by_id and _is_parameter(by_id[v])]
    rows = lens.chain[[lens.index[v] for v in ids]] if ids else np.zeros((0, lens.chain.shape[1]), dtype=np.int64)
    return rows, ids


def _is_parameter(node):
    scope = node.get("scope") or ""
    return not node["op"] and bool(scope) and node["id"] == f"{scope}.{node['label']}"


def _link_columns(links):
    cols = {k: [] for k in ("x0", "y0", "x1", "y1", "width", "count")}
    for link in links:
        for k in ("x0", "y0", "x1", "y1", "count"):
            cols[k].append(link[k])
        cols["width"].append(min(LINK_WIDTH_MAX, 1.0 + math.log2(link["count"])))
    return cols


class ArrayPositions(Mapping):
    """id -> (x, y) read from the layout's arrays: what Scene expects of its positions, at a tenth of the memory."""

    def __init__(self, index, x, y):
        self.index, self.x, self.y = index, x, y

    def __getitem__(self, node):
        i = self.index[node]
        return (float(self.x[i]), float(self.y[i]))

    def __iter__(self):
        return iter(self.index)

    def __len__(self):
        return len(self.index)
