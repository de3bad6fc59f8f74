"""The inspector: one value's numbers and the chain rule at it, as escaped HTML.

Pure functions from a graph dict to an HTML string; the page puts it in a pane.
"""

from html import escape

from sandbox.app.chain_rule import chain_terms, finite_difference
from sandbox.app.scene import number

HINT = ("<p class='hint'>Click a value node in the graph to see its gradient worked out by the chain rule, "
        "term by term, and checked numerically.</p>")
FD_TOLERANCE = 1e-4  # relative difference under which the check reads as agreeing


def _name(node):
    return escape(node["label"] or node["id"])


def inspector_html(graph, node_id):
    """The inspector's content for node_id in graph (a hint when nothing is selected)."""
    if not graph or not node_id or not any(n["id"] == node_id for n in graph["nodes"]):
        return HINT
    rule = chain_terms(graph, node_id)
    node = rule["node"]
    made = f"made by <code>{escape(node['op'])}</code>" if node["op"] else "a leaf (input or parameter)"
    parts = [f"<h4>{_name(node)} · data <b>{number(node['data'])}</b> · grad <b>{number(node['grad'])}</b> "
             f"<span class='muted'>· {made} · id {escape(node['id'])}</span></h4>"]
    if rule["seed"]:
        parts.append(f"<p>Nothing uses {_name(node)}: it is an output. backward() starts here with "
                     f"grad = {number(node['grad'])} (d{_name(node)}/d{_name(node)} = 1).</p>")
    else:
        parts.append(_terms_table(node, rule))
    parts.append(_check(graph, node_id))
    return "\n".join(parts)


def _terms_table(node, rule):
    name = _name(node)
    rows = []
    for t in rule["terms"]:
        consumer = escape(t["label"] or t["consumer"])
        rows.append(f"<tr><td>{consumer} <span class='muted'>via {escape(t['op'])}</span></td>"
                    f"<td>{number(t['consumer_grad'])}</td>"
                    f"<td>{number(t['local'])} <span class='muted'>{escape(t['why'])}</span></td>"
                    f"<td class='term'>{number(t['term'])}</td></tr>")
    total = number(rule["total"])
    agree = rule["total"] is not None and abs(rule["total"] - node["grad"]) <= 1e-9 * max(1, abs(node["grad"]))
    verdict = "= grad ✓" if agree else f"≠ recorded grad {number(node['grad'])}"
    return (f"<p>{name}.grad = Σ over the values that use {name}: their grad × their derivative by {name}</p>"
            "<table class='chain'><tr><th>used by</th><th>its grad</th><th>d it / d " + name + "</th>"
            "<th>term</th></tr>" + "".join(rows) +
            f"<tr class='sum'><td colspan='3'>sum</td><td class='term'>{total} {verdict}</td></tr></table>")


def _check(graph, node_id):
    fd = finite_difference(graph, node_id)
    if "error" in fd:
        return f"<p class='muted'>Finite-difference check: {escape(fd['error'])}</p>"
    ok = fd["difference"] <= FD_TOLERANCE * max(1.0, abs(fd["autograd"]))
    mark = "<span class='ok'>agrees ✓</span>" if ok else "<span class='bad'>disagrees ✗</span>"
    root = escape(fd["root_label"])
    name = _name(graph_node(graph, node_id))
    return (f"<p class='check'>Numerical check of d{root}/d{name}: "
            f"({root}({name}+h) − {root}({name}−h)) / 2h = {fd['numerical']:.6g} vs autograd {fd['autograd']:.6g}, "
            f"difference {fd['difference']:.1e} {mark} <span class='muted'>(h = {fd['h']:.0e})</span></p>")


def graph_node(graph, node_id):
    return next(n for n in graph["nodes"] if n["id"] == node_id)


def console_html(stdout):
    """The script's printed output, escaped."""
    if not stdout:
        return "<pre class='console muted'>(nothing printed)</pre>"
    return f"<pre class='console'>{escape(stdout)}</pre>"


def docstring_head(code):
    r'''(title, one-line description) from a script's opening docstring, as presets write them; None if none.

    >>> docstring_head('"""Neuron: tanh\nThe lecture\'s neuron.\n\nMore.\n"""\nx = 1')
    ('Neuron: tanh', "The lecture's neuron.")
    >>> docstring_head('"""Just a title"""\nx = 1'), docstring_head("x = 1")
    (('Just a title', ''), None)
    '''
    text = code.lstrip()
    quote = text[:3]
    if quote not in ('"""', "'''"):
        return None
    body = text[3:]
    end = body.find(quote)
    lines = (body[:end] if end >= 0 else body).splitlines() + ["", ""]
    return lines[0].strip(), lines[1].strip()
