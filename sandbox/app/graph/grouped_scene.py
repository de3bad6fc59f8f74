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

from sandbox.app.graph.lens import GROUP_PREFIX, Lens
from sandbox.app.graph.scene import TEXT_MAX_VALUES, Scene, number, with_floats

GROUPED_ABOVE_NODES = 3_000  # graphs with more drawn nodes (values and ops) than this are laid out in groups
VIEW_BUDGET = 3_000  # a big graph opens as deep as fits this many drawn nodes and boxes
MAX_DRAWN = 60_000  # opening groups stops at this many drawn nodes: beyond, the browser pans and zooms slowly
_LAYOUTS = itertools.count()  # numbers the grouped layouts made in this process: a structure's identity
# "tone", not "shade": tools that find the value nodes by their "shade" column must not find the boxes
BOX_COLUMNS = ("id", "path", "label", "x", "y", "w", "h", "size", "norm", "tone")
LINK_WIDTH_MAX = 6.0  # pixels: a link's width grows with the log of the edges it stands for, up to this
STACK_COLUMNS = ("x", "y", "w", "h")  # the cards behind a repeat's box
STACK_STEPS = (1.0, 0.5, 0.0)  # a repeat's cards, back to front, shifted by these shares of the room behind it
REPEAT_TITLE_BOOST = 4  # a repeat's title shows on a box a quarter the size other titles need: its count matters


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
    lens = Lens.of(graph)
    return GroupedScene(graph, lens.flat, lens.tree, lens, open_groups)


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
        # groups kept open from the last graph, if it had any of these; else as deep as fits the budget, or,
        # when something repeats, the outline: every box folded (the model, ×100), every value outside them
        self.open = kept if kept or self.lens.repeats else self.lens.default_open(VIEW_BUDGET)
        self._cut = None

    @property
    def edges(self):
        """Edges as id pairs, made when first asked (stepping, find, export): 12 MB, not held before that."""
        if self._edges is None:
            self._edges = self._flat.edges()
        return self._edges

    def _valid(self, groups, newest=()):
        return self.lens.one_copy_each(frozenset(g for g in groups if g in self.lens.group_index), newest)

    def with_open(self, open_groups, newest=()):
        """This drawing with other groups open: same positions, other nodes and boxes drawn.

        A repeat shows one copy: the one holding a group of ``newest`` if any, else the first open one.
        """
        fresh = copy.copy(self)
        fresh.open = self._valid(open_groups, newest)
        fresh._cut = None
        return fresh

    # -- opening and folding (each gives a new scene, and a message when it could not do all) ----------

    def open_group(self, path):
        """Open one folded group, unless that would draw more than MAX_DRAWN nodes.

        A repeat opens onto its first copy, opened all through: one click shows one copy's whole computation.
        """
        wanted = self.open | {path, *self.tree.ancestors(path)}
        if path in self.lens.repeats:
            first = self.tree.children[path][0]
            wanted |= {first, *(g for g in self.lens.groups if g.startswith(first + "."))}
        wanted = self._valid(wanted, newest=[path])
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
        groups = self.lens.opened_to_show(node)
        return self.with_open(self.open | groups, newest=groups)

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

    def _text_mode(self, value_ids):
        """Few values drawn (an outline of boxes): their names, always; more: names as the user zooms in."""
        return "labels" if len(value_ids) <= TEXT_MAX_VALUES else "lod"

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
        stacks = {k: [] for k in STACK_COLUMNS}
        for b in cut.boxes:
            cards = self._stack_of(b) if b["copies"] else []
            x0, y0, x1, y1 = cards[-1] if cards and b["closed"] else (b["x0"], b["y0"], b["x1"], b["y1"])
            w, h = x1 - x0, y1 - y0
            x, y = (x0 + x1) / 2, (y0 + y1) / 2
            if b["closed"]:
                norm = norms[self.lens.group_index[b["path"]]]
                for k, v in (("id", GROUP_PREFIX + b["path"]), ("path", b["path"]), ("label", b["label"]),
                             ("x", x), ("y", y), ("w", w), ("h", h), ("size", b["size"]),
                             ("norm", "no parameters" if math.isnan(norm) else number(norm)), ("tone", norm)):
                    boxes[k].append(v)
            else:
                for k, v in (("x", x), ("y", y), ("w", w), ("h", h)):
                    frames[k].append(v)
            boost = REPEAT_TITLE_BOOST if b["copies"] else 1  # w, h: the size the title's showing is judged by
            for k, v in (("x", x0), ("y", y1), ("text", _title(b)), ("w", w * boost), ("h", h * boost),
                         ("alpha", 0.0)):
                titles[k].append(v)
            for cx0, cy0, cx1, cy1 in cards[:-1]:
                for k, v in zip(STACK_COLUMNS, ((cx0 + cx1) / 2, (cy0 + cy1) / 2, cx1 - cx0, cy1 - cy0)):
                    stacks[k].append(v)
        shades = [s for s in boxes["tone"] if math.isfinite(s)]
        return {"boxes": boxes, "frames": frames, "titles": titles, "stacks": stacks,
                "group_limit": max(shades, default=0.0) or 1.0}

    def _stack_of(self, box):
        """A repeat's cards as (x0, y0, x1, y1), back to front: the front one where its copies are, the others
        stepping up and right into the room the layout left for them."""
        c = self.lens.box_of[self.tree.children[box["path"]][0]]
        room_x = (box["x1"] - c[2]) - (c[0] - box["x0"])
        room_y = (box["y1"] - c[3]) - (c[1] - box["y0"])
        front = (box["x0"], box["y0"], box["x1"] - room_x, box["y1"] - room_y)
        return [tuple(v + k * d for v, d in zip(front, (room_x, room_y) * 2)) for k in STACK_STEPS]

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


def _title(box):
    """What a box says: its name and size; a repeat its count, folded or open (then one copy shows in it)."""
    if box["copies"]:
        each = f"{box['each']:,} value{'s' if box['each'] != 1 else ''} each"
        return f"{box['label']} · {each}" if box["closed"] else f"{box['label']} · one copy shown"
    return f"{box['label']} · {box['size']:,}" if box["closed"] else box["label"]


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
