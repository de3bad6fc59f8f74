"""The network view: neurons in columns, edge width = |weight|, colour = its sign, rings on large gradients.

``network_columns`` turns the runner's "network" event into the columns the
figure draws (plain data, testable without Bokeh); ``NetworkView`` is one
Bokeh figure built once whose sources are patched while the network trains.
"""

import math

import numpy as np
import panel as pn
from bokeh.models import ColumnDataSource, HoverTool, Range1d
from bokeh.plotting import figure
from panel.viewable import Viewer

from sandbox.app.graph.palette import NEGATIVE, POSITIVE  # edge colours by the weight's sign, as in the graph
from sandbox.app.graph.scene import json_float, number

MIN_EDGE_WIDTH, MAX_EDGE_WIDTH = 0.3, 4.5  # pixels for |weight| = 0 and for the largest |weight|
EDGE_ALPHA = 0.55  # edges cross a lot: see-through, so the strong ones stand out
RING_SHARE = 0.5  # a neuron gets a ring when its gradient norm is at least this share of the largest
RING_COLOUR = "#f08c00"
NEURON_SIZE = 11  # pixels
INPUT_FILL, NEURON_FILL = "#dee2e6", "#f8f9fa"
EDGE_KEYS = ("x0", "y0", "x1", "y1", "weight", "width", "colour")
NEURON_KEYS = ("x", "y", "name", "bias", "grad_norm", "ring", "ring_width", "fill")


def _heights(sizes):
    """y of every neuron: columns centred, the same spacing in all of them."""
    spacing = 2.0 / max(max(sizes) - 1, 1)
    return [[((n - 1) / 2 - j) * spacing for j in range(n)] for n in sizes]


def network_columns(ev):
    """{"edges": {...}, "neurons": {...}, "structure": sizes}: what the figure draws for a network event."""
    sizes = ev["sizes"]
    ys = _heights(sizes)
    weights = [[[json_float(w) for w in row] for row in layer] for layer in ev["weights"]]
    finite = [abs(w) for layer in weights for row in layer for w in row if math.isfinite(w)]
    top = max(finite, default=0.0) or 1.0
    edges = {k: [] for k in EDGE_KEYS}
    for layer, rows in enumerate(weights):
        for j, row in enumerate(rows):
            for i, w in enumerate(row):
                share = min(abs(w) / top, 1.0) if math.isfinite(w) else 1.0
                edges["x0"].append(float(layer))
                edges["y0"].append(ys[layer][i])
                edges["x1"].append(float(layer + 1))
                edges["y1"].append(ys[layer + 1][j])
                edges["weight"].append(w)
                edges["width"].append(MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * share)
                edges["colour"].append(POSITIVE if w > 0 else NEGATIVE)
    return {"edges": edges, "neurons": _neurons(ev, ys), "structure": tuple(sizes)}


def _neurons(ev, ys):
    norms = [[math.sqrt(sum(json_float(g) ** 2 for g in row) + json_float(bg) ** 2) for row, bg in zip(layer, bias)]
             for layer, bias in zip(ev["weight_grads"], ev["bias_grads"])]
    top = max((g for layer in norms for g in layer if math.isfinite(g)), default=0.0)
    neurons = {k: [] for k in NEURON_KEYS}
    for layer, column in enumerate(ys):
        for j, y in enumerate(column):
            hidden = layer > 0
            g = norms[layer - 1][j] if hidden else math.nan
            ring = hidden and top > 0 and (not math.isfinite(g) or g >= RING_SHARE * top)
            neurons["x"].append(float(layer))
            neurons["y"].append(y)
            neurons["name"].append(f"layer {layer} neuron {j}" if hidden else f"input {j}")
            neurons["bias"].append(number(json_float(ev["biases"][layer - 1][j])) if hidden else "")
            neurons["grad_norm"].append(number(g) if hidden else "")
            neurons["ring"].append(RING_COLOUR if ring else "#868e96")
            neurons["ring_width"].append(3.0 if ring else 1.0)
            neurons["fill"].append(NEURON_FILL if hidden else INPUT_FILL)
    return neurons


class NetworkView(Viewer):
    """The figure; ``draw(columns)`` patches it when the layer sizes are unchanged."""

    def __init__(self, **params):
        super().__init__(**params)
        self._structure = None
        self.edges = ColumnDataSource(data={k: [] for k in EDGE_KEYS})
        self.neurons = ColumnDataSource(data={k: [] for k in NEURON_KEYS})
        p = figure(x_range=Range1d(-0.3, 1.3), y_range=Range1d(-1.15, 1.15), tools="hover", toolbar_location=None,
                   output_backend="canvas", sizing_mode="stretch_both", name="network", title="network",
                   min_border=4)
        p.title.text_font_size = "12px"
        p.axis.visible = False
        p.grid.visible = False
        p.outline_line_color = None
        p.segment("x0", "y0", "x1", "y1", line_width="width", line_color="colour", line_alpha=EDGE_ALPHA,
                  source=self.edges, name="edges")
        dots = p.scatter("x", "y", size=NEURON_SIZE, fill_color="fill", line_color="ring", line_width="ring_width",
                         source=self.neurons, name="neurons")
        p.select_one(HoverTool).update(renderers=[dots], tooltips=[("", "@name"), ("bias", "@bias"),
                                                                    ("|grad|", "@grad_norm")])
        self.figure = p
        self.pane = pn.pane.Bokeh(p, sizing_mode="stretch_both", min_width=200, min_height=150)

    def __panel__(self):
        return self.pane

    def draw(self, columns):
        if columns["structure"] != self._structure:
            self._structure = columns["structure"]
            self.figure.x_range.update(start=-0.3, end=len(columns["structure"]) - 0.7)
            self.edges.data = _arrays(columns["edges"])
            self.neurons.data = _arrays(columns["neurons"])
            return
        self.edges.data.update(_arrays({k: columns["edges"][k] for k in ("weight", "width", "colour")}))
        self.neurons.data.update({k: columns["neurons"][k] for k in ("bias", "grad_norm", "ring", "ring_width")})


def _arrays(columns):
    """Numbers as binary arrays (cheap to send), strings as lists."""
    return {k: np.asarray(v, dtype=float) if v and isinstance(v[0], float) else v for k, v in columns.items()}
