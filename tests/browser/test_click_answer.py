"""A click on a value is answered by the page itself: its numbers and the chain rule at once, the check from the server.

A user would notice a failure here as: a click during live training that seems
to do nothing for a moment, numbers or terms in that first answer that differ
from the server's (a table that changes as they read it), or a first answer
left standing after the server's.
"""

import math
import re

import numpy as np
import pytest
from conftest import click_value, replace_code, wait_for_graph, wait_until

from engine import Value, trace
from layouts import PositionCache, graph_model
from sandbox.app.graph.scene import Scene, number
from sandbox.app.teaching.click_answer import ANSWER_JS
from sandbox.app.teaching.inspector import inspector_html

DOUBLE_TAP_MS = 300  # Bokeh's (Hammer.js) interval within which a second tap is a double tap
SCRIPT = 'a = Value(2.0, label="a")\nb = Value(-3.0, label="b")\nL = a * b\nL.backward()\n'
# numbers around every switch of Python's %.4g between fixed and exponent, and its rounding
NUMBERS = [0.0, -0.0, 1.0, -1.0, 0.1, 2 / 3, -0.5, 123.456, 9999.4, 9999.5, 12345.6, -3.2e7, 6.02e23, 1e-4,
           9.9995e-5, 1.5e-5, 0.00012345, 1e-30, 3.4e38, 999999.5, 1234567.0, 0.000123456789, math.inf, -math.inf,
           math.nan]
PLACEHOLDER = "<p class='muted'>Checking it numerically…</p>"  # where the server's numerical check will go
WAITING = "<p class='muted'>Working out the chain rule at this value…</p>"
VALUE_COLUMNS = ("id", "label", "op", "data", "grad", "dv", "gv")


def _inspector(page):
    """The inspector's text as shown (the pane draws it in a shadow root)."""
    return page.locator(".inspector").first.evaluate("e => (e.shadowRoot || e).textContent")


@pytest.fixture
def blank(context):
    """A tab with no app in it: the page's script alone, fed columns from Python."""
    pg = context.new_page()
    yield pg
    pg.close()


def test_the_page_formats_numbers_as_the_server_does(blank):
    g = re.search(r"const g = (\(v, p\) => \{.*?\n  \})", ANSWER_JS, re.S).group(1)
    rng = np.random.default_rng(0)
    sample = NUMBERS + list(rng.choice([-1, 1], 300) * 10.0 ** rng.uniform(-8, 8, 300))
    got = blank.evaluate(f"(xs) => {{ const g = {g}; return xs.map((v) => [g(v, 4), g(v, 6)]) }}", sample)
    assert got == [[number(x), f"{x:.6g}"] for x in sample]


def _every_op():
    a, b, z = Value(1.5, label="a"), Value(0.7, label="b"), Value(0.0, label="z")
    n = Value(-2.0, label="n")
    out = ((a * b).exp() + (a ** 2).log() + (a - b).relu() + n.relu() + b.sigmoid() + a ** b + a / b + a * a
           + z ** 0.5 + (n * z) + b ** -1.5 + (a * b * n).tanh())
    out.label = "out"
    return out


def _neuron_layer():
    import random

    from engine.nn import MLP

    random.seed(3)
    model = MLP(3, [4, 1])
    loss = (model([Value(0.5), Value(-1.2), Value(2.0)]) - Value(1.0)) ** 2
    loss.label = "loss"
    return loss


def _twice_backward():  # grads accumulate over two backward() calls: the recorded grads are not the chain rule's
    a = Value(3.0, label="a")
    b = (a * a + a).tanh()
    b.label = "b"
    b.backward()
    return b


def _columns(root, backward=True):
    if backward:
        root.backward()
    graph = trace(root).to_dict()
    model = graph_model(graph)
    cols = Scene(graph, model, PositionCache().place(model)).columns()
    values = {k: [v.item() if hasattr(v, "item") else v for v in cols["values"][k]] for k in VALUE_COLUMNS}
    return graph, values, cols["chain"]


def _page_answers(page, values, chain):
    return page.evaluate(f"([d, links]) => {{ {ANSWER_JS}; return d.id.map((_, i) => answer(d, links, i)) }}",
                         [values, chain])


@pytest.mark.parametrize("build", [_every_op, _neuron_layer, _twice_backward])
def test_the_page_works_out_the_chain_rule_as_the_server_does(blank, build):
    graph, values, chain = _columns(build())
    for node_id, page_html in zip(values["id"], _page_answers(blank, values, chain)):
        server = inspector_html(graph, node_id).split("\n")
        assert "Numerical check" in server[-1] or "Finite-difference" in server[-1]
        assert page_html.split("\n") == server[:-1] + [PLACEHOLDER], node_id


def test_what_the_page_cannot_know_it_leaves_to_the_server(blank):
    graph, values, chain = _columns(_every_op())
    hidden = dict(values, gv=[math.nan] * len(values["gv"]), grad=["?"] * len(values["grad"]))  # predicting
    no_chain = {"child": [], "parent": []}  # a drawing in folded groups sends none
    for cols, links in ((hidden, chain), (values, no_chain)):
        answers = _page_answers(blank, cols, links)
        assert all(a.endswith(WAITING) and a.startswith("<h4>") for a in answers)
    a = values["label"].index("a")  # one value whose user's grad is hidden: that row cannot be worked out
    users = {p for c, p in zip(chain["child"], chain["parent"]) if c == a}
    partly = dict(values, gv=[math.nan if i in users else g for i, g in enumerate(values["gv"])])
    assert _page_answers(blank, partly, chain)[a].endswith(WAITING)


def test_a_click_is_answered_before_the_server_hears_of_it(context, server_url):
    hold, held = {"on": False}, []

    def route(ws):  # the page's messages to the server can be held back, as a server busy streaming would
        server = ws.connect_to_server()
        ws.on_message(lambda m: held.append(m) if hold["on"] else server.send(m))
        hold["server"] = server

    page = context.new_page()
    page.route_web_socket(re.compile(r"/ws"), route)
    page.goto(server_url)
    wait_for_graph(page)
    replace_code(page, SCRIPT)
    wait_for_graph(page, lambda v: sorted(v["label"]) == ["L", "a", "b"])
    hold["on"] = True
    click_value(page, "a")
    wait_until(page, lambda: "a · data 2 · grad -3" in _inspector(page), what="the page's own answer")
    text = _inspector(page)
    assert "a.grad = Σ" in text and "-3 = grad ✓" in text and "Checking it numerically" in text
    assert held  # the click did not reach the server: the answer above is the page's
    hold["on"] = False
    for m in held:
        hold["server"].send(m)
    page.get_by_text("Numerical check of dL/da").wait_for(timeout=20_000)  # the server's inspector replaces it
    text = _inspector(page)
    assert "a · data 2 · grad -3" in text and "a.grad = Σ" in text and "Checking it numerically" not in text
    # a second click unselects: the page writes nothing, the server shows the hint. Two taps on one spot
    # within Bokeh's double-tap interval (300 ms) are a double tap, which folds a group instead: a person's
    # second click comes later than the server's answer can now come
    page.wait_for_timeout(DOUBLE_TAP_MS * 2)
    click_value(page, "a")
    page.get_by_text("Click a value node").wait_for(timeout=20_000)
    assert "Checking it numerically" not in _inspector(page)
