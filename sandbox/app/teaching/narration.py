"""What each step of the forward or backward pass computes, as sentences with the numbers.

The steps are the Scene's (graph/scene.py): the forward pass visits the graph's
values in their traced order (inputs first), the backward pass the reverse, and
step k lights the k-th value. A forward step says how that value is computed; a
backward step says how its grad is assembled by the chain rule, one ``+=`` per
value that uses it, with the rule of that value's op (chain_rule.local_derivative
gives the number, the table below the words). No Panel here.

Names: a value's label (or its variable, parameter or list path, as the graph
draws it); a leaf without one is a constant and is written as its number; an
unnamed interior value is ``t1``, ``t2``, ... ("t" for temporary), numbered in
the order the forward pass computes them.

One graph per op, x = 0.5 and y = 2 (its forward steps after x and y, then its
backward steps after the output's). Subtraction, division and negation are built
from the primitives, as micrograd builds them: ``x - y`` is ``x + y × -1``,
``x / y`` is ``x × y ** -1``, ``-x`` is ``x × -1``:

>>> from engine import Value, trace
>>> def show(make):
...     x, y = Value(0.5, label="x"), Value(2.0, label="y")
...     out = make(x, y); out.label = "out"; out.backward()
...     g = trace(out).to_dict()
...     lines = walkthrough(g, "forward") + walkthrough(g, "backward")
...     for line in lines:
...         if not line.startswith(("x = ", "y = ", "out.grad = 1")):
...             print(line)
>>> show(lambda x, y: x + y)
out = x + y = 0.5 + 2 = 2.5
y.grad += out.grad = 1
x.grad += out.grad = 1
>>> show(lambda x, y: x * y)
out = x × y = 0.5 × 2 = 1
y.grad += x.data × out.grad = 0.5 × 1 = 0.5
x.grad += y.data × out.grad = 2 × 1 = 2
>>> show(lambda x, y: x ** 3)
out = x ** 3 = 0.5 ** 3 = 0.125
x.grad += 3 × x.data ** 2 × out.grad = 3 × 0.5 ** 2 × 1 = 0.75
>>> show(lambda x, y: x ** y)
out = x ** y = 0.5 ** 2 = 0.25
y.grad += out.data × log(x.data) × out.grad = 0.25 × log(0.5) × 1 = -0.1733
x.grad += y.data × x.data ** (y.data - 1) × out.grad = 2 × 0.5 ** (2 - 1) × 1 = 1
>>> show(lambda x, y: x.exp())
out = exp(x) = exp(0.5) = 1.649
x.grad += out.data × out.grad = 1.649 × 1 = 1.649
>>> show(lambda x, y: x.log())
out = log(x) = log(0.5) = -0.6931
x.grad += out.grad / x.data = 1 / 0.5 = 2
>>> show(lambda x, y: x.tanh())
out = tanh(x) = tanh(0.5) = 0.4621
x.grad += (1 - out.data²) × out.grad = (1 - 0.4621²) × 1 = 0.7864
>>> show(lambda x, y: (x - y).relu())
-1 is a constant
t1 = y × -1 = 2 × -1 = -2 (y × -1 is -y: negation and subtraction are built from it)
t2 = x + t1 = 0.5 + -2 = -1.5
out = relu(t2) = relu(-1.5) = 0
t2.grad += (out.data > 0) × out.grad = (0 > 0) × 1 = 0
t1.grad += t2.grad = 0
(-1).grad += y.data × t1.grad = 2 × 0 = 0
y.grad += -1 × t1.grad = -1 × 0 = 0
x.grad += t2.grad = 0
>>> show(lambda x, y: x.sigmoid())
out = sigmoid(x) = sigmoid(0.5) = 0.6225
x.grad += out.data × (1 - out.data) × out.grad = 0.6225 × (1 - 0.6225) × 1 = 0.235
>>> show(lambda x, y: -x / y)
-1 is a constant
t1 = x × -1 = 0.5 × -1 = -0.5 (x × -1 is -x: negation and subtraction are built from it)
t2 = y ** -1 = 2 ** -1 = 0.5 (dividing by y is multiplying by y ** -1)
out = t1 × t2 = -0.5 × 0.5 = -0.25
t2.grad += t1.data × out.grad = -0.5 × 1 = -0.5
y.grad += -1 × y.data ** -2 × t2.grad = -1 × 2 ** -2 × -0.5 = 0.125
t1.grad += t2.data × out.grad = 0.5 × 1 = 0.5
(-1).grad += x.data × t1.grad = 0.5 × 0.5 = 0.25
x.grad += -1 × t1.grad = -1 × 0.5 = -0.5

A value used twice gets one ``+=`` per use, then the sum; a value nothing uses:

>>> show(lambda x, y: x * x + y)
t1 = x × x = 0.5 × 0.5 = 0.25
out = t1 + y = 0.25 + 2 = 2.25
y.grad += out.grad = 1
t1.grad += out.grad = 1
x.grad += x.data × t1.grad = 0.5 × 1 = 0.5
x.grad += x.data × t1.grad = 0.5 × 1 = 0.5
x.grad = 0.5 + 0.5 = 1
>>> a = Value(3.0, label="a")
>>> print(narrate(trace(a * 2, names={"a": a}).to_dict(), "backward", 1).text)
backward() has not run in this script, so every grad is 0.
t1.grad = 0: nothing uses t1, and backward() did not start here
"""

import math
import re
from typing import NamedTuple

from sandbox.app.graph.scene import number as scene_number
from sandbox.app.teaching.chain_rule import backward_root, chain_terms, forward, index

CONSTANT_ID = re.compile(r"(.*/)?leaf\d+")  # how engine.graph names a leaf nobody named: a constant
PLAIN_NAME = re.compile(r"[\w.\[\]-]+")  # names that need no parentheses before .grad
# the forward pass: how an op makes its value, from {x} (its first input), {y} (the second) and {k} (a constant
# exponent); "+" and "*" join any number of inputs
FORWARD = {"+": " + ", "*": " × ", "**k": "{x:base} ** {k}", "**": "{x:base} ** {y}", "exp": "exp({x})",
           "log": "log({x})", "tanh": "tanh({x})", "ReLU": "relu({x})", "sigmoid": "sigmoid({x})"}
# the backward pass: what one input's grad gets from the op's output, d out / d input × out.grad, from
# {x} (that input's data), {y} (the other inputs' data), {k}, {k1} (k - 1), {out} (output data), {g} (its grad)
BACKWARD = {"+": "{g}", "*": "{y} × {g}", "**k": "{k} × {x:base} ** {k1} × {g}",
            "** base": "{y} × {x:base} ** ({y} - 1) × {g}", "** exponent": "{out} × log({y}) × {g}",
            "exp": "{out} × {g}", "log": "{g} / {x}", "tanh": "(1 - {out:base}²) × {g}",
            "ReLU": "({out} > 0) × {g}", "sigmoid": "{out} × (1 - {out}) × {g}"}
# derived operations, recognised by how they are built: a note after the forward sentence
NEGATION_NOTE = "{x} × -1 is -{x}: negation and subtraction are built from it"
DIVISION_NOTE = "dividing by {x} is multiplying by {x} ** -1"


class Step(NamedTuple):
    """One step: the value it is at, what it says, and what to light (value ids, edges child -> parent)."""

    node: str
    lines: tuple
    lit: tuple  # the value and its neighbours the step reads: forward its inputs, backward its consumers
    edges: tuple  # the edges the step flows along: into the value (forward), out of it (backward)

    @property
    def text(self):
        return "\n".join(self.lines)


class _Term:
    """A number in a formula: written as is, or in parentheses as the base of a power (``(-2) ** 2``)."""

    def __init__(self, text, negative=False):
        self.text, self.negative = text, negative

    def __format__(self, spec):
        return f"({self.text})" if spec == "base" and self.negative else self.text


def number(x):
    """As the graph writes numbers (4 significant digits), with no "-0"."""
    return scene_number(0.0 if isinstance(x, float) and x == 0 else x)


def _num(x):
    return _Term(number(x), isinstance(x, (int, float)) and x < 0)


def _word(text):
    return _Term(text)


class Narrator:
    """Sentences for every step of one graph (a graph dict, as traced); build once per graph."""

    def __init__(self, graph):
        self.graph = graph
        self.indexed = index(graph)
        self.order = [n["id"] for n in graph["nodes"]]  # the Scene's order: inputs first
        self.names = short_names(graph)
        root = backward_root(graph)
        self.root = root["id"] if root else None
        # NOTE: backward() on a value that something uses leaves no root to find; its grads still show it ran
        self.ran = root is not None or any(n["grad"] != 0 for n in graph["nodes"])

    def step(self, mode, k):
        """The k-th step (1-based) of the "forward" or "backward" pass; None before the first."""
        k = min(k, len(self.order))
        if k <= 0 or mode not in ("forward", "backward"):
            return None
        order = self.order if mode == "forward" else self.order[::-1]
        node = order[k - 1]
        return self.forward(node) if mode == "forward" else self.backward(node)

    # -- forward: how a value is computed ---------------------------------------------------------

    def forward(self, node_id):
        nodes, inputs, _ = self.indexed
        node, ins = nodes[node_id], inputs[node_id]
        name = self.names[node_id]
        edges = tuple((i, node_id) for i in ins)
        if not node["op"]:
            said = f"{name} is a constant" if _is_constant(node) else \
                f"{name} = {number(node['data'])} (a leaf: an input or a parameter)"
            return Step(node_id, (said,), (node_id,), ())
        op, xs = node["op"], [nodes[i]["data"] for i in ins]
        form = _forward_form(op, len(ins))
        if form is None or _computes(op, xs) is None:
            said = f"{name} = {op}({', '.join(self.names[i] for i in ins)}) = {number(node['data'])} " \
                   f"(an op this page has no rule for)"
            return Step(node_id, (said,), (node_id, *ins), edges)
        words = _fill(form, op, [_word(_operand(self.names[i])) for i in ins])
        numbers = _fill(form, op, [_num(x) for x in xs])
        said = f"{name} = {words} = {numbers} = {number(node['data'])}{self._note(op, ins)}"
        return Step(node_id, (said,), (node_id, *ins), edges)

    def _note(self, op, ins):
        nodes = self.indexed[0]
        if op == "**-1":
            return " (" + DIVISION_NOTE.format(x=self.names[ins[0]]) + ")"
        constants = [i for i in ins if _is_constant(nodes[i]) and nodes[i]["data"] == -1]
        if op == "*" and len(ins) == 2 and len(constants) == 1:
            other = next(i for i in ins if i != constants[0])
            return " (" + NEGATION_NOTE.format(x=self.names[other]) + ")"
        return ""

    # -- backward: how a value's grad is assembled --------------------------------------------------

    def backward(self, node_id):
        nodes, inputs, consumers = self.indexed
        node, name = nodes[node_id], self.names[node_id]
        subject = _subject(name)
        users = tuple(dict.fromkeys(consumers[node_id]))
        lines = [] if self.ran else ["backward() has not run in this script, so every grad is 0."]
        if not users:
            start = node_id == self.root
            lines.append(f"{subject}.grad = {number(node['grad'])}: " + (
                f"backward() starts here (∂{name}/∂{name} = 1)" if start else
                f"nothing uses {name}, and backward() did not start here"))
            return Step(node_id, tuple(lines), (node_id,), ())
        rule = chain_terms(self.graph, node_id, self.indexed)
        lines += [self._term_line(subject, t) for t in rule["terms"]]
        total = rule["total"]
        if len(rule["terms"]) > 1 and total is not None:
            lines.append(f"{subject}.grad = {' + '.join(number(t['term']) for t in rule['terms'])} = "
                         f"{number(total)}")
        if total is not None and not _same(total, node["grad"]):
            lines.append(f"(the recorded grad is {number(node['grad'])}: a leaf adds up the grads of every "
                         "backward() call, unless they are zeroed in between)")
        return Step(node_id, tuple(lines), (node_id, *users), tuple((node_id, c) for c in users))

    def _term_line(self, subject, term):
        nodes, inputs, _ = self.indexed
        c = term["consumer"]
        out, ins = nodes[c], inputs[c]
        if term["term"] is None:
            return f"{subject}.grad: no rule for the op {out['op']!r} of {self.names[c]}, so its share is unknown"
        i = term["position"]
        form, kinds = _backward_form(out["op"], i)
        out_name = _subject(self.names[c])
        words = form.format(**_slots(out["op"], i, ins, lambda v: _word(self._data_of(v)),
                                     _word(f"{out_name}.data"), _word(f"{out_name}.grad")))
        numbers = form.format(**_slots(out["op"], i, ins, lambda v: _num(nodes[v]["data"]),
                                       _num(out["data"]), _num(out["grad"])))
        worked = f"{words} = {numbers} = " if kinds else f"{words} = "
        return f"{subject}.grad += {worked}{number(term['term'])}"

    def _data_of(self, v):
        """How a formula names a value's data: a constant is its number, anything else name.data."""
        node = self.indexed[0][v]
        return number(node["data"]) if _is_constant(node) else f"{_subject(self.names[v])}.data"


def narrate(graph, mode, k):
    """The k-th step of the forward or backward pass of graph (None before the first step)."""
    return Narrator(graph).step(mode, k)


def walkthrough(graph, mode):
    """Every step's sentences of one pass, in order: the worked example that play reads out."""
    narrator = Narrator(graph)
    return [line for k in range(1, len(narrator.order) + 1) for line in narrator.step(mode, k).lines]


def short_names(graph):
    """id -> the name sentences use: the label, a constant's number, or t1, t2, ... for unnamed interior values."""
    names, unnamed = {}, 0
    for n in graph["nodes"]:
        if n["label"]:
            names[n["id"]] = n["label"]
        elif not n["op"]:
            names[n["id"]] = number(n["data"]) if _is_constant(n) else n["id"]
        else:
            unnamed += 1
            names[n["id"]] = f"t{unnamed}"
    return names


def _computes(op, xs):
    """chain_rule.forward, or None where it cannot (an op built by hand with inputs it does not take)."""
    try:
        return forward(op, xs)
    except (ArithmeticError, ValueError, TypeError, IndexError):
        return None


def _is_constant(node):
    return not node["op"] and not node["label"] and CONSTANT_ID.fullmatch(node["id"]) is not None


def _subject(name):
    """A name as an operand or the owner of .grad: "(x1*w1 + x2*w2).grad", "(-1).grad", "a.grad"."""
    return name if PLAIN_NAME.fullmatch(name) and not name.startswith("-") else f"({name})"


def _operand(name):
    """A name inside a formula: "(x1*w1) + b", "y × -1"."""
    return name if PLAIN_NAME.fullmatch(name) else f"({name})"


def _same(a, b):
    return a == b or (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _kind(op):
    return "**k" if op.startswith("**") and len(op) > 2 else op


def _forward_form(op, n_inputs):
    kind = _kind(op)
    if kind in ("+", "*"):
        return FORWARD[kind] if n_inputs >= 1 else None
    if kind == "**":
        return FORWARD[kind] if n_inputs == 2 else None
    return FORWARD.get(kind) if n_inputs == 1 else None


def _fill(form, op, terms):
    if _kind(op) in ("+", "*"):
        return form.join(format(t) for t in terms)
    k = op[2:] if _kind(op) == "**k" else ""
    return form.format(x=terms[0], y=terms[1] if len(terms) > 1 else "", k=k)


def _backward_form(op, i):
    """(the formula of d out / d input i × out.grad, whether it has anything to work out beyond out.grad)."""
    kind = _kind(op)
    if kind == "**":
        kind = "** base" if i == 0 else "** exponent"
    form = BACKWARD[kind]
    return form, form != "{g}"


def _slots(op, i, ins, data, out, grad):
    """The values a backward formula names: {x} this input, {y} the others (the base, for an exponent)."""
    others = [v for j, v in enumerate(ins) if j != i]
    y = " × ".join(format(data(v)) for v in others) if others else ""
    slots = {"x": data(ins[i]), "y": _word(y), "out": out, "g": grad, "k": "", "k1": ""}
    if _kind(op) == "**k":
        k = float(op[2:])
        slots.update(k=_num(k), k1=_num(k - 1))
    if len(others) == 1:
        slots["y"] = data(others[0])
    return slots
