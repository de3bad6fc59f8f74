"""The chain rule at one node, with the actual numbers, from a traced graph alone.

For a value v, backward() gives ``v.grad = sum over consumers c of c.grad * dc/dv``.
Each local derivative dc/dv follows from the data of c and its inputs, so the
terms are computed here from the graph dict (no user code runs).

The finite-difference check re-evaluates the recorded graph forward with v
nudged by +-h and compares (L(v+h) - L(v-h)) / 2h with v.grad. It is the
derivative of the function the graph records; why not re-run the script: a
re-run cannot name "this node" (ids come from the trace, not from the source),
and it would run user code again for a check that the graph already answers.

>>> g = {"nodes": [{"id": "a", "label": "a", "op": "", "data": 2.0, "grad": 3.0},
...                {"id": "b", "label": "b", "op": "", "data": 3.0, "grad": 2.0},
...                {"id": "*:1", "label": "L", "op": "*", "data": 6.0, "grad": 1.0}],
...      "edges": [["a", "*:1"], ["b", "*:1"]]}
>>> [t["local"] for t in chain_terms(g, "a")["terms"]]
[3.0]
>>> round(finite_difference(g, "a")["numerical"], 6)
3.0
"""

import math

from engine.value import power_slope

FD_STEP = 1e-5  # relative nudge for the finite-difference check
NUMBER = "{:.6g}"


def index(graph):
    """(nodes by id, each node's inputs in order, each node's consumers): build once, ask many times."""
    nodes = {n["id"]: n for n in graph["nodes"]}
    inputs = {n["id"]: [] for n in graph["nodes"]}  # ordered, as the op received them
    consumers = {n["id"]: [] for n in graph["nodes"]}
    for child, parent in graph["edges"]:
        inputs[parent].append(child)
        consumers[child].append(parent)
    return nodes, inputs, consumers


def forward(op, xs):
    """The value an op makes from its inputs' data; None for an op this app does not know."""
    if op == "+":
        return sum(xs)
    if op == "*":
        return math.prod(xs)
    if op.startswith("**"):
        return xs[0] ** (float(op[2:]) if len(op) > 2 else xs[1])
    unary = {"exp": math.exp, "log": math.log, "tanh": math.tanh,
             "ReLU": lambda x: max(0.0, x), "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x))}
    return unary[op](xs[0]) if op in unary and len(xs) == 1 else None


def local_derivative(op, xs, out, i):
    """d out / d (input i), and how to read it, or (None, why) for an unknown op."""
    a = xs[0]
    if op == "+":
        return 1.0, "1 (+ passes the gradient through)"
    if op == "*":
        others = math.prod(x for j, x in enumerate(xs) if j != i)
        return others, f"the other input, {NUMBER.format(others)}"
    if op.startswith("**") and len(op) > 2:
        k = float(op[2:])
        return power_slope(a, k), f"{k:g} * x**{k - 1:g}"
    if op == "**":
        if i == 0:
            return power_slope(a, xs[1]), "b * a**(b-1)"
        # as the engine: 0 at a == 0 (as PyTorch), NaN for a < 0 (a**b * log(a) is not real there)
        return (out * math.log(a) if a > 0 else 0.0 if a == 0 else math.nan), "a**b * log(a)"
    rules = {"exp": (out, "exp(x) = out"), "log": (1.0 / a if a else math.inf, "1 / x"),
             "tanh": (1 - out * out, "1 - out**2"), "ReLU": (float(out > 0), "1 if out > 0 else 0"),
             "sigmoid": (out * (1 - out), "out * (1 - out)")}
    if op in rules:
        return rules[op]
    return None, f"unknown op {op!r}"


def chain_terms(graph, node_id, indexed=None):
    """{node, terms: [{consumer, position, label, op, consumer_grad, local, why, term}], total, seed}.

    ``position``: which input of the consumer this node is (a value used twice by one op has two terms).

    ``indexed``: index(graph), when the caller asks about many nodes of one graph.
    """
    nodes, inputs, consumers = indexed or index(graph)
    node = nodes[node_id]
    terms = []
    for c in dict.fromkeys(consumers[node_id]):
        cn = nodes[c]
        xs = [nodes[x]["data"] for x in inputs[c]]
        for i, x in enumerate(inputs[c]):
            if x != node_id:
                continue
            local, why = local_derivative(cn["op"], xs, cn["data"], i)
            term = None if local is None else cn["grad"] * local
            terms.append({"consumer": c, "position": i, "label": cn["label"], "op": cn["op"],
                          "consumer_grad": cn["grad"], "local": local, "why": why, "term": term})
    known = [t["term"] for t in terms if t["term"] is not None]
    total = sum(known) if len(known) == len(terms) else None
    return {"node": node, "terms": terms, "total": total, "seed": not terms}


def backward_root(graph):
    """The value backward() was called on: unconsumed, grad 1 (None if backward never ran)."""
    consumed = {c for c, _ in graph["edges"]}
    roots = [n for n in graph["nodes"] if n["id"] not in consumed]
    ones = [n for n in roots if n["grad"] == 1.0]
    return (ones or [None])[-1]


def finite_difference(graph, node_id, root_id=None):
    """{numerical, autograd, difference, root, h} or {error} for d root / d node."""
    nodes, inputs, consumers = index(graph)
    root = nodes.get(root_id) if root_id else backward_root(graph)
    if root is None and any(n["grad"] for n in graph["nodes"]):  # e.g. show(losses[0]) of a summed loss
        return {"error": "backward() ran on a value that is not drawn here (no value here has grad 1), so there "
                         "is no output here to nudge and re-evaluate."}
    if root is None:
        return {"error": "backward() has not run in this script, so there is no gradient to check."}
    order = [n["id"] for n in graph["nodes"]]  # traced children before parents
    downstream = _downstream(node_id, consumers)
    if root["id"] not in downstream:
        return {"error": f"{_name(root)} does not depend on this value.", "root": root["id"]}
    base = nodes[node_id]["data"]
    h = FD_STEP * max(1.0, abs(base))
    try:
        up = _evaluate(nodes, inputs, order, downstream, node_id, base + h, root["id"])
        down = _evaluate(nodes, inputs, order, downstream, node_id, base - h, root["id"])
    except (ValueError, OverflowError, ZeroDivisionError, TypeError) as e:
        return {"error": f"re-evaluating near this value failed: {e}", "root": root["id"]}
    if up is None or down is None:
        return {"error": "the graph has an op this check does not know.", "root": root["id"]}
    numerical = (up - down) / (2 * h)
    autograd = nodes[node_id]["grad"]
    return {"numerical": numerical, "autograd": autograd, "difference": abs(numerical - autograd),
            "root": root["id"], "root_label": _name(root), "h": h}


def _name(node):
    return node["label"] or node["id"]


def _downstream(node_id, consumers):
    seen, stack = {node_id}, [node_id]
    while stack:
        for c in consumers[stack.pop()]:
            if c not in seen:
                seen.add(c)
                stack.append(c)
    return seen


def _evaluate(nodes, inputs, order, downstream, node_id, nudged, root_id):
    data = {node_id: nudged}
    for vid in order:
        if vid == node_id or vid not in downstream:
            continue
        xs = [data.get(x, nodes[x]["data"]) for x in inputs[vid]]
        value = forward(nodes[vid]["op"], xs)
        if value is None:
            return None
        data[vid] = value
    return data[root_id]
