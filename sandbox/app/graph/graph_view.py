"""The computation graph: one Bokeh figure, built once, whose data sources are patched.

Value-only changes (an edited constant, a step) patch columns in place; a new
structure replaces the sources' data but never the ranges, so zoom and pan stay.
"""


import numpy as np
import panel as pn
from bokeh.events import DoubleTap
from bokeh.models import (
    BoxAnnotation,
    ColorBar,
    ColumnDataSource,
    CustomJS,
    CustomJSTransform,
    HoverTool,
    LinearColorMapper,
    Range1d,
    TapTool,
)
from bokeh.plotting import figure
from panel.viewable import Viewer

from sandbox.app.graph.framing import fit_callback, focus_callback, frame
from sandbox.app.graph.group_layers import GroupLayers
from sandbox.app.graph.palette import PALETTE
from sandbox.app.graph.scene import OP_SIZE, RECORD_SIZE, VALUE_COLUMNS

PATCH_SHARE = 0.3  # patch row by row below this share of changed rows, else send the column
STRING_ARRAY_MIN_ROWS = 64  # text (and int) columns this long go as numpy arrays: one list to encode, not n items
# one message to the browser at most: Bokeh's default limit, and about where browsers have dropped one (bokeh#7144)
MESSAGE_LIMIT_BYTES = 20_000_000
EDGE_COLOUR, EDGE_HIGHLIGHT = "#9aa3ad", "#e8590c"  # edges; the edges the current step flows along
LABEL_OFFSET = 11  # pixels below a dot where its label goes (compact drawing): clear of a 9 px dot
NAN_COLOUR = "#e9ecef"  # nodes whose number is not revealed (yet)
VALUE_TOOLTIPS = [("label", "@label"), ("id", "@id"), ("op", "@op"), ("data", "@data"), ("grad", "@grad"),
                  ("scope", "@scope")]
# one record per label row (rows match the value rows), as scene._record_text writes it: label, data, grad
RECORD_JS = """
const d = values.data.dv, g = values.data.gv
const num = (v) => (v === undefined || Number.isNaN(v)) ? "?" : String(parseFloat(v.toPrecision(4)))
return xs.map((label, i) => (label ? label + "\\n" : "") + "data " + num(d[i]) + "\\ngrad " + num(g[i]))
"""
# big graphs send numbers, not text: the hover formats them in the page
NUMBER_TOOLTIPS = [(k, {"data": "@dv{%.4g}", "grad": "@gv{%.4g}"}.get(k, v)) for k, v in VALUE_TOOLTIPS]
NUMBER_FORMATTERS = {"@dv": "printf", "@gv": "printf"}
# columns small graphs lack
EMPTY = {"boxes": None, "frames": None, "titles": None, "links": None, "found": None, "stacks": None, "chain": None}


class GraphView(Viewer):
    """The figure; `draw(columns, structure, fit)` updates it; `on_select(id)` reports taps."""

    def __init__(self, on_select=None, on_open=None, on_fold=None, tap_js=None, **params):
        super().__init__(**params)
        self.on_select = on_select
        self.tap_js = tap_js  # page script run on a tap, before the server hears of it (args: values, chain)
        self.on_open = on_open  # a folded group was clicked: on_open(path)
        self.on_fold = on_fold  # a double click inside open groups: on_fold(x, y)
        self.groups = GroupLayers()
        self._box_paths = []
        self._structure = None
        self._ids = []
        self._fits = 0
        self.values = ColumnDataSource(data={k: [] for k in VALUE_COLUMNS})
        self.ops = ColumnDataSource(data={k: [] for k in ("id", "x", "y", "symbol", "size")})
        self.edges = ColumnDataSource(data={"x": [], "y": []})
        self.hot = ColumnDataSource(data={k: [] for k in ("x0", "y0", "x1", "y1")}, name="hot edges")
        self.labels = ColumnDataSource(data={"x": [], "y": [], "text": []}, name="labels")
        self.focus = ColumnDataSource(data={"x": [], "y": [], "n": []})
        # the edges by row (scene._chain_columns): nothing draws it, the page's answer to a click reads it
        self.chain = ColumnDataSource(data={"child": [], "parent": []}, name="chain")
        self.mapper = LinearColorMapper(palette=PALETTE, low=-1, high=1, nan_color=NAN_COLOUR)
        self.figure = self._build_figure()
        self.pane = pn.pane.Bokeh(self.figure, sizing_mode="stretch_both", min_height=300)

    def _build_figure(self):
        p = figure(x_range=Range1d(0, 1), y_range=Range1d(0, 1), tools="pan,wheel_zoom,box_zoom,reset,save",
                   active_scroll="wheel_zoom", output_backend="canvas", sizing_mode="stretch_both",
                   toolbar_location="above", match_aspect=False, name="graph")
        p.axis.visible = False
        p.grid.visible = False
        p.outline_line_color = None
        self.groups.back(p)
        # NOTE: width 1 is a hairline, which browsers stroke several times faster than 1.2
        p.line("x", "y", line_color=EDGE_COLOUR, line_width=1.0, source=self.edges)
        p.segment("x0", "y0", "x1", "y1", line_color=EDGE_HIGHLIGHT, line_width=3.5, source=self.hot)
        op_style = dict(marker="circle", fill_color="#f8f9fa", line_color="#868e96", source=self.ops)
        self.op_dots = p.scatter("x", "y", size="size", **op_style)
        self.op_circles = p.scatter("x", "y", size=OP_SIZE, visible=False, **op_style)  # zoomed in on a big graph
        self.op_text = p.text("x", "y", text="symbol", text_align="center", text_baseline="middle",
                              text_font_size="11px", text_color="#343a40", source=self.ops)
        box_style = dict(width_units="screen", height_units="screen", source=self.values, line_color="#495057",
                         fill_color={"field": "shade", "transform": self.mapper}, selection_line_color="#1c7ed6",
                         nonselection_fill_alpha=1.0, nonselection_line_alpha=1.0)
        boxes = p.rect("x", "y", width="w", height="h", line_width="line_width", name="values", **box_style)
        self.record_boxes = p.rect("x", "y", width=RECORD_SIZE[0], height=RECORD_SIZE[1], line_width="line_width",
                                   visible=False, **box_style)
        text_style = dict(text_align="center", text_baseline="middle", text_font_size="11px", text_line_height=1.25,
                          text_color="#212529", source=self.labels)
        self.value_text = p.text("x", "y", text="text", **text_style)
        # records of a big graph, written in the page from the names and the numbers (no strings on the wire)
        records = CustomJSTransform(args={"values": self.values}, v_func=RECORD_JS)
        self.record_text = p.text("x", "y", text={"field": "text", "transform": records}, visible=False,
                                  **text_style)
        rewrite = CustomJS(args={"labels": self.labels, "r": self.record_text},
                           code="if (r.visible) labels.change.emit()")
        self.values.js_on_change("patching", rewrite)  # new numbers: rewrite the records on screen
        self.values.js_on_change("data", rewrite)
        self.groups.front(p)
        self.dots = boxes
        # limit: the nearest node only (a big graph's dots overlap: one tooltip per dot would fill the screen)
        self.hover = HoverTool(renderers=[boxes, self.record_boxes], tooltips=VALUE_TOOLTIPS, limit=1)
        p.add_tools(self.hover)
        answer = CustomJS(args={"values": self.values, "chain": self.chain}, code=self.tap_js) if self.tap_js else None
        p.add_tools(TapTool(renderers=[boxes, self.record_boxes, self.groups.box_renderer], callback=answer))
        self.colour_bar = ColorBar(color_mapper=self.mapper, title="grad", width=10, location=(0, 0),
                                   title_text_font_size="11px", major_label_text_font_size="10px")
        p.add_layout(self.colour_bar, "right")
        p.js_on_change("tags", fit_callback(p))
        # the figure holds the focus script, so the focus source is part of the page (it draws nothing)
        p.js_on_change("tags", CustomJS(args={"focus": self.focus}, code=""))
        self.focus.js_on_change("data", focus_callback(p, self.focus))
        self.groups.lod_callback(p, {"names": self.value_text, "records": self.record_text, "dots": boxes,
                                     "record_boxes": self.record_boxes, "op_dots": self.op_dots,
                                     "op_circles": self.op_circles, "op_text": self.op_text})
        self.dim = BoxAnnotation(fill_color="white", fill_alpha=0.6, visible=False, level="overlay")
        p.add_layout(self.dim)
        if self.on_select is not None:  # a server callback: only when served (standalone pages have none)
            self.values.selected.on_change("indices", self._tapped)
            self.groups.boxes.selected.on_change("indices", self._tapped_group)
            p.on_event(DoubleTap, self._double_tapped)
        return p

    def __panel__(self):
        return self.pane

    def _tapped(self, attr, old, new):
        if self.on_select is not None:
            self.on_select(self._ids[new[0]] if new and new[0] < len(self._ids) else "")

    def _tapped_group(self, attr, old, new):
        if new:
            self.groups.boxes.selected.indices = []  # a box is opened, not kept selected
            if self.on_open is not None and new[0] < len(self._box_paths):
                self.on_open(self._box_paths[new[0]])

    def _double_tapped(self, event):
        if self.on_fold is not None:
            self.on_fold(event.x, event.y)

    def show_at(self, x, y):
        """Pan and zoom to (x, y), close enough to read names (the page picks the scale from its size)."""
        self.focus.data = {"x": [float(x)], "y": [float(y)], "n": [len(self.focus.data["n"]) + 1]}

    def select(self, node_id):
        """Show node_id as selected (or nothing) without reporting it back."""
        want = [self._ids.index(node_id)] if node_id in self._ids else []
        if self.values.selected.indices != want:
            callback, self.on_select = self.on_select, None
            self.values.selected.indices = want
            self.on_select = callback

    @property
    def dimmed(self):
        return self.dim.visible

    def set_dimmed(self, dimmed):
        self.dim.visible = bool(dimmed)

    def draw(self, columns, structure, colour="grad", fit=False):
        """Show columns from Scene.columns: patch when the structure is unchanged.

        Returns None, or a sentence when the drawing would be a message too big to send (then nothing changes).
        """
        columns = {**EMPTY, **columns}
        if structure != self._structure:
            size = message_bytes(columns[key] for _, key in self._sources())
            if size > MESSAGE_LIMIT_BYTES:
                return (f"This view would be a {size / 1e6:.0f} MB message to the browser, more than the "
                        f"{MESSAGE_LIMIT_BYTES / 1e6:.0f} MB one message may carry; fold some groups or draw "
                        "a part of the graph with show(...).")
        self.mapper.low, self.mapper.high = -columns["shade_limit"], columns["shade_limit"]
        self.colour_bar.visible = colour != "none"
        self.colour_bar.title = colour
        self.groups.mapper.high = columns.get("group_limit", 1.0)
        self.groups.colour_bar.visible = bool(columns["boxes"] and columns["boxes"]["id"]) and colour != "none"
        self.groups.colour_bar.title = f"group ‖{colour}‖"
        self._show_text(columns["text"])
        if structure != self._structure:
            self._structure = structure
            self._ids = list(columns["values"]["id"])
            self._box_paths = list((columns["boxes"] or {}).get("path", []))
            self.values.selected.indices = []
            for source, key in self._sources():
                data = columns[key] or _empty(source)
                if _rows(data) or _rows(source.data):  # an empty layer stays as it is: nothing to send
                    source.data = {k: _as_array(v) for k, v in data.items()}
        else:
            for source, key in self._sources():
                if columns[key] is not None:
                    _patch(source, columns[key])
        if fit:
            self.fit(columns)

    def _show_text(self, text):
        """Small graphs: records or labels as asked; big ones ("lod"): the page's script follows the zoom."""
        lod = text == "lod"
        self.hover.tooltips = NUMBER_TOOLTIPS if lod else VALUE_TOOLTIPS
        self.hover.formatters = NUMBER_FORMATTERS if lod else {}
        if lod:
            if self.value_text.tags != ["lod"]:
                self.value_text.tags = ["lod"]
            self.value_text.glyph.y_offset = LABEL_OFFSET
            return
        self.value_text.tags = []
        for r in (self.record_text, self.record_boxes, self.op_circles):
            r.visible = False
        self.dots.visible = self.op_dots.visible = self.value_text.visible = True
        self.op_text.visible = text == "records"
        self.value_text.glyph.y_offset = LABEL_OFFSET if text == "labels" else 0

    def _sources(self):
        return ((self.edges, "edges"), (self.chain, "chain"), (self.hot, "hot"), (self.ops, "ops"),
                (self.values, "values"), (self.labels, "labels"), (self.groups.found, "found"), *self.groups.sources())

    def fit(self, columns):
        """Frame the graph (first draw and re-layout only: edits keep the user's zoom)."""
        v, o = columns["values"], columns["ops"]
        b = columns.get("boxes") or {"x": [], "y": [], "w": [], "h": []}
        if not v["x"] and not b["x"]:
            return
        box_x = [x + s * w / 2 for x, w in zip(b["x"], b["w"]) for s in (-1, 1)]
        box_y = [y + s * h / 2 for y, h in zip(b["y"], b["h"]) for s in (-1, 1)]
        tags = frame(v["x"] or b["x"], v["y"] or b["y"], v["x"] + o["x"] + box_x, v["y"] + o["y"] + box_y,
                     columns["text"], v["label"])
        self.figure.x_range.update(start=tags[0], end=tags[1])  # the whole graph, refined in the page
        self.figure.y_range.update(start=tags[2], end=tags[3])
        self._fits += 1
        self.figure.tags = [float(t) for t in tags] + [self._fits]


def message_bytes(tables):
    """About how many bytes sending these tables takes: numbers as binary arrays, strings as JSON."""
    total = 0
    for table in tables:
        for column in (table or {}).values():
            if isinstance(column, np.ndarray):
                total += column.nbytes
            elif column and isinstance(column[0], str):
                total += sum(len(s) for s in column) + 3 * len(column)  # quotes and a comma each
            else:
                total += 8 * len(column)
    return total


def _changed_rows(old, new):
    """Indices where two columns differ (NaN equal to NaN), or None when their lengths differ."""
    a, b = np.asarray(old), np.asarray(new)
    if a.shape != b.shape:
        return None
    if a.dtype.kind == "f" and b.dtype.kind == "f":
        return np.flatnonzero((a != b) & ~(np.isnan(a) & np.isnan(b)))
    return np.flatnonzero(a != b)


def _patch(source, new):
    """Send only what changed: changed rows by patch, whole columns (numbers as binary arrays) when many changed."""
    patches, whole = {}, {}
    for key, column in new.items():
        rows = _changed_rows(source.data[key], column)
        if rows is not None and len(rows) == 0:
            continue
        if rows is not None and len(rows) < PATCH_SHARE * len(column):
            patches[key] = [(int(i), column[i]) for i in rows]
        else:
            whole[key] = _as_array(column)
    if patches:
        source.patch(patches)
    if whole:
        source.data.update(whole)


def _as_array(column):
    """Numbers go to the browser as binary arrays, far cheaper to send than lists; so do long columns of text.

    NOTE: Bokeh encodes a list item by item, a numpy array of text as one list at once (about 3x less
    server CPU for a graph of 300-1,000 values); below STRING_ARRAY_MIN_ROWS the list is as cheap.
    """
    if isinstance(column, np.ndarray) or not column:
        return column
    if isinstance(column[0], float):
        return np.asarray(column, dtype=float)
    if len(column) >= STRING_ARRAY_MIN_ROWS and isinstance(column[0], str):
        return np.asarray(column, dtype=str)
    if len(column) >= STRING_ARRAY_MIN_ROWS and isinstance(column[0], int):
        return np.asarray(column, dtype=np.int32)
    return column


def _empty(source):
    return {k: [] for k in source.data}


def _rows(table):
    """How many rows a table of columns has (0 for none)."""
    return max((len(column) for column in table.values()), default=0)
