"""The computation graph: one Bokeh figure, built once, whose data sources are patched.

Value-only changes (an edited constant, a step) patch columns in place; a new
structure replaces the sources' data but never the ranges, so zoom and pan stay.
"""


import numpy as np
import panel as pn
from bokeh.models import BoxAnnotation, ColorBar, ColumnDataSource, HoverTool, LinearColorMapper, Range1d, TapTool
from bokeh.palettes import RdBu11
from bokeh.plotting import figure
from panel.viewable import Viewer

from sandbox.app.framing import fit_callback, frame
from sandbox.app.scene import VALUE_COLUMNS

PATCH_SHARE = 0.3  # patch row by row below this share of changed rows, else send the column
EDGE_COLOUR, EDGE_HIGHLIGHT = "#9aa3ad", "#e8590c"  # edges; the edges the current step flows along
LABEL_OFFSET = 14  # pixels below a dot where its label goes (compact drawing)
NAN_COLOUR = "#e9ecef"  # nodes whose number is not revealed (yet)
WHITE_BLEND = 0.45  # lighten the palette so black text stays readable on it
VALUE_TOOLTIPS = [("label", "@label"), ("id", "@id"), ("op", "@op"), ("data", "@data"), ("grad", "@grad"),
                  ("scope", "@scope")]


def _lighten(hex_colour, share=WHITE_BLEND):
    rgb = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in rgb)


PALETTE = [_lighten(c) for c in RdBu11]  # blue < 0 < red, white at zero


class GraphView(Viewer):
    """The figure; `draw(columns, structure, fit)` updates it; `on_select(id)` reports taps."""

    def __init__(self, on_select=None, **params):
        super().__init__(**params)
        self.on_select = on_select
        self._structure = None
        self._ids = []
        self._fits = 0
        self.values = ColumnDataSource(data={k: [] for k in VALUE_COLUMNS})
        self.ops = ColumnDataSource(data={k: [] for k in ("id", "x", "y", "symbol", "size")})
        self.edges = ColumnDataSource(data={"x": [], "y": []})
        self.hot = ColumnDataSource(data={k: [] for k in ("x0", "y0", "x1", "y1")})
        self.labels = ColumnDataSource(data={"x": [], "y": [], "text": []})
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
        # NOTE: width 1 is a hairline, which browsers stroke several times faster than 1.2
        p.line("x", "y", line_color=EDGE_COLOUR, line_width=1.0, source=self.edges)
        p.segment("x0", "y0", "x1", "y1", line_color=EDGE_HIGHLIGHT, line_width=3.5, source=self.hot)
        p.scatter("x", "y", size="size", marker="circle", fill_color="#f8f9fa", line_color="#868e96",
                  source=self.ops)
        self.op_text = p.text("x", "y", text="symbol", text_align="center", text_baseline="middle",
                              text_font_size="11px", text_color="#343a40", source=self.ops)
        boxes = p.rect("x", "y", width="w", height="h", width_units="screen", height_units="screen",
                       fill_color={"field": "shade", "transform": self.mapper}, line_color="#495057",
                       line_width="line_width", source=self.values, name="values",
                       selection_line_color="#1c7ed6", nonselection_fill_alpha=1.0, nonselection_line_alpha=1.0)
        self.value_text = p.text("x", "y", text="text", text_align="center", text_baseline="middle",
                                 text_font_size="11px", text_line_height=1.25, text_color="#212529",
                                 source=self.labels)
        p.add_tools(HoverTool(renderers=[boxes], tooltips=VALUE_TOOLTIPS))
        p.add_tools(TapTool(renderers=[boxes]))
        self.colour_bar = ColorBar(color_mapper=self.mapper, title="grad", width=10, location=(0, 0),
                                   title_text_font_size="11px", major_label_text_font_size="10px")
        p.add_layout(self.colour_bar, "right")
        p.js_on_change("tags", fit_callback(p))
        self.dim = BoxAnnotation(fill_color="white", fill_alpha=0.6, visible=False, level="overlay")
        p.add_layout(self.dim)
        if self.on_select is not None:  # a server callback: only when served (standalone pages have none)
            self.values.selected.on_change("indices", self._tapped)
        return p

    def __panel__(self):
        return self.pane

    def _tapped(self, attr, old, new):
        if self.on_select is not None:
            self.on_select(self._ids[new[0]] if new and new[0] < len(self._ids) else "")

    def select(self, node_id):
        """Show node_id as selected (or nothing) without reporting it back."""
        want = [self._ids.index(node_id)] if node_id in self._ids else []
        if self.values.selected.indices != want:
            callback, self.on_select = self.on_select, None
            self.values.selected.indices = want
            self.on_select = callback

    def set_dimmed(self, dimmed):
        self.dim.visible = bool(dimmed)

    def draw(self, columns, structure, colour="grad", fit=False):
        """Show columns from Scene.columns: patch when the structure is unchanged."""
        self.mapper.low, self.mapper.high = -columns["shade_limit"], columns["shade_limit"]
        self.colour_bar.visible = colour != "none"
        self.colour_bar.title = colour
        # big graphs have no text: hidden renderers cost the browser nothing per frame
        self.op_text.visible = columns["text"] == "records"
        self.value_text.glyph.y_offset = LABEL_OFFSET if columns["text"] == "labels" else 0
        if structure != self._structure:
            self._structure = structure
            self._ids = list(columns["values"]["id"])
            self.values.selected.indices = []
            for source, key in self._sources():
                source.data = {k: _as_array(v) for k, v in columns[key].items()}
        else:
            for source, key in self._sources():
                _patch(source, columns[key])
        if fit:
            self.fit(columns)

    def _sources(self):
        return ((self.edges, "edges"), (self.hot, "hot"), (self.ops, "ops"), (self.values, "values"),
                (self.labels, "labels"))

    def fit(self, columns):
        """Frame the graph (first draw and re-layout only: edits keep the user's zoom)."""
        v, o = columns["values"], columns["ops"]
        if not v["x"]:
            return
        tags = frame(v["x"], v["y"], v["x"] + o["x"], v["y"] + o["y"], columns["text"])
        self.figure.x_range.update(start=tags[0], end=tags[1])  # the whole graph, refined in the page
        self.figure.y_range.update(start=tags[2], end=tags[3])
        self._fits += 1
        self.figure.tags = [float(t) for t in tags] + [self._fits]


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
    """Numbers go to the browser as binary arrays, far cheaper to send than lists."""
    if column and isinstance(column[0], float):
        return np.asarray(column, dtype=float)
    return column
