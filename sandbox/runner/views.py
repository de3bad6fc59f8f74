"""What show_network and show_boundary send: a model's weights, and its scores over the data's box.

Evaluated in the run's child, where the model lives. The network view reads
engine.nn's MLP, Layer and Neuron (anything else gets a plain message). The
decision boundary scores a grid of points: for those modules in plain float
arithmetic from each parameter's ``.data`` (a 30 x 30 grid through Values of
a 337-parameter MLP would take over a second), for any other model through
Values under ``no_grad``.
"""

import math
import operator

from engine.nn import MLP, Layer, Neuron
from engine.value import Value, no_grad
from sandbox.runner.result import (
    MAX_BOUNDARY_POINTS,
    MAX_LAYER_NEURONS,
    MAX_NETWORK_LAYERS,
    MAX_NETWORK_WEIGHTS,
)
from sandbox.runner.wire import is_real, json_number

GRID = 30  # boundary grid cells per side
BOX_MARGIN = 0.15  # the grid reaches this share of the data's extent beyond it on every side
SCORE_DIGITS = 5  # significant digits of a grid score (the heatmap shows no more)
FLOAT_ACTS = {"relu": lambda a: a if a > 0 else 0.0, "tanh": math.tanh, "linear": lambda a: a,
              "sigmoid": lambda a: 1 / (1 + math.exp(-a)) if a > -700 else 0.0}


def network_layers(model):
    """The model as layers of neurons, checked: a list of lists of engine.nn Neurons."""
    if isinstance(model, MLP):
        layers = [layer.neurons for layer in model.layers]
    elif isinstance(model, Layer):
        layers = [model.neurons]
    elif isinstance(model, Neuron):
        layers = [[model]]
    else:
        raise TypeError(f"show_network() draws engine.nn's MLP, Layer or Neuron; got {type(model).__name__}")
    if not layers or not all(layers) or not all(isinstance(n, Neuron) for layer in layers for n in layer):
        raise TypeError("show_network() needs every layer to be a non-empty list of Neurons")
    sizes = [len(layers[0][0].w)] + [len(layer) for layer in layers]
    for i, layer in enumerate(layers):
        if any(len(n.w) != sizes[i] for n in layer):
            raise ValueError(f"show_network(): layer {i} has neurons with different numbers of inputs")
    weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
    if len(layers) > MAX_NETWORK_LAYERS or max(sizes) > MAX_LAYER_NEURONS or weights > MAX_NETWORK_WEIGHTS:
        raise ValueError(f"show_network() draws at most {MAX_NETWORK_LAYERS} layers of {MAX_LAYER_NEURONS} neurons "
                         f"and {MAX_NETWORK_WEIGHTS:,} weights; this network has layers {sizes}")
    return layers


def network_event(layers, step):
    """The "network" event: sizes, activations, weights[layer][neuron][input], biases, and their grads."""
    def nums(values, key):
        return [json_number(getattr(v, key)) for v in values]

    return {"type": "network", "step": step,
            "sizes": [len(layers[0][0].w)] + [len(layer) for layer in layers],
            "acts": [layer[0].act for layer in layers],
            "weights": [[nums(n.w, "data") for n in layer] for layer in layers],
            "biases": [nums([n.b for n in layer], "data") for layer in layers],
            "weight_grads": [[nums(n.w, "grad") for n in layer] for layer in layers],
            "bias_grads": [nums([n.b for n in layer], "grad") for layer in layers]}


# -- the decision boundary --

def check_data(X, y):
    """X as [[x1, x2], ...] floats and y as floats, or a plain error about what is wrong."""
    if not isinstance(X, (list, tuple)) or not isinstance(y, (list, tuple)) or len(X) != len(y) or not X:
        raise TypeError("show_boundary(model, X, y) takes X as a list of [x1, x2] points and y as their labels")
    if len(X) > MAX_BOUNDARY_POINTS:
        raise ValueError(f"show_boundary() draws at most {MAX_BOUNDARY_POINTS:,} points; got {len(X):,}")
    points, labels = [], []
    for p, label in zip(X, y):
        p = [v.data if isinstance(v, Value) else v for v in (p if isinstance(p, (list, tuple)) else [p])]
        label = label.data if isinstance(label, Value) else label
        if len(p) != 2 or not all(is_real(v) for v in p) or not is_real(label):
            raise TypeError("show_boundary() draws 2D data: each point of X must be two numbers, each label one")
        points.append([float(p[0]), float(p[1])])
        labels.append(float(label))
    return points, labels


def scorer(model):
    """f(x1, x2) -> float with the model as it is now: plain floats for engine.nn modules, else Values."""
    layers = _float_layers(model)
    if layers is not None:
        weights = _weights(layers)  # read once per grid, not once per point
        return lambda x1, x2: _float_forward(weights, [x1, x2])
    if not callable(model):
        raise TypeError(f"show_boundary() needs a model it can call on [x1, x2]; got {type(model).__name__}")

    def through_values(x1, x2):
        with no_grad():
            out = model([Value(x1), Value(x2)])
        return _score(out)
    return through_values


def _float_layers(model):
    """The model's layers when plain float arithmetic computes exactly what calling it would, else None."""
    if type(model).__call__ is MLP.__call__ and isinstance(model, MLP):
        layers = [layer.neurons for layer in model.layers]
        if not all(type(layer).__call__ is Layer.__call__ for layer in model.layers):
            return None
    elif type(model).__call__ is Layer.__call__ and isinstance(model, Layer):
        layers = [model.neurons]
    elif type(model).__call__ is Neuron.__call__ and isinstance(model, Neuron):
        layers = [[model]]
    else:
        return None
    if len(layers[-1]) != 1 or len(layers[0][0].w) != 2:
        return None
    ok = all(type(n).__call__ is Neuron.__call__ and n.act in FLOAT_ACTS for layer in layers for n in layer)
    return layers if ok else None


def _weights(layers):
    return [[([w.data for w in n.w], n.b.data, FLOAT_ACTS[n.act]) for n in layer] for layer in layers]


def _float_forward(weights, x):
    for layer in weights:
        x = [act(b + sum(map(operator.mul, w, x))) for w, b, act in layer]
    return x[0]


def _score(out):
    if isinstance(out, (list, tuple)) and len(out) == 1:
        out = out[0]
    if isinstance(out, Value):
        out = out.data
    if not isinstance(out, (int, float)) or isinstance(out, bool):
        raise TypeError("show_boundary() needs a model that returns one score (a Value or a number) per point")
    return float(out)


def box_of(points):
    """[x0, x1, y0, y1]: the points' extent with a margin (and some width when they all coincide)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = []
    for lo, hi in ((min(xs), max(xs)), (min(ys), max(ys))):
        pad = BOX_MARGIN * (hi - lo) or 0.5
        box += [lo - pad, hi + pad]
    return box


def boundary_event(model, points, labels, step):
    """The "boundary" event: the model's score at every grid cell's centre, rows from the bottom up."""
    x0, x1, y0, y1 = box = box_of(points)
    score = scorer(model)
    dx, dy = (x1 - x0) / GRID, (y1 - y0) / GRID
    scores = []
    for r in range(GRID):
        b = y0 + (r + 0.5) * dy
        for c in range(GRID):
            s = score(x0 + (c + 0.5) * dx, b)
            scores.append(json_number(float(f"{s:.{SCORE_DIGITS}g}")) if math.isfinite(s) else json_number(s))
    return {"type": "boundary", "step": step, "box": box, "shape": [GRID, GRID], "scores": scores,
            "points": points, "labels": labels}
