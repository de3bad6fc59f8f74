"""RunResult: what one run of a script gives back, as plain JSON-ready data.

Everything here also checks data that comes out of the sandbox: the child is
hostile, so its messages are parsed as strict JSON (never pickle, see wire.py),
capped in size and checked against the schema below, key for key, before
anyone else sees them.
"""

from dataclasses import dataclass, field

from sandbox.runner.wire import (
    FLOAT_MAX,
    SchemaError,
    are_numbers,
    check_packed,
    dumps,
    is_number,
    is_packed,
    is_real,
    plain,
    require,
)

SCHEMA_ERROR = "The sandbox returned malformed output, so the run was discarded."

ERROR_KEYS = ("type", "message", "line", "column", "traceback")  # make_error's keys, all of them always
RESULT_MESSAGE_KEYS = {"type", "ok", "error", "graph", "stdout_truncated"}  # the run's last message
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
                   graph=plain(d["graph"]), events=[plain_event(e) for e in d["events"]], elapsed_s=d["elapsed_s"])

    @classmethod
    def failure(cls, type_, message, line=None, column=None, **kwargs):
        return cls(ok=False, error=make_error(type_, message, line, column), **kwargs)


def make_error(type_, message, line=None, column=None, traceback=()):
    return {"type": type_, "message": message, "line": line, "column": column, "traceback": list(traceback)}


def memory_limit_error(memory_mb):
    return make_error("MemoryLimit", f"Your script used more than {memory_mb} MB of memory and was stopped.")


# -- schema checks for what comes out of the sandbox --

def plain_event(ev):
    """A checked event with its graph (a snapshot's) in the plain form."""
    return dict(ev, graph=plain(ev["graph"])) if ev.get("type") == "snapshot" else ev


def _is_count(x, low=0, high=FLOAT_MAX):
    return isinstance(x, int) and not isinstance(x, bool) and low <= x <= high


def _numbers(xs, n):
    return isinstance(xs, list) and len(xs) == n and are_numbers(xs)


def check_graph(g):
    """A graph in the plain form or the wire form (sandbox/runner/wire.py)."""
    if is_packed(g):
        return check_packed(g)
    require(isinstance(g, dict) and set(g) == {"nodes", "edges"}, "graph must be {nodes, edges}")
    require(isinstance(g["nodes"], list) and isinstance(g["edges"], list), "nodes and edges must be lists")
    ids = set()
    for n in g["nodes"]:
        require(isinstance(n, dict) and tuple(n) == NODE_KEYS, "node keys")
        for key in ("id", "label", "op", "scope"):
            require(isinstance(n[key], str), f"node {key} must be a string")
        require(is_number(n["data"]) and is_number(n["grad"]), "node data/grad must be numbers")
        ids.add(n["id"])
    for e in g["edges"]:
        require(isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) and x in ids for x in e),
                 "edges join known ids")


def check_error(err):
    """None, or exactly make_error's keys: a message that carries more is not ours."""
    if err is None:
        return
    require(isinstance(err, dict) and set(err) == set(ERROR_KEYS), "error keys")
    require(isinstance(err["type"], str) and isinstance(err["message"], str), "error type and message")
    for key in ("line", "column"):
        require(err[key] is None or _is_count(err[key]), f"error {key}")
    tb = err["traceback"]
    require(isinstance(tb, list) and all(isinstance(t, str) for t in tb), "traceback lines are strings")


def check_result_message(msg):
    """The run's own last message: {"type": "result", "ok", "error", "graph", "stdout_truncated"}, ok iff no error."""
    require(isinstance(msg, dict) and set(msg) == RESULT_MESSAGE_KEYS, "result message keys")
    check_error(msg["error"])
    check_graph(msg["graph"])
    require(isinstance(msg["ok"], bool) and msg["ok"] == (msg["error"] is None), "result ok")
    require(isinstance(msg["stdout_truncated"], bool), "result stdout_truncated")


def check_event(ev):
    """A streamed event from the child: stdout, log or snapshot."""
    require(isinstance(ev, dict), "event must be an object")
    kind = ev.get("type")
    if kind == "stdout":
        require(set(ev) == {"type", "text"} and isinstance(ev["text"], str), "stdout event")
    elif kind == "log":
        require(set(ev) == {"type", "step", "metrics"}, "log event keys")
        require(ev["step"] is None or (_is_count(ev["step"], -FLOAT_MAX)), "step")
        m = ev["metrics"]
        require(isinstance(m, dict) and all(isinstance(k, str) and is_number(v) for k, v in m.items()), "metrics")
    elif kind == "snapshot":
        require(set(ev) == {"type", "graph"}, "snapshot event keys")
        check_graph(ev["graph"])
    elif kind in TRAINING_CHECKS:
        TRAINING_CHECKS[kind](ev)
    else:
        raise SchemaError(f"unknown event type {kind!r}")


def check_param(ev):
    """A control the script declared: param(name, default, low=, high=)."""
    require(set(ev) == PARAM_KEYS, "param event keys")
    require(isinstance(ev["name"], str) and 0 < len(ev["name"]) <= MAX_NAME_CHARS, "param name")
    require(is_real(ev["value"]) and is_real(ev["default"]), "param value")
    require(all(ev[k] is None or is_real(ev[k]) for k in ("low", "high")), "param bounds")


def check_progress(ev):
    """Where a training loop is: steps done of total, running or paused, training seconds so far."""
    require(set(ev) == PROGRESS_KEYS, "progress event keys")
    require(_is_count(ev["step"]) and (ev["total"] is None or _is_count(ev["total"])), "progress steps")
    require(ev["state"] in PROGRESS_STATES and is_real(ev["t"]) and ev["t"] >= 0, "progress state")


def check_network(ev):
    """Layer sizes, activations, weights and biases with their grads: weights[layer][neuron][input]."""
    require(set(ev) == NETWORK_KEYS and (ev["step"] is None or _is_count(ev["step"])), "network event keys")
    sizes = ev["sizes"]
    require(isinstance(sizes, list) and 2 <= len(sizes) <= MAX_NETWORK_LAYERS + 1
             and all(_is_count(n, 1, MAX_LAYER_NEURONS) for n in sizes), "network sizes")
    layers = len(sizes) - 1
    require(sum(sizes[i] * sizes[i + 1] for i in range(layers)) <= MAX_NETWORK_WEIGHTS, "network too large")
    require(isinstance(ev["acts"], list) and len(ev["acts"]) == layers
             and all(isinstance(a, str) and len(a) <= MAX_NAME_CHARS for a in ev["acts"]), "network acts")
    for key in ("weights", "weight_grads"):
        require(isinstance(ev[key], list) and len(ev[key]) == layers, key)
        for i, layer in enumerate(ev[key]):
            require(isinstance(layer, list) and len(layer) == sizes[i + 1]
                     and all(_numbers(row, sizes[i]) for row in layer), key)
    for key in ("biases", "bias_grads"):
        require(isinstance(ev[key], list) and len(ev[key]) == layers
                 and all(_numbers(b, sizes[i + 1]) for i, b in enumerate(ev[key])), key)


def check_boundary(ev):
    """A grid of scores over box [x0, x1, y0, y1] (shape [rows, columns], rows from y0 up) and the points."""
    require(set(ev) == BOUNDARY_KEYS and (ev["step"] is None or _is_count(ev["step"])), "boundary event keys")
    box, shape = ev["box"], ev["shape"]
    require(isinstance(box, list) and len(box) == 4 and all(is_real(b) for b in box)
             and box[0] < box[1] and box[2] < box[3], "boundary box")
    require(isinstance(shape, list) and len(shape) == 2 and all(_is_count(n, 2, MAX_GRID) for n in shape), "shape")
    require(_numbers(ev["scores"], shape[0] * shape[1]), "boundary scores")
    points = ev["points"]
    require(isinstance(points, list) and len(points) <= MAX_BOUNDARY_POINTS
             and all(isinstance(p, list) and len(p) == 2 and all(is_real(c) for c in p) for p in points), "points")
    require(_numbers(ev["labels"], len(points)), "boundary labels")


TRAINING_CHECKS = {"param": check_param, "progress": check_progress, "network": check_network,
                   "boundary": check_boundary}


def check_result(d):
    require(isinstance(d, dict), "result must be an object")
    require(isinstance(d.get("ok"), bool), "ok")
    check_error(d.get("error"))
    require(isinstance(d.get("stdout"), str) and isinstance(d.get("stdout_truncated"), bool), "stdout")
    check_graph(d.get("graph"))
    require(isinstance(d.get("events"), list), "events")
    for ev in d["events"]:
        check_event(ev)
    require(isinstance(d.get("elapsed_s"), (int, float)), "elapsed_s")
