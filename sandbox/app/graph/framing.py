"""Where the view starts: the whole graph if it is readable at that size, else a readable part of it.

Only the browser knows the figure's size in pixels, so Python computes the
whole graph's box and the smallest scale (pixels per layout unit) at which
its text reads, and a small script in the page picks the ranges: records that
do not overlap (small graphs), centred on the output; names (graphs of up to
NAMES_MAX_VALUES values), centred on the named values, where a reader starts.
"""

import statistics
from collections import defaultdict

from bokeh.models import CustomJS

from sandbox.app.graph.group_layers import LABELS_PX
from sandbox.app.graph.scene import OP_SIZE, RECORD_SIZE

FIT_PADDING = 0.12  # share of the graph's extent left around it
FOCUS_PX = 30  # pixels per layout unit when find jumps to a node: names and op symbols are readable
RECORD_GAP = (8, 6)  # pixels kept free between a record and its neighbours (x, y)
NAMES_MAX_VALUES = 500  # a graph of up to this many values opens zoomed in far enough to show its names, ...
NAMES_PX = (25.0, 21.0)  # ... at this many pixels per unit (x, y): past LABELS_PX, where names appear, far enough
# that a name (11 px text, 11 px below its dot) clears the dot below it and the op circles beside it
EDGE_PX = 60  # a zoomed-in first view shows at most this much empty page beside the drawing

# tags = [box x0, x1, y0, y1, min px per x unit, min px per y unit, anchor x, anchor y,
#         content x0, x1, y0, y1, request number]
FIT_JS = """
const t = p.tags
if (!t || t.length < 13) return
const [X0, X1, Y0, Y1, kxMin, kyMin, ax, ay, cx0, cx1, cy0, cy1] = t
const W = p.inner_width, H = p.inner_height
if (!(W > 0 && H > 0)) return
const kx = W / (X1 - X0), ky = H / (Y1 - Y0)
// too wide or too tall to read: a window at the readable scale around the anchor (the output, at the right
// end, or the named values' middle), kept over the drawing: at most EDGE_PX of empty page beside it
const place = (a, k, lo, hi, size) => Math.min(Math.max(a - size / 2, lo - EDGE_PX / k), hi + EDGE_PX / k - size)
if (kx < kxMin) {
  const w = W / kxMin, start = place(ax, kxMin, cx0, cx1, w)
  p.x_range.setv({start: start, end: start + w})
}
if (ky < kyMin) {
  const h = H / kyMin, start = place(ay, kyMin, cy0, cy1, h)
  p.y_range.setv({start: start, end: start + h})
}
""".replace("EDGE_PX", str(EDGE_PX))


def frame(values_x, values_y, all_x, all_y, text_mode, labels=()):
    """[x0, x1, y0, y1, kx_min, ky_min, anchor_x, anchor_y, content x0, x1, y0, y1] for the tags FIT_JS reads.

    >>> frame([0, 0, 4], [0, 1, 0.5], [0, 0, 2, 4], [0, 1, 0.5, 0.5], "records")[:4]
    [-0.98, 4.98, -0.62, 1.62]
    >>> frame([0, 0, 4], [0, 1, 0.5], [0, 0, 2, 4], [0, 1, 0.5, 0.5], "lod", ["a", "b", ""])[4:]
    [25.0, 21.0, 0.0, 0.5, 0, 4, 0, 1]
    """
    x0, x1, y0, y1 = min(all_x), max(all_x), min(all_y), max(all_y)
    dx, dy = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    box = [x0 - FIT_PADDING * dx - 0.5, x1 + FIT_PADDING * dx + 0.5,
           y0 - FIT_PADDING * dy - 0.5, y1 + FIT_PADDING * dy + 0.5]
    box = [round(b, 6) for b in box]
    content = [x0, x1, y0, y1]
    named = [(x, y) for x, y, label in zip(values_x, values_y, labels) if label]
    if text_mode == "records":
        return box + [*_readable_scale(values_x, values_y, all_x), values_x[-1], values_y[-1]] + content
    if text_mode == "lod" and named and len(values_x) <= NAMES_MAX_VALUES:
        scale = [max(k, shown) for k, shown in zip(NAMES_PX, LABELS_PX)]
        middle = [statistics.median(x for x, _ in named), statistics.median(y for _, y in named)]
        return box + scale + middle + content
    return box + [0.0, 0.0, values_x[-1], values_y[-1]] + content


def _readable_scale(values_x, values_y, all_x):
    """Pixels per unit at which records clear the op nodes beside them and the records above them."""
    columns = sorted(set(all_x))
    dx = min((b - a for a, b in zip(columns, columns[1:]) if b - a > 1e-9), default=None)
    ranks = defaultdict(list)
    for x, y in zip(values_x, values_y):
        ranks[x].append(y)
    gaps = sorted(b - a for ys in ranks.values() for a, b in zip(sorted(ys), sorted(ys)[1:]) if b - a > 1e-9)
    dy = gaps[len(gaps) // 10] if gaps else None  # NOTE: a low percentile, so a few tight pairs may touch
    need_x = RECORD_SIZE[0] / 2 + OP_SIZE / 2 + RECORD_GAP[0]
    need_y = RECORD_SIZE[1] + RECORD_GAP[1]
    return (need_x / dx if dx else 0.0), (need_y / dy if dy else 0.0)


def fit_callback(figure):
    """The script that applies a frame when the figure's tags change."""
    return CustomJS(args={"p": figure}, code=FIT_JS)


FOCUS_JS = """
const d = focus.data
if (!d.x.length) return
const W = p.inner_width, H = p.inner_height
if (!(W > 0 && H > 0)) return
const w = W / FOCUS_PX, h = H / FOCUS_PX
p.x_range.setv({start: d.x[0] - w / 2, end: d.x[0] + w / 2})
p.y_range.setv({start: d.y[0] - h / 2, end: d.y[0] + h / 2})
""".replace("FOCUS_PX", str(FOCUS_PX))


def focus_callback(figure, focus):
    """The script that centres the view on the point in ``focus`` (a one-row source) at a readable zoom."""
    return CustomJS(args={"p": figure, "focus": focus}, code=FOCUS_JS)
