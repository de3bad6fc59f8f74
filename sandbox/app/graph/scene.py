"""What the graph view draws, as plain columns: no Bokeh here, so it is testable.

A traced graph dict plus positions becomes three tables (value nodes, op nodes,
edges) that the view hands to Bokeh data sources as they are. Styling (colour
mode, size mode, the forward/backward step) only changes some columns, so the
view can patch those in place. Graphs of more than TEXT_MAX_VALUES values send
their numbers as binary arrays and names only ("lod" text): the page shows
names, then records, as the user zooms in (group_layers.LOD_JS). A fourth
table, "chain", names each edge by the rows of the values it joins: with it and
the numbers, the page works out the chain rule at a clicked value itself
(teaching/click_answer.py).
"""

import copy
import math

import numpy as np

from sandbox.app.graph.find import path_columns

TEXT_MAX_VALUES = 250  # above this many values, nodes are dots until zoomed in (level of detail)
NUMBER_DTYPE = np.float32  # shade to the browser (and data and grad of huge graphs): half the bytes, 7 digits
EXACT_MAX_VALUES = 20_000  # up to this many values, data and grad go as float64: the page's chain rule is exact
RECORD_SIZE = (100, 50)  # value node (width, height) in screen pixels, like a draw_dot record
DOT_SIZE = 9  # value node side in pixels when the graph is too big for text
BIG_DOT_SIZE = 6  # ... and when it is big enough to zoom through (level of detail): overlapping dots stay light
OP_SIZE, OP_DOT_SIZE = 26, 5  # op node diameter in pixels, with and without text
SIZE_RANGE = (0.55, 1.45)  # size modes scale nodes between these factors

TOP_LEVEL = "(top level)"  # the scope of values made outside any function
VALUE_COLUMNS = ("id", "x", "y", "label", "op", "scope", "data", "grad", "dv", "gv", "shade", "w", "h",
                 "line_width")
COLOUR_MODES = ("grad", "data", "none")
SIZE_MODES = ("none", "|grad|", "|data|")


def number(x):
    """Four significant digits, as a reader wants them on a node."""
    if x is None:
        return "?"
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return str(x)
    return f"{x:.4g}"


NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}  # how JSON from the runner spells them


def json_float(x):
    """A number from the runner's JSON as a float ("NaN" and the infinities included)."""
    return float(NON_FINITE.get(x, x)) if isinstance(x, str) else float(x)


def with_floats(graph):
    """The graph with the runner's "NaN"/"Infinity" strings turned back into floats."""
    if not any(isinstance(n["data"], str) or isinstance(n["grad"], str) for n in graph["nodes"]):
        return graph
    fix = lambda x: NON_FINITE.get(x, x) if isinstance(x, str) else x
    nodes = [dict(n, data=fix(n["data"]), grad=fix(n["grad"])) for n in graph["nodes"]]
    return {"nodes": nodes, "edges": graph["edges"]}


class Scene:
    """The static part of a drawing: which nodes, where, and in which order."""

    grouped = False  # a GroupedScene draws big graphs with folded groups
    _chain = None  # the chain rows, once worked out: copies with new numbers share them (same ids and edges)
    found_path = ()  # node ids from a found value to the output, highlighted

    def __init__(self, graph, model, positions, layout="layered"):
        self.graph = graph = with_floats(graph)
        self.by_id = {n["id"]: n for n in graph["nodes"]}
        self.order = [n["id"] for n in graph["nodes"]]  # topological: children first
        self.big = len(self.order) > TEXT_MAX_VALUES
        # force layouts pack nodes closer than a record's width: dots with their labels
        self.compact = self.big or layout == "force"
        op_ids = [n for n, kind in model.nodes(data="kind") if kind == "op"]
        self.op_output = {o: next(iter(model.successors(o)), None) for o in op_ids}
        self.edges = [(u, v) for u, v in model.edges()]
        self.positions = positions

    def with_graph(self, graph):
        """This drawing with new numbers (same ids and edges): no model, no layout."""
        fresh = copy.copy(self)
        fresh.graph = graph = with_floats(graph)
        fresh.by_id = {n["id"]: n for n in graph["nodes"]}
        return fresh

    def with_found(self, path):
        """This drawing with a path highlighted (from find)."""
        fresh = copy.copy(self)
        fresh.found_path = tuple(path)
        return fresh

    def point_of(self, node):
        return self.positions.get(node)

    @property
    def structure(self):
        """Equal structures can be redrawn by patching values only."""
        return (tuple(self.order), tuple(self.op_output), tuple(self.edges))

    def columns(self, colour="grad", size="none", step=None, cut=None, shown_grads=None):
        """Columns: "values", "labels" (their text), "ops", "edges", "hot" (edges the step flows along).

        Also "big", "text" (records, labels, or "lod": dots until zoomed in) and "shade_limit" (the colour
        scale's half-width). ``cut`` (a lens.Cut) draws only its nodes and edges; None draws everything.
        ``shown_grads``: the ids whose grad may show (predict mode); None shows every grad. A hidden grad
        gives nothing away: "?" as text, no colour, no size.
        """
        shown_data, shown_grad, current = self._visibility(step)
        if shown_grads is not None:
            shown_grad = shown_grad & set(shown_grads)
        value_ids = self.order if cut is None else [v for v in cut.node_ids if v in self.by_id]
        op_ids = self.op_output if cut is None else [o for o in cut.node_ids if o in self.op_output]
        text = self._text_mode(value_ids)
        values, labels = self._value_columns(value_ids, colour, size, shown_data, shown_grad, current, text)
        finite = np.abs(values["shade"][np.isfinite(values["shade"])])
        return {"values": values, "labels": labels, "ops": self._op_columns(op_ids, text),
                "edges": self._edge_columns(self.edges if cut is None else cut.edges),
                "chain": self._chain_columns(value_ids, cut),
                "hot": self._hot_columns(step, current), "big": self.big, "text": text,
                "found": path_columns(self.found_path, self.point_of),
                "shade_limit": float(finite.max()) if len(finite) and finite.max() > 0 else 1.0}

    def _text_mode(self, value_ids):
        """What the drawn values say: draw_dot records, names, or ("lod") names and records as the user zooms."""
        return "lod" if self.big else "labels" if self.compact else "records"

    def _value_columns(self, ids, colour, size, shown_data, shown_grad, current, text):
        pos = self.positions
        values = {k: [] for k in VALUE_COLUMNS}
        dot = BIG_DOT_SIZE if text == "lod" else DOT_SIZE
        base_w, base_h = (dot, dot) if self.compact else RECORD_SIZE
        scales = self._size_scales(size, shown_data, shown_grad)
        strings = text != "lod"  # big graphs send numbers only: an update is then a few binary arrays
        # NOTE: text has its own source: an edit's patch of the values never makes the browser re-measure it.
        # Big graphs send names only; the page writes their records from the numbers (graph_view.RECORD_JS).
        labels = {"x": [], "y": [], "text": []}
        numbers = {"dv": [], "gv": [], "shade": []}
        for vid in ids:
            n = self.by_id[vid]
            x, y = pos[vid]
            d = n["data"] if vid in shown_data else None
            g = n["grad"] if vid in shown_grad else None
            shade_of = {"grad": g, "data": d}.get(colour)
            values["id"].append(vid)
            values["x"].append(x)
            values["y"].append(y)
            values["label"].append(n["label"])
            values["op"].append(n["op"] or "leaf")
            values["scope"].append(n.get("scope") or TOP_LEVEL)  # the hover shows it: never an empty row
            values["data"].append(number(d) if strings else "")
            values["grad"].append(number(g) if strings else "")
            numbers["dv"].append(math.nan if d is None else d)
            numbers["gv"].append(math.nan if g is None else g)
            labels["x"].append(x)
            labels["y"].append(y)
            labels["text"].append(n["label"] if self.compact else _record_text(n["label"], d, g))
            numbers["shade"].append(math.nan if shade_of is None or not math.isfinite(shade_of) else shade_of)
            s = scales.get(vid, 1.0)
            values["w"].append(base_w * s)
            values["h"].append(base_h * (s if self.compact else 1.0))
            values["line_width"].append(3.0 if vid == current else 1.0)
        exact = np.float64 if len(ids) <= EXACT_MAX_VALUES else NUMBER_DTYPE
        with np.errstate(over="ignore"):  # beyond float32's 3e38 is drawn as infinite
            values.update({k: np.asarray(v, dtype=NUMBER_DTYPE if k == "shade" else exact)
                           for k, v in numbers.items()})
        return values, labels

    def _chain_columns(self, value_ids, cut):
        """Each edge of the traced graph as (row of the input, row of the value made from it), in the order
        the ops took their inputs: what the page needs to work out the chain rule. None for a drawing of part
        of the graph (folded groups), or one whose numbers go as float32: there the server answers alone."""
        if cut is not None or len(value_ids) > EXACT_MAX_VALUES:
            return {"child": [], "parent": []}
        if self._chain is None:
            row = {vid: i for i, vid in enumerate(self.order)}
            pairs = [(row[c], row[p]) for c, p in self.graph["edges"]]
            self._chain = {"child": [c for c, _ in pairs], "parent": [p for _, p in pairs]}
        return self._chain

    def _op_columns(self, op_ids, text):
        pos = self.positions
        ops = {k: [] for k in ("id", "x", "y", "symbol", "size")}
        for o in op_ids:
            x, y = pos[o]
            ops["id"].append(o)
            ops["x"].append(x)
            ops["y"].append(y)
            ops["symbol"].append("" if text == "labels" else self.by_id[self.op_output[o]]["op"])
            ops["size"].append(OP_DOT_SIZE if self.compact else OP_SIZE)
        return ops

    def _edge_columns(self, edges):
        """All edges as one polyline broken by NaNs: the browser strokes it once, not once per edge."""
        pos = self.positions
        xy = np.full((len(edges), 3, 2), np.nan)
        if edges:
            xy[:, 0] = [pos[u] for u, _ in edges]
            xy[:, 1] = [pos[v] for _, v in edges]
        return {"x": xy[:, :, 0].ravel(), "y": xy[:, :, 1].ravel()}

    def _hot_columns(self, step, current):
        pos = self.positions
        hot = {k: [] for k in ("x0", "y0", "x1", "y1")}
        for u, v in self._hot_edges(step, current):
            hot["x0"].append(pos[u][0])
            hot["y0"].append(pos[u][1])
            hot["x1"].append(pos[v][0])
            hot["y1"].append(pos[v][1])
        return hot

    def _visibility(self, step):
        """(ids whose data shows, ids whose grad shows, the node the step is at)."""
        everything = set(self.order)
        if not step:
            return everything, everything, None
        mode, k = step
        k = min(k, len(self.order))
        if mode == "forward":
            return set(self.order[:k]), set(), self.order[k - 1] if k else None
        backward = self.order[::-1]
        return everything, set(backward[:k]), backward[k - 1] if k else None

    def _hot_edges(self, step, current):
        """Edges the current step's value flows along: into it (forward), out of it (backward)."""
        if not step or current is None:
            return []
        op_of = {out: o for o, out in self.op_output.items()}
        if step[0] == "forward":
            o = op_of.get(current)
            return [(u, v) for u, v in self.edges if v == o or (u == o and v == current)]
        consumers_ops = {v for u, v in self.edges if u == current}
        return [(u, v) for u, v in self.edges
                if (u == current and v in consumers_ops) or (u in consumers_ops and self.op_output.get(u) == v)]

    def _size_scales(self, size, shown_data, shown_grad):
        """Node size factors from the numbers that show (a hidden number must not show as a size)."""
        key = {"|grad|": "grad", "|data|": "data"}.get(size)
        if key is None:
            return {}
        shown = shown_grad if key == "grad" else shown_data
        mags = {vid: abs(self.by_id[vid][key]) for vid in self.order
                if vid in shown and math.isfinite(self.by_id[vid][key])}
        top = max(mags.values(), default=0.0) or 1.0
        lo, hi = SIZE_RANGE
        return {vid: lo + (hi - lo) * math.sqrt(m / top) for vid, m in mags.items()}

    def steps(self):
        """How many steps each pass has."""
        return len(self.order)


def _record_text(label, data, grad):
    numbers = f"data {number(data)}\ngrad {number(grad)}"
    return f"{label}\n{numbers}" if label else numbers
