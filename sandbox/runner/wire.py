"""How data travels between a run and the app: strict JSON lines, numbers a browser takes, graphs as columns.

This module owns the rules every message follows; result.py (the RunResult
and the schema of each message) builds on them and nothing here imports it.

Numbers: JSON has no NaN or infinities, and a browser's JSON.parse turns ints
beyond 2**53 into floats. So a run writes non-finite numbers as the strings
``"NaN"``, ``"Infinity"``, ``"-Infinity"`` (``json_number``), and whatever
comes back from a run is parsed strictly (``loads``: no NaN or Infinity
tokens, no key twice, at most MAX_DEPTH levels of nesting) and then checked
against its message's schema, key for key, where every number must be one a
float holds (``is_number``, ``is_real``: so ``1e999``, parsed as infinity, is
refused there). A message that breaks a rule is refused whole
(``SchemaError``, a ValueError), so nothing downstream ever meets a value it
cannot write again. (Checking numbers in the schema rather than in hooks of
the parser keeps parsing at C speed: a hook per number doubled the time to
parse a 60,000-value graph.)

Graphs: the plain form (``{"nodes": [{id, label, op, data, grad, scope}],
"edges": [[id, id]]}``) repeats six keys per node and two ids per edge: 13 MB
of JSON for the 65,818 values of micrograd's demo step, parsed and written
again at every hop. The wire form is one list per column, scopes as indices
into a table of them, and edges as two lists of node numbers: 5 MB, and
several times faster to write and to read. The runner's client turns it back
into the plain form, so RunResult.graph keeps its documented shape.

>>> from engine import Value, trace
>>> a = Value(2.0, label="a"); b = Value(-3.0, label="b")
>>> g = trace(a * b + a)
>>> packed = pack(g)
>>> sorted(packed), packed["src"][:2]
(['data', 'dst', 'grad', 'ids', 'labels', 'ops', 'scope', 'scopes', 'src'], [0, 1])
>>> check_packed(packed); unpack(packed) == {**g.to_dict(), "edges": [list(e) for e in g.edges]}
True
>>> loads(b'{"loss": NaN}')
Traceback (most recent call last):
...
sandbox.runner.wire.SchemaError: NaN is not JSON; the sandbox writes it as the string "NaN"
"""

import json
import math
import sys

MAX_FLOAT_INT = 2**53  # larger ints lose precision in a browser's JSON.parse: sent as floats
FLOAT_MAX = sys.float_info.max  # no number from a run may be larger: a browser could not hold it
MAX_DEPTH = 16  # nesting of a message from a run (a result is 4 levels deep, a network event 5)
NON_FINITE = ("NaN", "Infinity", "-Infinity")  # how non-finite numbers travel
COLUMNS = ("ids", "labels", "ops", "scopes", "scope", "data", "grad", "src", "dst")  # every key of the wire form


class SchemaError(ValueError):
    """Data from a run that breaks the wire's rules or the schema of its message."""


def require(cond, what):
    if not cond:
        raise SchemaError(what)


# -- numbers --

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


def is_number(x):
    """A number as the wire carries it: a finite float, an int a float holds (not a bool), or one of NON_FINITE."""
    kind = type(x)
    if kind is float:
        return math.isfinite(x)
    if kind is int:
        return -FLOAT_MAX <= x <= FLOAT_MAX
    return x in NON_FINITE


def are_numbers(xs):
    """is_number for every item of a list, at C speed (a graph's columns hold hundreds of thousands)."""
    kinds = set(map(type, xs))
    if not kinds <= {int, float}:
        if not kinds <= {int, float, str} or not {x for x in xs if type(x) is str} <= set(NON_FINITE):
            return False
        xs = [x for x in xs if type(x) is not str]
    try:
        return not any(map(math.isinf, xs)) and not any(map(math.isnan, xs))
    except OverflowError:  # an int no float holds
        return False


def is_real(x):
    """A finite int or float (not a bool), and an int no larger than a float can hold exactly."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return False
    return math.isfinite(x) if isinstance(x, float) else -MAX_FLOAT_INT <= x <= MAX_FLOAT_INT


# -- JSON both ways --

def dumps(obj):
    """Strict JSON: refuses NaN rather than writing a token JSON.parse rejects."""
    return json.dumps(obj, allow_nan=False, ensure_ascii=False, separators=(",", ":"))


def utf8(text):
    """UTF-8 bytes of any str: a lone surrogate (a script can make one) becomes '?' instead of an error."""
    return text.encode("utf-8", errors="replace")


def json_line(obj):
    """One message of a JSON-lines stream, as bytes."""
    return utf8(dumps(obj) + "\n")


def loads(data):
    """One message from a run (bytes of UTF-8 JSON), parsed strictly; SchemaError if it breaks a rule."""
    try:
        value = json.loads(data.decode("utf-8"), parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except SchemaError:
        raise
    except (ValueError, RecursionError, MemoryError) as e:  # bad UTF-8 or JSON, an int of thousands of digits,
        # nesting past the parser's stack
        raise SchemaError(f"not strict JSON: {type(e).__name__}") from None
    if data.count(b"[") + data.count(b"{") > MAX_DEPTH:  # fewer brackets than that cannot nest deeper
        _check_depth(value)
    return value


def _no_constant(token):
    raise SchemaError(f'{token} is not JSON; the sandbox writes it as the string "{token}"')


def _unique_keys(pairs):
    d = dict(pairs)
    require(len(d) == len(pairs), "a key appears twice in one object")
    return d


def _check_depth(value):
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        require(depth <= MAX_DEPTH, f"nested more than {MAX_DEPTH} levels deep")
        items = v.values() if type(v) is dict else v
        stack.extend((x, depth + 1) for x in items if type(x) in (dict, list))


# -- graphs --

def pack(graph):
    """The wire form of an engine Graph (trace's result): strings forced to str, numbers JSON-safe."""
    nodes = graph.nodes
    ids = [str(n.id) for n in nodes]
    index = {v: i for i, v in enumerate(ids)}
    table = {}
    scope = [table.setdefault(str(n.scope), len(table)) for n in nodes]
    return {"ids": ids, "labels": [str(n.label) for n in nodes], "ops": [str(n.op) for n in nodes],
            "scopes": list(table), "scope": scope,
            "data": [json_number(n.data) for n in nodes], "grad": [json_number(n.grad) for n in nodes],
            "src": [index[u] for u, _ in graph.edges], "dst": [index[v] for _, v in graph.edges]}


def is_packed(g):
    return isinstance(g, dict) and "ids" in g


def check_packed(g):
    """Raise SchemaError unless g is a well-formed wire graph (it comes from the sandbox: hostile)."""
    require(isinstance(g, dict) and set(g) == set(COLUMNS), "wire graph keys")
    for key in COLUMNS:
        require(isinstance(g[key], list), f"wire graph {key} must be a list")
    n = len(g["ids"])
    for key in ("labels", "ops", "scope", "data", "grad"):
        require(len(g[key]) == n, f"wire graph {key} has one entry per node")
    require(len(g["src"]) == len(g["dst"]), "wire graph edges")
    for key in ("ids", "labels", "ops", "scopes"):
        require(all(type(x) is str for x in g[key]), f"wire graph {key} are strings")
    s = len(g["scopes"])
    require(all(type(x) is int and 0 <= x < s for x in g["scope"]), "wire graph scope indices")
    for key in ("src", "dst"):
        require(all(type(x) is int and 0 <= x < n for x in g[key]), "wire graph edges join known nodes")
    for key in ("data", "grad"):
        require(are_numbers(g[key]), f"wire graph {key} are numbers")


def unpack(g):
    """The plain form of a checked wire graph."""
    ids, scopes = g["ids"], g["scopes"]
    nodes = [{"id": i, "label": label, "op": op, "data": d, "grad": gr, "scope": scopes[s]}
             for i, label, op, d, gr, s in zip(ids, g["labels"], g["ops"], g["data"], g["grad"], g["scope"])]
    return {"nodes": nodes, "edges": [[ids[u], ids[v]] for u, v in zip(g["src"], g["dst"])]}


def plain(g):
    """Either form as the plain form (the supervisor's own refusals carry an empty plain graph)."""
    return unpack(g) if is_packed(g) else g
