"""Lessons in Chromium, as a learner takes them: open one, edit the code, see the goal met, go on, share it.

If these break, the lesson bar above the editor does not lead anywhere: its
goal is never said to be met, Next does not open the next lesson, a click on
the right value is not noticed, or a shared link loses the lesson.
"""

import os
import re
import tempfile
from pathlib import Path

from conftest import editor_text, nodes_by_label, on_screen, values, wait_for_graph, wait_until

from presets import get_preset
from sandbox.app.page.share import share_url

SHOTS = os.environ.get("MICROGRAD_SANDBOX_SHOTS", tempfile.gettempdir())  # =docs refreshes docs/teaching-lesson.png
TRAINING_WAIT_MS = 120_000  # the bigram's 100 live steps on a loaded 2-core machine (about 2 s idle)


def _open_preset(page, name):
    preset = get_preset(name)
    page.get_by_role("button", name="Presets").click()
    page.get_by_text(preset["title"], exact=True).first.click()
    wait_until(page, lambda: editor_text(page) == preset["code"], what=f"the {name} code in the editor")


def _shown(page, text):
    """Wait until the page shows this text (a str: exactly; a pattern: a match)."""
    found = page.get_by_text(text, exact=True) if isinstance(text, str) else page.get_by_text(text)
    wait_until(page, lambda: found.count() >= 1, what=f"the page to say {text!r}")


def _data_by_label(v):
    """{label: data as the graph writes it} from the value columns read off the page."""
    return {label: v["data"][i] for i, label in enumerate(v["label"]) if label}


def _retype(page, number, after, digit):
    """Like a person: click in a number in the editor just after its digit number `after`, erase it, type another."""
    box = page.locator(".ace_line .ace_numeric", has_text=number).first.bounding_box()
    page.mouse.click(box["x"] + after * box["width"] / len(number), box["y"] + box["height"] / 2)
    page.keyboard.press("Backspace")
    page.keyboard.type(digit)


def _edit_the_bias(page):
    """b = Value(6.88137...) becomes 7.88137...: n = 1.8814, o = tanh(n) = 0.9546."""
    _retype(page, "6.8813735870195432", 1, "7")


def _meet_the_neuron_goal(page, open_it=True):
    if open_it:
        _open_preset(page, "neuron")
    _shown(page, "Lesson 3 of 14: Neuron")
    _shown(page, "Goal: get o above 0.9 by editing one number")
    _shown(page, "Not yet: o.data is 0.7071; the goal: above 0.9.")
    _edit_the_bias(page)
    wait_for_graph(page, lambda v: float(_data_by_label(v)["o"]) > 0.9, what="o above 0.9")
    assert "b = Value(7.8813735870195432, " in editor_text(page)
    _shown(page, "Goal met ✓")


_GRAPH_BOX = """() => {
  const views = []
  const walk = (v) => { views.push(v); for (const c of (v.child_views || [])) walk(c) }
  for (const v of Object.values(Bokeh.index)) walk(v)
  const plot = views.find(v => v.model && v.model.name === "graph")
  const box = plot.canvas_view.el.getBoundingClientRect()
  return [box.left + plot.frame.bbox.left, box.top + plot.frame.bbox.top, plot.frame.bbox.width, plot.frame.bbox.height]
}"""
DRAG_PX = 250  # one drag of the graph while looking for a value


def _drag_into_view(page, node_id):
    """Like a person: drag the graph sideways (its pan tool) until the value is well inside it; where it is."""
    left, top, width, height = page.evaluate(_GRAPH_BOX)
    for _ in range(20):
        x, y = on_screen(page, node_id)
        if left + 60 < x < left + width - 60 and top + 20 < y < top + height - 20:
            return x, y
        page.mouse.move(left + width / 2, top + height / 2)
        page.mouse.down()
        page.mouse.move(left + width / 2 + (DRAG_PX if x < left + 60 else -DRAG_PX), top + height / 2, steps=8)
        page.mouse.up()
        page.wait_for_timeout(200)
    raise AssertionError(f"{node_id} not brought into view by dragging the graph")


def test_a_lesson_goal_is_met_by_editing_one_number_and_next_opens_the_next(page):
    _shown(page, "Lessons")
    page.get_by_role("button", name="Start ›").click()
    _shown(page, "Lesson 1 of 14: Basics")
    wait_until(page, lambda: editor_text(page) == get_preset("basics")["code"], what="lesson 1's code")
    _shown(page, "Not yet: y.grad is 8; the goal: exactly 10.")
    assert page.get_by_role("button", name="Next lesson ›").count() == 0  # not met: the way on is "skip"
    for k in (2, 3):
        page.get_by_role("button", name="skip ›").click()
        _shown(page, re.compile(rf"^Lesson {k} of 14: "))
    wait_until(page, lambda: editor_text(page) == get_preset("neuron")["code"], what="lesson 3's code")
    _meet_the_neuron_goal(page, open_it=False)
    assert nodes_by_label(page)["o"]["data"] == "0.9546"  # tanh(1.8814), read off the graph
    page.screenshot(path=str(Path(SHOTS) / "teaching-lesson.png"))
    page.get_by_role("button", name="Next lesson ›").click()
    _shown(page, "Lesson 4 of 14: Chain rule")
    wait_until(page, lambda: editor_text(page) == get_preset("chain_rule")["code"], what="lesson 4's code")
    _shown(page, "Not yet: click a value in the graph to select it.")


def test_a_second_number_changed_is_one_too_many(page):
    _open_preset(page, "dead_relu")
    _shown(page, "Lesson 5 of 14: Dead ReLU")
    _shown(page, "Not yet: w1.grad is 0; the goal: anything but 0.")
    _retype(page, "0.8", 3, "9")  # w2 = 0.9: the neuron is still dead
    wait_for_graph(page, lambda v: _data_by_label(v).get("w2") == "0.9", what="w2 = 0.9")
    _retype(page, "0.5", 1, "9")  # w1 = 9.5: alive, but by a second number
    wait_for_graph(page, lambda v: _data_by_label(v).get("w1") == "9.5", what="w1 = 9.5")
    _shown(page, "Not yet: you changed 2 numbers; the goal: at most 1.")
    assert page.get_by_text("Goal met ✓").count() == 0


def test_finding_the_dead_relu_by_clicking_it(page):
    _open_preset(page, "micrograd_readme")
    _shown(page, "Lesson 6 of 14: micrograd's README example")
    _shown(page, "Not yet: click a value in the graph to select it.")
    v = wait_for_graph(page, lambda v: v["op"].count("ReLU") == 2, what="two ReLUs")
    relus = {v["data"][i]: v["id"][i] for i, op in enumerate(v["op"]) if op == "ReLU"}
    assert sorted(relus) == ["0", "6"]
    page.mouse.click(*_drag_into_view(page, relus["6"]))  # the graph opens on its output end: pan to the ReLUs
    _shown(page, "Not yet: the selected value's data is 6; the goal: exactly 0.")
    page.mouse.click(*_drag_into_view(page, relus["0"]))
    _shown(page, "Goal met ✓")


def test_a_training_lesson_is_met_when_start_has_trained_it(page):
    _open_preset(page, "bigram")
    _shown(page, re.compile(r"^Not yet: the last logged loss is 3\.\d+; the goal: below 2\.5\.$"))
    page.get_by_role("button", name="▶ Start").click()  # the training panel's Start
    wait_until(page, lambda: page.get_by_text("Goal met ✓", exact=True).count() == 1, timeout_ms=TRAINING_WAIT_MS,
               what="the goal met once training ends")


def test_a_share_link_carries_the_lesson_and_its_goal_met(page, browser):
    _meet_the_neuron_goal(page)
    mine = values(page)
    page.get_by_role("button", name="Share").click()
    wait_until(page, lambda: "#code=" in page.url, what="the link in the address bar")
    assert "lesson=neuron" in page.url and "done=neuron" in page.url
    other = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        theirs = other.new_page()
        theirs.goto(page.url)
        seen = wait_for_graph(theirs, lambda v: _data_by_label(v).get("o") == "0.9546", what="the shared graph")
        assert (seen["id"], seen["text"]) == (mine["id"], mine["text"])
        assert "b = Value(7.8813735870195432, " in editor_text(theirs)
        _shown(theirs, "Lesson 3 of 14: Neuron")
        _shown(theirs, "Goal met ✓")
        assert theirs.get_by_role("button", name="Next lesson ›").count() == 1
        assert theirs.locator(".lesson-dots .done").count() == 1
    finally:
        other.close()


def test_a_link_from_before_lessons_opens_its_code_with_no_lesson(context, server_url):
    page = context.new_page()
    code = get_preset("neuron")["code"].replace("Value(6.88", "Value(7.88")
    page.goto(share_url(code, server_url, colour="data", preset="neuron"))  # as links were written before lessons
    wait_for_graph(page, lambda v: _data_by_label(v).get("o") == "0.9546", what="the linked code's graph")
    assert editor_text(page) == code
    _shown(page, "Lessons")
    assert page.get_by_role("button", name="Start ›").count() == 1
    assert page.get_by_text("Goal met ✓").count() == 0
