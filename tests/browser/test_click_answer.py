"""A click on a value is answered by the page itself: its numbers at once, the chain rule when the server sends it.

A user would notice a failure here as: a click during live training that seems
to do nothing for a moment, numbers in that first answer that differ from the
server's, or a first answer left standing after the server's.
"""

import math
import re

import numpy as np
from conftest import click_value, replace_code, wait_for_graph, wait_until

from sandbox.app.graph.scene import number
from sandbox.app.teaching.inspector import HEADING_JS

DOUBLE_TAP_MS = 300  # Bokeh's (Hammer.js) interval within which a second tap is a double tap
SCRIPT = 'a = Value(2.0, label="a")\nb = Value(-3.0, label="b")\nL = a * b\nL.backward()\n'
# numbers around every switch of Python's %.4g between fixed and exponent, and its rounding
NUMBERS = [0.0, 1.0, -1.0, 0.1, 2 / 3, -0.5, 123.456, 9999.4, 9999.5, 12345.6, -3.2e7, 6.02e23, 1e-4, 9.9995e-5,
           1.5e-5, 0.00012345, 1e-30, 3.4e38, math.inf, -math.inf]


def _inspector(page):
    """The inspector's text as shown (the pane draws it in a shadow root)."""
    return page.locator(".inspector").first.evaluate("e => (e.shadowRoot || e).textContent")


def test_the_page_formats_numbers_as_the_server_does(page):
    g4 = re.search(r"const g4 = (\(v\) => \{.*?\n\})", HEADING_JS, re.S).group(1)
    rng = np.random.default_rng(0)
    sample = NUMBERS + list(rng.choice([-1, 1], 200) * 10.0 ** rng.uniform(-8, 8, 200))
    as_sent = [float(np.float32(x)) for x in sample]  # the page has float32 columns
    got = page.evaluate(f"(xs) => {{ const g4 = {g4}; return xs.map(g4) }}", as_sent)
    assert got == [number(x) for x in as_sent]


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
    assert "Working out the chain rule" in text and "a.grad = Σ" not in text
    assert held  # the click did not reach the server: the answer above is the page's
    hold["on"] = False
    for m in held:
        hold["server"].send(m)
    page.get_by_text("a.grad = Σ").wait_for(timeout=20_000)  # the server's inspector replaces it
    assert "a · data 2 · grad -3" in _inspector(page) and "Working out" not in _inspector(page)
    # a second click unselects: the page writes nothing, the server shows the hint. Two taps on one spot
    # within Bokeh's double-tap interval (300 ms) are a double tap, which folds a group instead: a person's
    # second click comes later than the server's answer can now come
    page.wait_for_timeout(DOUBLE_TAP_MS * 2)
    click_value(page, "a")
    page.get_by_text("Click a value node").wait_for(timeout=20_000)
    assert "Working out" not in _inspector(page)
