"""Teaching in Chromium, as a learner uses it: narrated steps, predict-then-reveal, and the keyboard alone.

If these break, a learner stepping through the lecture's graph reads no sentence
(or wrong numbers) beside the lit node, a hidden grad leaks through the graph or
its hover before they have guessed it, or a keyboard user cannot step or inspect.
"""

import os
import re
import tempfile

from conftest import by_label, click_value, edges, nodes_by_label, replace_code, values, wait_for_graph, wait_until

from presets import get_preset

SHOTS = os.environ.get("MICROGRAD_SANDBOX_SHOTS", tempfile.gettempdir())  # screenshots to look at
EXPRESSION = get_preset("expression")["code"]  # a=2, b=-3, c=10, e=a*b, d=e+c, f=-2, L=d*f; L.backward()
NEURON = get_preset("neuron")["code"]
TEXT_WAIT_MS = 20_000
# the deepest focused element, inside Panel's shadow roots: its tag, text and outline
FOCUSED = """() => {
  let a = document.activeElement
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement
  if (!a) return null
  const s = getComputedStyle(a)
  const text = (a.textContent || "").trim()
  return {tag: a.tagName, text: text, outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}
}"""


def _narration(page):
    """The narration's text under the step bar (all its lines: earlier steps and the current one)."""
    pane = page.locator(".narration")
    return pane.inner_text() if pane.count() else ""


def _says(page, sentence, what=None):
    """Wait until the narration shows sentence as its current (highlighted) step."""
    current = page.locator(".narration .now")
    wait_until(page, lambda: current.count() and sentence in current.inner_text(), timeout_ms=TEXT_WAIT_MS,
               what=what or repr(sentence))


def _step_where(page, k, n):
    page.get_by_text(f"step {k} / {n}", exact=True).wait_for(timeout=TEXT_WAIT_MS)


def _lit(v):
    """The label of the value the step is at (drawn with a thick outline)."""
    return [label for label, w in zip(v["label"], v["line_width"]) if w > 1]


def test_a_forward_and_a_backward_step_say_what_they_compute_with_the_graphs_numbers(page):
    replace_code(page, EXPRESSION)
    wait_for_graph(page, lambda v: sorted(filter(None, v["label"])) == list("Labcdef"), what="the expression")
    page.get_by_role("button", name="Forward pass").click()
    # as a person would, look at the step bar first: the mode is a value the page sends, a click an event,
    # and a click that overtakes the mode is undone when the mode arrives (it restarts at step 0)
    _step_where(page, 0, 7)
    for _ in range(3):  # a, b, then e = a * b
        page.get_by_role("button", name="next ›").click()
    _says(page, "e = a × b = 2 × -3 = -6", "the forward step at e")
    v = wait_for_graph(page, lambda v: _lit(v) == ["e"], what="e lit")
    # the sentence's numbers are the ones the graph shows for a, b and e
    nodes = by_label(v)
    assert (nodes["a"]["data"], nodes["b"]["data"], nodes["e"]["data"]) == ("2", "-3", "-6")
    assert edges(page)["hot"] == 3  # a and b into the * op, the op into e
    assert "a = 2 (a leaf" in _narration(page)  # the steps before stay readable above it

    page.get_by_role("button", name="Backward pass").click()
    _step_where(page, 0, 7)
    for _ in range(3):  # L (the seed), f, then d
        page.get_by_role("button", name="next ›").click()
    _step_where(page, 3, 7)
    _says(page, "d.grad += f.data × L.grad = -2 × 1 = -2", "the backward step at d")
    v = wait_for_graph(page, lambda v: _lit(v) == ["d"] and by_label(v)["d"]["grad"] == "-2", what="d lit")
    nodes = by_label(v)
    assert (nodes["f"]["data"], nodes["L"]["grad"], nodes["f"]["grad"]) == ("-2", "1", "4")
    assert nodes["e"]["grad"] == "?"  # not reached yet
    assert edges(page)["hot"] == 2  # d into L's * op, the op into L
    earlier = _narration(page)
    assert "L.grad = 1: backward() starts here" in earlier and "f.grad += d.data × L.grad = 4 × 1 = 4" in earlier


def test_playing_the_backward_pass_reads_like_a_worked_example(page):
    replace_code(page, EXPRESSION)
    wait_for_graph(page, lambda v: "L" in v["label"])
    page.get_by_role("button", name="Backward pass").click()
    _step_where(page, 0, 7)
    page.locator("select").filter(has_text="medium").select_option("fast")
    page.get_by_role("button", name="▶ play").click()
    _says(page, "a.grad += b.data × e.grad = -3 × -2 = 6", "play to reach a")
    _step_where(page, 7, 7)
    story = _narration(page)
    # the three steps before it, in the order backward() took them
    lines = ["c.grad += d.grad = -2", "e.grad += d.grad = -2", "b.grad += a.data × e.grad = 2 × -2 = -4",
             "a.grad += b.data × e.grad = -3 × -2 = 6"]
    positions = [story.find(line) for line in lines]
    assert -1 not in positions and positions == sorted(positions), story
    page.get_by_role("button", name="▶ play").wait_for(timeout=TEXT_WAIT_MS)  # play stops at the end
    page.screenshot(path=os.path.join(SHOTS, "teaching-narration.png"))


def test_a_wrong_then_a_right_prediction_and_nothing_gives_the_grad_away(page):
    replace_code(page, EXPRESSION)
    wait_for_graph(page, lambda v: "L" in v["label"])
    page.get_by_role("button", name="Predict the grads").click()
    v = wait_for_graph(page, lambda v: all(g == "?" for g in v["grad"]), what="every grad hidden")
    # not on the node, not in its colour (the hover reads the same columns: label, data, grad)
    assert all(text.endswith("grad ?") for text in v["text"])
    assert all(g != g for g in v["gv"])  # NaN: no number to colour or size by
    click_value(page, "d")
    box = page.get_by_placeholder("your guess")
    box.fill("2")
    box.press("Enter")
    page.get_by_text("✗ Not 2.").wait_for(timeout=TEXT_WAIT_MS)
    page.get_by_text("score: 0 right of 1 guess").wait_for(timeout=TEXT_WAIT_MS)
    assert nodes_by_label(page)["d"]["grad"] == "?"  # a wrong guess reveals nothing
    assert page.locator("table.chain").count() == 0  # nor does the inspector
    box.fill("-2")
    page.get_by_role("button", name="Check").click()
    page.get_by_text("✓ Right:").wait_for(timeout=TEXT_WAIT_MS)
    page.get_by_text("score: 1 right of 2 guesses").wait_for(timeout=TEXT_WAIT_MS)
    v = wait_for_graph(page, lambda v: by_label(v)["d"]["grad"] == "-2", what="d's grad revealed")
    assert [g for g in v["grad"] if g != "?"] == ["-2"]  # only d's
    # the inspector's chain rule at d: L uses it, L's grad is still to be guessed, the sum is d's grad
    table = page.locator("table.chain")
    table.wait_for(timeout=TEXT_WAIT_MS)
    assert re.search(r"L\s+via \*\s+\?\s+-2", table.inner_text()), table.inner_text()
    assert "-2 = grad ✓" in table.inner_text()
    page.screenshot(path=os.path.join(SHOTS, "teaching-predict.png"))


def test_predicting_works_on_a_preset_and_starts_afresh_on_another_graph(page):
    page.get_by_role("button", name="Presets").click()
    page.get_by_text(get_preset("neuron")["title"], exact=True).first.click()
    wait_for_graph(page, lambda v: "n" in v["label"], what="the neuron")
    page.get_by_role("button", name="Predict the grads").click()
    wait_for_graph(page, lambda v: all(g == "?" for g in v["grad"]), what="every grad hidden")
    click_value(page, "n")
    page.get_by_placeholder("your guess").fill("1/2")  # tanh's local derivative 1 - 0.7071**2 = 0.5, times o.grad 1
    page.get_by_role("button", name="Check").click()
    page.get_by_text("score: 1 right of 1 guess").wait_for(timeout=TEXT_WAIT_MS)
    wait_for_graph(page, lambda v: by_label(v)["n"]["grad"] == "0.5", what="n's grad revealed")
    replace_code(page, NEURON + "\nextra = o * 2\n")  # another structure: a new round
    page.get_by_text("score: no guesses yet").wait_for(timeout=TEXT_WAIT_MS)
    wait_for_graph(page, lambda v: "extra" in v["label"] and all(g == "?" for g in v["grad"]), what="all hidden")


def test_keyboard_alone_steps_and_inspects_and_leaves_the_editor_its_keys(page):
    """No mouse at all: the page opens the expression preset; keys step, select, Tab reaches the buttons."""
    wait_for_graph(page, lambda v: "L" in v["label"], what="the default expression")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    _says(page, "f.grad += d.data × L.grad = 4 × 1 = 4", "→ twice: the backward pass's second step")
    page.keyboard.press("ArrowLeft")
    _step_where(page, 1, 7)
    page.keyboard.press("End")
    _says(page, "a.grad += b.data × e.grad = -3 × -2 = 6", "End: the last step")
    page.keyboard.press("Home")
    _step_where(page, 0, 7)

    page.keyboard.press("ArrowDown")  # the first value, a: the inspector follows
    page.get_by_text("a.grad = Σ").wait_for(timeout=TEXT_WAIT_MS)
    wait_until(page, lambda: _selected(page) == ["a"], what="a selected in the graph")
    page.keyboard.press("ArrowDown")
    page.get_by_text("b.grad = Σ").wait_for(timeout=TEXT_WAIT_MS)
    page.keyboard.press("Escape")
    page.get_by_text("Click a value node in the graph").wait_for(timeout=TEXT_WAIT_MS)

    # Tab to the editor: there the arrows move the cursor and step nothing; Esc leaves it
    _tab_to(page, lambda f: f["tag"] == "TEXTAREA")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(500)
    assert page.get_by_text("step 1 / 7", exact=True).count() == 0 and page.get_by_text("a.grad = Σ").count() == 0
    page.keyboard.press("Escape")
    # Tab on to the step bar's buttons, whose focus is outlined; Enter presses one
    focused = _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "next ›")
    assert focused["outline"] != "none" and focused["width"] >= 2, focused
    page.keyboard.press("Enter")
    _step_where(page, 1, 7)
    _says(page, "L.grad = 1: backward() starts here")


_SELECTED = """() => {
  for (const m of Bokeh.documents[0].all_models)
    if (m.data && m.data.line_width !== undefined && m.data.shade !== undefined) return m.selected.indices
  return []
}"""
TAB_LIMIT = 80  # Tab presses to reach a control: the toolbar, the editor, the figure's tools, the step bar


def _tab_to(page, want):
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and want(focused):
            return focused
    raise AssertionError(f"Tab never reached it; last focused: {focused}")



def _selected(page):
    """Labels of the values selected in the graph (outlined in blue)."""
    v = values(page)
    return [v["label"][i] for i in page.evaluate(_SELECTED)]
