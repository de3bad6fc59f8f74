"""The figure's layers for folded groups, summed links, a found path, and the level of detail.

Folded groups are drawn as their boxes (filled by their parameters' gradient
norm), open ones as dashed frames; each has a title, shown only when its box
is big enough on screen. Which text a big graph shows (none, names and op
symbols, or draw_dot records) follows the zoom: a small script in the page
decides from the ranges, so zooming never waits for the server.
"""

from bokeh.models import ColorBar, ColumnDataSource, CustomJS, HoverTool, LinearColorMapper
from bokeh.palettes import Purples256

from sandbox.app.graph.grouped_scene import BOX_COLUMNS

FRAME_COLUMNS = ("x", "y", "w", "h")
TITLE_COLUMNS = ("x", "y", "text", "w", "h", "alpha")
LINK_COLUMNS = ("x0", "y0", "x1", "y1", "width", "count")
GROUP_PALETTE = list(reversed(Purples256))[16:200]  # light (small norm) to dark, never white, never black
GROUP_NAN = "#dee2e6"  # a folded group without parameters
FOUND_COLOUR = "#f08c00"  # the path from a found node to the output
# pixels per layout unit from which text shows: names and op symbols, then draw_dot records (x, y)
LABELS_PX, RECORDS_PX = (20, 14), (36, 56)
TITLE_MIN_PX = (48, 14)  # a box's title shows when the box is at least this big on screen (w, h)
TITLE_CHAR_PX, TITLE_LINE_PX = 7, 16  # the room a title takes (11 px bold): it hides rather than overlap another
BOX_TOOLTIPS = [("group", "@path"), ("nodes", "@size{0,0}"), ("‖grad‖ of its parameters", "@norm"),
                ("", "click to open")]

LOD_JS = """
const kx = p.inner_width / (p.x_range.end - p.x_range.start)
const ky = p.inner_height / (p.y_range.end - p.y_range.start)
if (!(kx > 0 && ky > 0)) return
const set = (r, v) => { if (r.visible !== v) r.visible = v }  // only real changes go to the server
if (r.names.tags.includes("lod")) {
  const records = kx >= t.records[0] && ky >= t.records[1]
  const labels = !records && kx >= t.labels[0] && ky >= t.labels[1]
  const fresh = records && !r.records.visible
  set(r.names, labels); set(r.records, records); set(r.record_boxes, records); set(r.dots, !records)
  if (fresh) r.records.data_source.change.emit()  // numbers may have changed while the records were hidden
  set(r.op_dots, !(labels || records)); set(r.op_circles, labels || records); set(r.op_text, labels || records)
}
const d = titles.data
const x0 = p.x_range.start, y1 = p.y_range.end
const placed = []  // titles shown so far (parents come first): a title that would overlap one stays hidden
let changed = false
for (let i = 0; i < d.alpha.length; i++) {
  let a = (d.w[i] * kx >= t.title[0] && d.h[i] * ky >= t.title[1]) ? 1 : 0
  if (a) {
    const sx = (d.x[i] - x0) * kx, sy = (y1 - d.y[i]) * ky
    const r = [sx, sy, sx + t.char * d.text[i].length + 8, sy + t.line]
    if (placed.some(q => r[0] < q[2] && q[0] < r[2] && r[1] < q[3] && q[1] < r[3])) a = 0
    else placed.push(r)
  }
  if (d.alpha[i] !== a) { d.alpha[i] = a; changed = true }
}
if (changed) titles.change.emit()  // in place: the page's own view state, never sent back
"""


def lod_thresholds():
    """The numbers LOD_JS reads (as ``t``): pixels per layout unit for text, the room titles need."""
    return {"records": list(RECORDS_PX), "labels": list(LABELS_PX), "title": list(TITLE_MIN_PX),
            "char": TITLE_CHAR_PX, "line": TITLE_LINE_PX}


class GroupLayers:
    """Sources and renderers for groups; ``back(p)`` before the graph's own renderers, ``front(p)`` after."""

    def __init__(self):
        self.boxes = ColumnDataSource(data={k: [] for k in BOX_COLUMNS}, name="folded groups")
        self.frames = ColumnDataSource(data={k: [] for k in FRAME_COLUMNS})
        self.titles = ColumnDataSource(data={k: [] for k in TITLE_COLUMNS})
        self.links = ColumnDataSource(data={k: [] for k in LINK_COLUMNS})
        self.stacks = ColumnDataSource(data={k: [] for k in FRAME_COLUMNS}, name="repeat stacks")
        self.found = ColumnDataSource(data={"x": [], "y": []}, name="found path")
        self.mapper = LinearColorMapper(palette=GROUP_PALETTE, low=0, high=1, nan_color=GROUP_NAN)
        self.box_renderer = None

    def back(self, p):
        """Frames and folded boxes (under the edges), links and the found path (over them)."""
        p.rect("x", "y", width="w", height="h", source=self.stacks, fill_color="#f8f9fa", line_color="#868e96",
               line_width=1.0)  # the cards behind a repeat: one box that stands for many
        p.rect("x", "y", width="w", height="h", source=self.frames, fill_color="#f1f3f5", fill_alpha=0.35,
               line_color="#adb5bd", line_dash="dashed", line_width=1.0)
        self.box_renderer = p.rect("x", "y", width="w", height="h", source=self.boxes, name="groups",
                                   fill_color={"field": "tone", "transform": self.mapper}, line_color="#5f3dc4",
                                   line_width=1.5, nonselection_fill_alpha=1.0, nonselection_line_alpha=1.0,
                                   selection_line_color="#5f3dc4")
        p.segment("x0", "y0", "x1", "y1", line_width="width", line_color="#868e96", line_alpha=0.7,
                  source=self.links)
        p.line("x", "y", line_color=FOUND_COLOUR, line_width=4, line_alpha=0.85, source=self.found)
        p.add_tools(HoverTool(renderers=[self.box_renderer], tooltips=BOX_TOOLTIPS, limit=1))
        self.colour_bar = ColorBar(color_mapper=self.mapper, title="group ‖grad‖", width=10, location=(0, 0),
                                   title_text_font_size="11px", major_label_text_font_size="10px", visible=False)
        p.add_layout(self.colour_bar, "right")

    def front(self, p):
        """Titles on top of everything."""
        p.text("x", "y", text="text", source=self.titles, text_align="left", text_baseline="top",
               text_font_size="11px", text_color="#3b3b3b", text_alpha="alpha", x_offset=4, y_offset=3,
               text_font_style="bold")

    def lod_callback(self, p, renderers):
        """The level-of-detail script, run on every pan and zoom and when the graph changes."""
        cb = CustomJS(args={"p": p, "r": renderers, "titles": self.titles, "t": lod_thresholds()}, code=LOD_JS)
        for rng in (p.x_range, p.y_range):
            rng.js_on_change("start", cb)
            rng.js_on_change("end", cb)
        p.js_on_change("inner_width", cb)
        p.js_on_change("inner_height", cb)
        self.titles.js_on_change("data", cb)
        renderers["names"].js_on_change("tags", cb)
        return cb

    def sources(self):
        """(source, key in the columns) pairs, for draw's replace-or-patch."""
        return ((self.boxes, "boxes"), (self.frames, "frames"), (self.titles, "titles"), (self.links, "links"),
                (self.stacks, "stacks"))
