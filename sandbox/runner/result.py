"""RunResult: what one run of a script gives back, as plain JSON-ready data.

Everything here also checks data that comes out of the sandbox: the child is
hostile, so its messages are parsed as JSON (never pickle), capped in size and
checked against the schema below before anyone else sees them.
"""

import json
import math
from dataclasses import dataclass, field

SCHEMA_ERROR = "The sandbox returned malformed output, so the run was discarded."
MAX_FLOAT_INT = 2**53  # larger ints lose precision in a browser's JSON.parse: sent as floats

ERROR_KEYS = {"type": str, "message": str}
NODE_KEYS = ("id", "label", "op", "data", "grad", "scope")

# Caps on the training events (a child that breaks one is stopped); the helpers refuse bigger models first.
MAX_NETWORK_LAYERS = 8  # weight layers show_network draws
MAX_LAYER_NEURONS = 64  # neurons in one column of the network view
MAX_NETWORK_WEIGHTS = 4_096  # weights in one network event
MAX_GRID = 64  # boundary grid cells per side
MAX_BOUNDARY_POINTS = 2_000  # data points drawn over the boundary
MAX_NAME_CHARS = 40  # a control's or an activation's name
PROGRESS_STATES = ("preview", "running", "paused", "done")
PARAM_KEYS = {"type", "name", "value", "default", "low", "high"}
PROGRESS_KEYS = {"type", "step", "total", "state", "t"}
NETWORK_KEYS = {"type", "step", "sizes", "acts", "weights", "biases", "weight_grads", "bias_grads"}
BOUNDARY_KEYS = {"type", "step", "box", "shape", "scores", "points", "labels"}


def empty_graph():
    return {"nodes": [], "edges": []}


@dataclass
class RunResult:
    """The outcome of running one script.

    ok
        True when the script ran to its end without an error.
    error
        None, or ``{"type", "message", "line", "column", "traceback"}``: ``line``
        (1-based) and ``column`` (0-based) point into the user's code or are None;
        ``traceback`` lists "line N, in f: source" strings for the user's frames only.
    stdout, stdout_truncated
        What the script printed (at most ``Limits.max_stdout_bytes``), and whether
        more was cut off.
    graph
        ``{"nodes": [{"id", "label", "op", "data", "grad", "scope"}], "edges": [[src, dst]]}``,
        exactly ``engine.trace(*roots, names=globals).to_dict()`` for what the script
        shows, except that non-finite numbers become strings: ``"NaN"``,
        ``"Infinity"``, ``"-Infinity"`` (plain JSON has no NaN; these survive
        ``JSON.parse``). Ints beyond 2**53 become floats. After a timeout it is the
        last snapshot the script took, if any.
    events
        The ``log`` and ``snapshot`` events the script emitted, in order (stdout
        is streamed as events too, but kept here only in ``stdout``).
    elapsed_s
        Wall-clock seconds the run took, as the caller saw it.
    """

    ok: bool
    error: dict | None = None
    stdout: str = ""
    stdout_truncated: bool = False
    graph: dict = field(default_factory=empty_graph)
    events: list = field(default_factory=list)
    elapsed_s: float = 0.0

    def to_dict(self):
        """The JSON object of ``micrograd-sandbox run --json``."""
        return {"ok": self.ok, "error": self.error, "stdout": self.stdout, "stdout_truncated": self.stdout_truncated,
                "graph": self.graph, "events": self.events, "elapsed_s": self.elapsed_s}

    def to_json(self):
        return dumps(self.to_dict())

    @classmethod
    def from_dict(cls, d):
        """Check a result dict (graphs in either form, see wire.py) and give it with plain graphs."""
        check_result(d)
        return cls(ok=d["ok"], error=d["error"], stdout=d["stdout"], stdout_truncated=d["stdout_truncated"],
                   graph=_plain(d["graph"]), events=[plain_event(e) for e in d["events"]], elapsed_s=d["elapsed_s"])

    @classmethod
    def failure(cls, type_, message, line=None, column=None, **kwargs):
        return cls(ok=False, error=make_error(type_, message, line, column), **kwargs)


def make_error(type_, message, line=None, column=None, traceback=()):
    return {"type": type_, "message": message, "line": line, "column": column, "traceback": list(traceback)}


def memory_limit_error(memory_mb):
    return make_error("MemoryLimit", f"Your script used more than {memory_mb} MB of memory and was stopped.")


# -- JSON that browsers accept --

def json_number(x):
    """A number as JSON can carry it: NaN and infinities as strings, huge ints as floats."""
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int):
        if -MAX_FLOAT_INT <= x <= MAX_FLOAT_INT:
            return x
        try:
            x = float(x)
        except OverflowError:
            return "Infinity" if x > 0 else "-Infinity"
    x = float(x)
    if math.isfinite(x):
        return x
    if math.isnan(x):
        return "NaN"
    return "Infinity" if x > 0 else "-Infinity"


def dumps(obj):
    """Strict JSON: refuses NaN rather than writing a token JSON.parse rejects."""
    return json.dumps(obj, allow_nan=False, ensure_ascii=False, separators=(",", ":"))


def utf8(text):
    """UTF-8 bytes of any str: a lone surrogate (a script can make one) becomes '?' instead of an error."""
    return text.encode("utf-8", errors="replace")


def json_line(obj):
    """One message of a JSON-lines stream, as bytes."""
    return utf8(dumps(obj) + "\n")


# -- schema checks for what comes out of the sandbox --

class SchemaError(ValueError):
    pass


def _require(cond, what):
    if not cond:
        raise SchemaError(what)


def _is_number(x):
    return (isinstance(x, (int, float)) and not isinstance(x, bool)) or x in ("NaN", "Infinity", "-Infinity")


def _plain(g):
    from sandbox.runner import wire  # wire checks with this module's SchemaError

    return wire.plain(g)


def plain_event(ev):
    """A checked event with its graph (a snapshot's) in the plain form."""
    return dict(ev, graph=_plain(ev["graph"])) if ev.get("type") == "snapshot" else ev


def is_real(x):
    """A finite int or float (not a bool), and an int no larger than a float can hold."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return False
    return math.isfinite(x) if isinstance(x, float) else -MAX_FLOAT_INT <= x <= MAX_FLOAT_INT


def _is_count(x, low=0, high=None):
    return isinstance(x, int) and not isinstance(x, bool) and x >= low and (high is None or x <= high)


def _numbers(xs, n):
    return isinstance(xs, list) and len(xs) == n and all(_is_number(x) for x in xs)


def check_graph(g):
    """A graph in the plain form or the wire form (sandbox/runner/wire.py)."""
    from sandbox.runner import wire

    if wire.is_packed(g):
        return wire.check_packed(g)
    _require(isinstance(g, dict) and set(g) == {"nodes", "edges"}, "graph must be {nodes, edges}")
    _require(isinstance(g["nodes"], list) and isinstance(g["edges"], list), "nodes and edges must be lists")
    ids = set()
    for n in g["nodes"]:
        _require(isinstance(n, dict) and tuple(n) == NODE_KEYS, "node keys")
        for key in ("id", "label", "op", "scope"):
            _require(isinstance(n[key], str), f"node {key} must be a string")
        _require(_is_number(n["data"]) and _is_number(n["grad"]), "node data/grad must be numbers")
        ids.add(n["id"])
    for e in g["edges"]:
        _require(isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) and x in ids for x in e),
                 "edges join known ids")


def check_error(err):
    if err is None:
        return
    _require(isinstance(err, dict), "error must be an object")
    for key, kind in ERROR_KEYS.items():
        _require(isinstance(err.get(key), kind), f"error.{key}")
    for key in ("line", "column"):
        _require(err.get(key) is None or (isinstance(err[key], int) and not isinstance(err[key], bool)), key)
    tb = err.get("traceback", [])
    _require(isinstance(tb, list) and all(isinstance(t, str) for t in tb), "traceback lines are strings")


def check_event(ev):
    """A streamed event from the child: stdout, log or snapshot."""
    _require(isinstance(ev, dict), "event must be an object")
    kind = ev.get("type")
    if kind == "stdout":
        _require(set(ev) == {"type", "text"} and isinstance(ev["text"], str), "stdout event")
    elif kind == "log":
        _require(set(ev) == {"type", "step", "metrics"}, "log event keys")
        _require(ev["step"] is None or (isinstance(ev["step"], int) and not isinstance(ev["step"], bool)), "step")
        m = ev["metrics"]
        _require(isinstance(m, dict) and all(isinstance(k, str) and _is_number(v) for k, v in m.items()), "metrics")
    elif kind == "snapshot":
        _require(set(ev) == {"type", "graph"}, "snapshot event keys")
        check_graph(ev["graph"])
    elif kind in TRAINING_CHECKS:
        TRAINING_CHECKS[kind](ev)
    else:
        raise SchemaError(f"unknown event type {kind!r}")


def check_param(ev):
    """A control the script declared: param(name, default, low=, high=)."""
    _require(set(ev) == PARAM_KEYS, "param event keys")
    _require(isinstance(ev["name"], str) and 0 < len(ev["name"]) <= MAX_NAME_CHARS, "param name")
    _require(is_real(ev["value"]) and is_real(ev["default"]), "param value")
    _require(all(ev[k] is None or is_real(ev[k]) for k in ("low", "high")), "param bounds")


def check_progress(ev):
    """Where a training loop is: steps done of total, running or paused, training seconds so far."""
    _require(set(ev) == PROGRESS_KEYS, "progress event keys")
    _require(_is_count(ev["step"]) and (ev["total"] is None or _is_count(ev["total"])), "progress steps")
    _require(ev["state"] in PROGRESS_STATES and is_real(ev["t"]) and ev["t"] >= 0, "progress state")


def check_network(ev):
    """Layer sizes, activations, weights and biases with their grads: weights[layer][neuron][input]."""
    _require(set(ev) == NETWORK_KEYS and (ev["step"] is None or _is_count(ev["step"])), "network event keys")
    sizes = ev["sizes"]
    _require(isinstance(sizes, list) and 2 <= len(sizes) <= MAX_NETWORK_LAYERS + 1
             and all(_is_count(n, 1, MAX_LAYER_NEURONS) for n in sizes), "network sizes")
    layers = len(sizes) - 1
    _require(sum(sizes[i] * sizes[i + 1] for i in range(layers)) <= MAX_NETWORK_WEIGHTS, "network too large")
    _require(isinstance(ev["acts"], list) and len(ev["acts"]) == layers
             and all(isinstance(a, str) and len(a) <= MAX_NAME_CHARS for a in ev["acts"]), "network acts")
    for key in ("weights", "weight_grads"):
        _require(isinstance(ev[key], list) and len(ev[key]) == layers, key)
        for i, layer in enumerate(ev[key]):
            _require(isinstance(layer, list) and len(layer) == sizes[i + 1]
                     and all(_numbers(row, sizes[i]) for row in layer), key)
    for key in ("biases", "bias_grads"):
        _require(isinstance(ev[key], list) and len(ev[key]) == layers
                 and all(_numbers(b, sizes[i + 1]) for i, b in enumerate(ev[key])), key)


def check_boundary(ev):
    """A grid of scores over box [x0, x1, y0, y1] (shape [rows, columns], rows from y0 up) and the points."""
    _require(set(ev) == BOUNDARY_KEYS and (ev["step"] is None or _is_count(ev["step"])), "boundary event keys")
    box, shape = ev["box"], ev["shape"]
    _require(isinstance(box, list) and len(box) == 4 and all(is_real(b) for b in box)
             and box[0] < box[1] and box[2] < box[3], "boundary box")
    _require(isinstance(shape, list) and len(shape) == 2 and all(_is_count(n, 2, MAX_GRID) for n in shape), "shape")
    _require(_numbers(ev["scores"], shape[0] * shape[1]), "boundary scores")
    points = ev["points"]
    _require(isinstance(points, list) and len(points) <= MAX_BOUNDARY_POINTS
             and all(isinstance(p, list) and len(p) == 2 and all(is_real(c) for c in p) for p in points), "points")
    _require(_numbers(ev["labels"], len(points)), "boundary labels")


TRAINING_CHECKS = {"param": check_param, "progress": check_progress, "network": check_network,
                   "boundary": check_boundary}


def check_result(d):
    _require(isinstance(d, dict), "result must be an object")
    _require(isinstance(d.get("ok"), bool), "ok")
    check_error(d.get("error"))
    _require(isinstance(d.get("stdout"), str) and isinstance(d.get("stdout_truncated"), bool), "stdout")
    check_graph(d.get("graph"))
    _require(isinstance(d.get("events"), list), "events")
    for ev in d["events"]:
        check_event(ev)
    _require(isinstance(d.get("elapsed_s"), (int, float)), "elapsed_s")
