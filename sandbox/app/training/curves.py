"""Training curves that grow step by step: HoloViews draws each plot once, new rows are streamed into it.

Two plots: the loss (and every metric that is not an accuracy) and the
accuracy (metrics whose name has "acc" in it). HoloViews builds each figure
(``hv.render``) when a run starts with a new set of metrics; after that, new
rows go straight into the figure's Bokeh data sources with ``stream`` and the
axes' ends move with them. A DynamicMap re-rendering every update cost about
75 ms a time (each HoloViews update makes Bokeh walk every model of the page);
a stream costs well under one and sends only the new rows.

The browser redraws both plots on every update of a live run, and a click
waits behind that redraw, so the plots are kept cheap to draw: a 2D canvas, not
WebGL (HoloViews' default: copying a WebGL canvas on screen was a third of the
page's work while training on a machine without a GPU); a dot per step only
while a curve is short (hundreds of dots, each drawn alone, were the dearest
part, and at that density they merge into the line anyway); and a y axis that
moves in jumps with room to spare, not on every update (each move re-measures
the tick labels).
"""

import math

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401 -- registers HoloViews' Bokeh backend, for opts and render
import numpy as np
import panel as pn
from bokeh.models import GlyphRenderer
from bokeh.models import Scatter as BokehScatter
from panel.viewable import Viewer

MAX_ROWS = 20_000  # rows a curve keeps (the oldest go first)
COLOURS = ("#e8590c", "#1971c2", "#2b8a3e", "#7048e8", "#c2255c", "#0c8599")  # one per metric, in order
Y_MARGIN = 0.06  # share of the values' range left free above and below the curves
Y_ROOM = 0.2  # ...when the axis has to move: room for the next updates' values before it moves again
Y_FILL = 0.5  # the axis fits again once the values fill less than this share of it (a loss that fell)
DOTS_MAX_ROWS = 100  # a dot per step up to this many rows; beyond, the line alone
X_MARGIN = 0.02  # share of the loop's length left free left of step 0
PLOT_OPTS = dict(responsive=True, show_grid=True, toolbar=None, xlabel="step", ylabel="",
                 fontsize={"title": "9pt", "labels": "8pt", "xticks": "7pt", "yticks": "7pt", "legend": "7pt"})


def is_accuracy(name):
    return "acc" in name.lower()


def groups(names):
    """(loss-like metrics, accuracy-like metrics), each in the order the script logged them."""
    return [n for n in names if not is_accuracy(n)], [n for n in names if is_accuracy(n)]


class _Plot:
    """One figure made by HoloViews, and the Bokeh sources its curves and dots read."""

    def __init__(self, group, keys, colours, title, columns, total):
        data = {"step": columns["step"], **{keys[n]: columns[n] for n in group}}
        elements = [hv.Curve(data, "step", hv.Dimension(keys[n], label=n), label=n).opts(color=colours[n],
                                                                                          line_width=2)
                    for n in group]
        elements += [hv.Scatter(data, "step", hv.Dimension(keys[n], label=n)).opts(color=colours[n], size=3)
                     for n in group]
        overlay = hv.Overlay(elements).opts(title=title, show_legend=len(group) > 1, legend_position="top_right",
                                            **PLOT_OPTS)
        self.figure = hv.render(overlay, backend="bokeh")
        self.figure.name = f"{title} curve"
        self.figure.output_backend = "canvas"
        glyphs = [r for r in self.figure.renderers if isinstance(r, GlyphRenderer)]
        self.dots = [r for r in glyphs if isinstance(r.glyph, BokehScatter)]
        self.lines = [r.data_source for r in glyphs if r not in self.dots]
        self.group, self.keys = group, keys
        self.low, self.high, self.last, self.rows, self.y_shown = math.inf, -math.inf, 0.0, 0, None
        self._drawn_sources(len(columns["step"]))
        self._extend(columns, total)

    def add(self, columns, total):
        new = self._arrays(columns)
        for source in self._drawn_sources(len(columns["step"])):
            source.stream({k: new[k] for k in source.data}, rollover=MAX_ROWS)
        self._extend(columns, total)

    def restart(self, columns, total):
        """The same metrics from a new run: the same figure, only these rows."""
        new = self._arrays(columns)
        self.rows = 0
        for source in self._drawn_sources(len(columns["step"])):
            source.data = {k: new[k][-MAX_ROWS:] for k in source.data}
        self.low, self.high, self.last, self.y_shown = math.inf, -math.inf, 0.0, None  # fit the new run afresh
        self._extend(columns, total)

    def _drawn_sources(self, new_rows):
        """The sources new rows go to: the dots' too while the curve is short; past that the dots hide."""
        self.rows += new_rows
        dotted = self.rows <= DOTS_MAX_ROWS
        for r in self.dots:
            if r.visible != dotted:
                r.visible = dotted
        return self.lines + [r.data_source for r in self.dots] if dotted else self.lines

    def _arrays(self, columns):
        return {"step": np.asarray(columns["step"], dtype=float),
                **{self.keys[n]: np.asarray(columns[n], dtype=float) for n in self.group}}

    def _extend(self, columns, total):
        """Move the axes' ends to take the new rows in: x to the loop's length, y to the values' range."""
        values = [v for n in self.group for v in columns[n] if math.isfinite(v)]
        self.low, self.high = min([self.low, *values]), max([self.high, *values])
        self.last = max([self.last, *columns["step"]])
        x_end = max(float(total or 0), self.last + 1.0)
        x_start = -X_MARGIN * x_end  # step 0's dot clear of the axis
        if self.figure.x_range.end != x_end or self.figure.x_range.start != x_start:
            self.figure.x_range.update(start=x_start, end=x_end)
        if math.isfinite(self.low):
            self._fit_y()

    def _fit_y(self):
        """Move the y axis only when a value leaves it, or the values fill too little of it; then leave room."""
        span = self.high - self.low
        if self.y_shown is not None:
            start, end = self.y_shown
            if start <= self.low and self.high <= end and (span == 0 or span >= Y_FILL * (end - start)):
                return
        pad = (Y_MARGIN + Y_ROOM) * span or 0.05 * max(abs(self.high), 1.0)
        self.y_shown = (self.low - pad, self.high + pad)
        self.figure.y_range.update(start=self.y_shown[0], end=self.y_shown[1])


class Curves(Viewer):
    """Two plots; ``show(columns, total)`` starts them afresh, ``add(columns, total)`` appends rows."""

    def __init__(self, **params):
        super().__init__(**params)
        self._names = None
        self._plots = []
        pane = dict(sizing_mode="stretch_both", min_width=150, min_height=150, visible=False)
        self.loss = pn.pane.Bokeh(None, name="loss curve", **pane)
        self.accuracy = pn.pane.Bokeh(None, name="accuracy curve", **pane)

    def __panel__(self):
        return pn.Row(self.loss, self.accuracy, sizing_mode="stretch_both", margin=0)

    def show(self, columns, total=None):
        """Start again with these rows (metric_rows' columns): new figures only for new metrics."""
        names = [k for k in columns if k != "step"]
        if names == self._names and self._plots and columns["step"]:
            for plot in self._plots:
                plot.restart(columns, total)
            return
        keys = {n: f"metric{i}" for i, n in enumerate(names)}  # source column names HoloViews keeps as they are
        colours = dict(zip(names, COLOURS * (len(names) // len(COLOURS) + 1)))
        self._names, self._plots = names, []
        for pane, group, title in zip((self.loss, self.accuracy), groups(names), ("loss", "accuracy")):
            if group and columns["step"]:
                plot = _Plot(group, keys, colours, title, columns, total)
                self._plots.append(plot)
                pane.object = plot.figure
            pane.visible = bool(group and columns["step"])

    def add(self, columns, total=None):
        if not columns["step"]:
            return
        if [k for k in columns if k != "step"] != self._names or not self._plots:
            return self.show(columns, total)
        for plot in self._plots:
            plot.add(columns, total)
