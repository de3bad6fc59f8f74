"""Graphviz DOT text of a graph model, as micrograd's draw_dot writes it.

draw_dot (micrograd's trace_graph.ipynb): ``rankdir=LR``, a record node
``{ label | data 2.0000 | grad 0.0000 }`` per value, the op as its own node
feeding the value. Here op nodes are small circles. Written by hand so the
render command and the benchmark need no ``graphviz`` Python package.
"""

X_POINTS, Y_POINTS = 110, 40  # points per layout unit in pos="x,y": ranks (2 units) wider than a record


def to_dot(G, pos=None, names=None):
    """DOT source for G (from ``graph_model``), like draw_dot's.

    Parameters
    ----------
    G : networkx.DiGraph
        Nodes with ``kind`` "value" (label, data, grad) or "op" (op).
    pos : dict or None, optional (default=None)
        Positions to pin (``pos="x,y!"``), for ``neato -n`` to draw our layout.
    names : dict or None, optional (default=None)
        Node -> name to write in DOT instead of the id (the benchmark uses
        short names so ``dot -Tplain`` output parses simply).

    Returns
    -------
    str

    Examples
    --------
    >>> from engine import Value, trace
    >>> from layouts import graph_model
    >>> a = Value(2.0, label="a"); b = Value(-3.0, label="b")
    >>> text = to_dot(graph_model(trace(a * b).to_dict()))
    >>> text.splitlines()[:2]
    ['digraph {', 'rankdir=LR;']
    >>> print(text.splitlines()[2])
    "a" [label="{ a | data 2.0000 | grad 0.0000 }", shape=record];
    """
    names = names or {}
    name = lambda n: _quote(names.get(n, n))
    lines = ["digraph {", "rankdir=LR;"]
    for n, attrs in G.nodes(data=True):
        if attrs.get("kind") == "op":
            style = f'label={_quote(attrs.get("op", ""))}, shape=circle, width=0.3, fontsize=10'
        else:
            label = _record_escape(attrs.get("label", ""))
            data, grad = _number(attrs.get("data", 0.0)), _number(attrs.get("grad", 0.0))
            text = f"{{ {label} | data {data:.4f} | grad {grad:.4f} }}"
            style = f"label={_quote(text)}, shape=record"
        if pos is not None and n in pos:
            x, y = pos[n]
            style += f', pos="{x * X_POINTS:.2f},{y * Y_POINTS:.2f}!"'
        lines.append(f"{name(n)} [{style}];")
    lines.extend(f"{name(u)} -> {name(v)};" for u, v in G.edges())
    lines.append("}")
    return "\n".join(lines) + "\n"


def _record_escape(text):
    """Record labels treat | { } < > and spaces at the ends specially."""
    return "".join("\\" + c if c in "|{}<>" else c for c in str(text))


def _quote(text):
    """A DOT quoted string; backslashes stay as they are (record labels use them as escapes)."""
    return '"' + str(text).replace('"', '\\"').replace("\n", "\\n") + '"'


def _number(x):
    """A float from the trace's numbers, which the runner sends as "NaN"/"Infinity" strings when not finite."""
    try:
        return float(x)
    except (TypeError, ValueError):
        return float("nan")
