"""The inspector: one value's numbers and the chain rule at it, as escaped HTML.

Pure functions from a graph dict to an HTML string; the page puts it in a pane.
The page writes the same HTML itself the moment a value is clicked, all but the
numerical check (click_answer.py), so keep the two in step.
"""

from html import escape

from sandbox.app.graph.scene import number
from sandbox.app.teaching.chain_rule import chain_terms, finite_difference

HINT = ("<p class='hint'>Click a value node in the graph (or press ↓ and ↑) to see its gradient worked out by the "
        "chain rule, term by term, and checked numerically.</p>")
FD_TOLERANCE = 1e-4  # relative difference under which the check reads as agreeing
# under a sum that is not the recorded grad: the usual reasons, in a training loop's order of likelihood
MISMATCH = ("<p class='muted'>The terms do not add up to the recorded grad when the value is also used "
            "outside the drawn graph, when numbers changed after backward() (an optimizer step), or when "
            "backward() ran more than once without zero_grad().</p>")


def _name(node):
    return escape(node["label"] or node["id"])


def inspector_html(graph, node_id, hides=None):
    """The inspector's content for node_id in graph (a hint when nothing is selected).

    ``hides(id)``: whether that value's grad is hidden (predict mode): then it shows as "?", and a hidden
    value's own chain rule waits until the learner has guessed it.
    """
    if not graph or not node_id or not any(n["id"] == node_id for n in graph["nodes"]):
        return HINT
    hides = hides or (lambda _: False)
    rule = chain_terms(graph, node_id)
    node = rule["node"]
    made = f"made by <code>{escape(node['op'])}</code>" if node["op"] else "a leaf (input or parameter)"
    grad = "?" if hides(node_id) else number(node["grad"])
    parts = [f"<h4>{_name(node)} · data <b>{number(node['data'])}</b> · grad <b>{grad}</b> "
             f"<span class='muted'>· {made} · id {escape(node['id'])}</span></h4>"]
    if hides(node_id):
        parts.append(f"<p>What is {_name(node)}.grad? Type your guess in the box above; the chain rule at "
                     f"{_name(node)} shows once you have it.</p>")
        return "\n".join(parts)
    if rule["seed"]:
        parts.append(f"<p>Nothing uses {_name(node)}: it is an output. backward() starts here with "
                     f"grad = {number(node['grad'])} (d{_name(node)}/d{_name(node)} = 1).</p>")
    else:
        parts.append(_terms_table(node, rule, hides))
    parts.append(_check(graph, node_id))
    return "\n".join(parts)


def _terms_table(node, rule, hides):
    name = _name(node)
    rows = []
    for t in rule["terms"]:
        consumer = escape(t["label"] or t["consumer"])
        hidden = hides(t["consumer"])  # a grad still to be guessed: neither it nor its term shows
        rows.append(f"<tr><td>{consumer} <span class='muted'>via {escape(t['op'])}</span></td>"
                    f"<td>{'?' if hidden else number(t['consumer_grad'])}</td>"
                    f"<td>{number(t['local'])} <span class='muted'>{escape(t['why'])}</span></td>"
                    f"<td class='term'>{'?' if hidden else number(t['term'])}</td></tr>")
    total = number(rule["total"])
    agree = rule["total"] is not None and abs(rule["total"] - node["grad"]) <= 1e-9 * max(1, abs(node["grad"]))
    verdict = "= grad ✓" if agree else f"≠ recorded grad {number(node['grad'])}"
    return (f"<p>{name}.grad = Σ over the values that use {name}: their grad × their derivative by {name}</p>"
            "<table class='chain'><tr><th>used by</th><th>its grad</th><th>d it / d " + name + "</th>"
            "<th>term</th></tr>" + "".join(rows) +
            f"<tr class='sum'><td colspan='3'>sum</td><td class='term'>{total} {verdict}</td></tr></table>" +
            ("" if agree else MISMATCH))


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
