"""The decision boundary: the model's score over the data's box as a heatmap, with the data points.

``boundary_columns`` turns the runner's "boundary" event into an image and
points (plain data); ``BoundaryView`` is one Bokeh figure whose sources are
replaced in place (a 30 x 30 grid is 900 numbers: cheap to send whole).
"""

import numpy as np
import panel as pn
from bokeh.models import ColumnDataSource, LinearColorMapper, Range1d
from bokeh.plotting import figure
from panel.viewable import Viewer

from sandbox.app.graph.graph_view import NAN_COLOUR
from sandbox.app.graph.palette import NEGATIVE, PALETTE, POSITIVE  # the points' colours by their label
from sandbox.app.graph.scene import json_float

SATURATION = 2.0  # scores beyond +-this are drawn in the strongest colour (the hinge margin is 1)


def boundary_columns(ev):
    """{"image", "box", "limit", "points"}: the score grid as rows from the bottom up, and coloured points."""
    rows, cols = ev["shape"]
    scores = np.array([json_float(s) for s in ev["scores"]], dtype=float).reshape(rows, cols)
    finite = np.abs(scores[np.isfinite(scores)])
    limit = min(float(finite.max()), SATURATION) if finite.size and finite.max() > 0 else 1.0
    points = {"x": [p[0] for p in ev["points"]], "y": [p[1] for p in ev["points"]],
              "label": [json_float(v) for v in ev["labels"]]}
    points["colour"] = [POSITIVE if v > 0 else NEGATIVE for v in points["label"]]
    return {"image": scores, "box": list(ev["box"]), "limit": limit, "points": points}


class BoundaryView(Viewer):
    """The figure; ``draw(columns)`` swaps the image and the points."""

    def __init__(self, **params):
        super().__init__(**params)
        self.mapper = LinearColorMapper(palette=PALETTE, low=-1, high=1, nan_color=NAN_COLOUR)
        self.grid = ColumnDataSource(data={"image": [], "x": [], "y": [], "dw": [], "dh": []})
        self.points = ColumnDataSource(data={"x": [], "y": [], "label": [], "colour": []})
        p = figure(x_range=Range1d(0, 1), y_range=Range1d(0, 1), tools="hover", toolbar_location=None,
                   output_backend="canvas", sizing_mode="stretch_both", name="boundary", title="decision boundary",
                   min_border=4, tooltips=[("x", "@x{0.00}"), ("y", "@y{0.00}"), ("label", "@label")])
        p.title.text_font_size = "12px"
        p.axis.major_label_text_font_size = "9px"
        p.grid.visible = False
        p.image("image", x="x", y="y", dw="dw", dh="dh", color_mapper=self.mapper, source=self.grid)
        dots = p.scatter("x", "y", size=6, fill_color="colour", line_color="white", line_width=0.8,
                         source=self.points, name="points")
        p.hover.renderers = [dots]
        self.figure = p
        self.pane = pn.pane.Bokeh(p, sizing_mode="stretch_both", min_width=150, min_height=150)

    def __panel__(self):
        return self.pane

    def draw(self, columns):
        x0, x1, y0, y1 = columns["box"]
        if [self.figure.x_range.start, self.figure.x_range.end, self.figure.y_range.start,
                self.figure.y_range.end] != columns["box"]:
            self.figure.x_range.update(start=x0, end=x1)
            self.figure.y_range.update(start=y0, end=y1)
        self.mapper.update(low=-columns["limit"], high=columns["limit"])
        self.grid.data = {"image": [columns["image"]], "x": [x0], "y": [y0], "dw": [x1 - x0], "dh": [y1 - y0]}
        if not _same_points(self.points.data, columns["points"]):
            self.points.data = columns["points"]


def _same_points(old, new):
    return (len(old["x"]) == len(new["x"]) and list(old["x"]) == new["x"] and list(old["y"]) == new["y"]
            and list(old["label"]) == new["label"])
