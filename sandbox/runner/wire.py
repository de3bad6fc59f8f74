"""A traced graph as it travels from the run to the app: columns, edges as numbers.

The plain form (``{"nodes": [{id, label, op, data, grad, scope}], "edges":
[[id, id]]}``) repeats six keys per node and two ids per edge: 13 MB of JSON
for the 65,818 values of micrograd's demo step, parsed and written again at
every hop. The wire form is one list per column, scopes as indices into a
table of them, and edges as two lists of node numbers: 5 MB, and several
times faster to write and to read. The runner's client turns it back into
the plain form, so RunResult.graph keeps its documented shape.

>>> from engine import Value, trace
>>> a = Value(2.0, label="a"); b = Value(-3.0, label="b")
>>> g = trace(a * b + a)
>>> packed = pack(g)
>>> sorted(packed), packed["src"][:2]
(['data', 'dst', 'grad', 'ids', 'labels', 'ops', 'scope', 'scopes', 'src'], [0, 1])
>>> check_packed(packed); unpack(packed) == {**g.to_dict(), "edges": [list(e) for e in g.edges]}
True
"""

from sandbox.runner.result import _require, json_number

COLUMNS = ("ids", "labels", "ops", "scopes", "scope", "data", "grad", "src", "dst")  # every key of the wire form


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
    _require(isinstance(g, dict) and set(g) == set(COLUMNS), "wire graph keys")
    for key in COLUMNS:
        _require(isinstance(g[key], list), f"wire graph {key} must be a list")
    n = len(g["ids"])
    for key in ("labels", "ops", "scope", "data", "grad"):
        _require(len(g[key]) == n, f"wire graph {key} has one entry per node")
    _require(len(g["src"]) == len(g["dst"]), "wire graph edges")
    for key in ("ids", "labels", "ops", "scopes"):
        _require(all(type(x) is str for x in g[key]), f"wire graph {key} are strings")
    s = len(g["scopes"])
    _require(all(type(x) is int and 0 <= x < s for x in g["scope"]), "wire graph scope indices")
    for key in ("src", "dst"):
        _require(all(type(x) is int and 0 <= x < n for x in g[key]), "wire graph edges join known nodes")
    for key in ("data", "grad"):
        _require(all(_is_number(x) for x in g[key]), f"wire graph {key} are numbers")


def unpack(g):
    """The plain form of a checked wire graph."""
    ids, scopes = g["ids"], g["scopes"]
    nodes = [{"id": i, "label": label, "op": op, "data": d, "grad": gr, "scope": scopes[s]}
             for i, label, op, d, gr, s in zip(ids, g["labels"], g["ops"], g["data"], g["grad"], g["scope"])]
    return {"nodes": nodes, "edges": [[ids[u], ids[v]] for u, v in zip(g["src"], g["dst"])]}


def plain(g):
    """Either form as the plain form (the supervisor's own refusals carry an empty plain graph)."""
    return unpack(g) if is_packed(g) else g


def _is_number(x):
    return (type(x) in (int, float)) or x in ("NaN", "Infinity", "-Infinity")

