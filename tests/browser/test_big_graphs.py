"""The 65,818-value demo graph in Chromium: it opens as its outline (the model, its 100 examples folded as one
box ×100, the L2 sum's 337 terms as ×337, the loss), a click shows one example in place, find jumps to a
weight, and an edit updates colours with numbers only (bytes counted on the websocket).

One page loads the preset once for the module (a run and layout of this size take seconds on CI); each test
starts from what the page shows and leaves it usable for the next.
"""

import re
import time

import pytest
from conftest import REPO, VIEWPORT, on_editor, on_screen, values, wait_for_graph, wait_until

from presets import get_preset

PRESET = get_preset("demo_full_graph")
VALUES = 65_818
UPDATE_BYTES_MAX = 1_000_000  # the bound for one value update at this size
BIG_WAIT_MS = 90_000  # the first run, layout and draw of the whole demo step on a loaded 2-core machine

_BOXES = """() => {
  for (const m of Bokeh.documents[0].all_models)
    if (m.name === "folded groups")
      return {path: Array.from(m.data.path), x: Array.from(m.data.x), y: Array.from(m.data.y),
              w: Array.from(m.data.w), h: Array.from(m.data.h), tone: Array.from(m.data.tone)}
  return null
}"""

_TITLES = """() => {  // the box titles the page shows at this zoom
  for (const m of Bokeh.documents[0].all_models)
    if (m.data && m.data.alpha !== undefined && m.data.text !== undefined)
      return Array.from(m.data.text).filter((t, i) => m.data.alpha[i] > 0)
  return []
}"""

_STACKS = """() => {
  for (const m of Bokeh.documents[0].all_models) if (m.name === "repeat stacks") return m.data.x.length
}"""

_FOUND = """() => {
  for (const m of Bokeh.documents[0].all_models) if (m.name === "found path") return Array.from(m.data.x)
  return []
}"""

_TEXT_SHOWN = """() => {  // which text layer of the labels source is on: names, records, or none
  const shown = []
  for (const m of Bokeh.documents[0].all_models)
    if (m.data_source && m.data_source.name === "labels" && m.visible)
      shown.push(m.glyph.text.transform ? "records" : "names")
  return shown.join(",") || "none"
}"""

_RANGES = """() => {
  for (const m of Bokeh.documents[0].all_models)
    if (m.name === "graph") return [m.x_range.start, m.x_range.end, m.y_range.start, m.y_range.end]
}"""

@pytest.fixture(scope="module")
def demo(browser, server_url):
    """One tab with the demo's full graph drawn, opened from the Presets menu like a person would."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    frames = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append((time.monotonic(), f))))
    page.goto(server_url)
    wait_for_graph(page)
    page.get_by_role("button", name="Presets").click()
    page.get_by_text(PRESET["title"], exact=True).first.click()
    page.get_by_text(re.compile(rf"^{VALUES:,} values · run")).first.wait_for(timeout=BIG_WAIT_MS)
    page.frames_received = frames
    yield page
    ctx.close()


def _wait(page, predicate, what):
    """wait_for_graph, with a short message (the values of this graph are too many to print)."""
    try:
        return wait_for_graph(page, predicate, timeout_ms=BIG_WAIT_MS, what=what)
    except AssertionError:
        raise AssertionError(f"timed out waiting for {what}") from None


def _boxes(page):
    return page.evaluate(_BOXES) or {"path": []}


def _positions(v):
    return {i: (x, y) for i, x, y in zip(v["id"], v["x"], v["y"])}


def test_the_full_graph_opens_as_a_model_its_examples_folded_once_and_one_loss(demo):
    drawn, boxes = values(demo), _boxes(demo)
    assert sorted(boxes["path"]) == ["model", "×100", "×337"]  # three boxes, every one folded
    titles = wait_until(demo, lambda: demo.evaluate(_TITLES), what="box titles")
    assert "×100 · 648 values each" in titles and any(t.startswith("model") for t in titles)  # read at this zoom
    assert demo.evaluate(_STACKS) >= 4  # each repeat is drawn as a stack of cards
    assert "loss" in drawn["label"] and len(drawn["id"]) < 20  # the loss and the few values around it
    assert demo.evaluate(_TEXT_SHOWN) == "names"  # so few values: their names show
    model, examples = (_boxes(demo)["x"][_boxes(demo)["path"].index(p)] for p in ("model", "×100"))
    assert model < examples < drawn["x"][drawn["label"].index("loss")]  # left to right: model, examples, loss
    demo.screenshot(path=str(REPO / "docs" / "teaching-first-view.png"))


def test_a_click_on_the_examples_shows_one_of_them_in_place_and_nothing_else_moves(demo):
    before, boxes_before = values(demo), _boxes(demo)
    x, y = on_screen(demo, "×100", source="folded groups", column="path")
    demo.mouse.click(x, y)
    after = _wait(demo, lambda v: len(v["id"]) > 600, "one example's values drawn")
    old, new = _positions(before), _positions(after)
    assert all(new[i] == p for i, p in old.items() if i in new)  # every value drawn before stays where it was
    opened = [i for i in new if i not in old]
    assert 600 < len(opened) < 700  # one example's 648 values (and not 64,800)
    titles = wait_until(demo, lambda: "copy 0" in (t := demo.evaluate(_TITLES)) and t, what="the copy's title")
    assert "×100 · one copy shown" in titles
    boxes_after = _boxes(demo)
    assert "×100" not in boxes_after["path"]
    place = lambda b: {p: (x, y, w, h) for p, x, y, w, h in zip(b["path"], b["x"], b["y"], b["w"], b["h"])}
    kept = place(boxes_after)
    assert kept and all(kept[p] == box for p, box in place(boxes_before).items() if p in kept)


def test_find_jumps_to_a_weight_by_name_and_lights_its_path(demo):
    box = demo.get_by_placeholder("find: id or label")
    box.click()
    box.fill("")
    box.type("neurons.5.w.9", delay=20)  # layer 1's neuron 5 is folded: find opens it
    box.press("Enter")
    target = "model.layers.1.neurons.5.w.9"
    drawn = _wait(demo, lambda v: target in v["id"], "the weight drawn")
    wait_until(demo, lambda: len(demo.evaluate(_FOUND)) > 3, what="the path to the loss highlighted")
    x = drawn["x"][drawn["id"].index(target)]
    x0, x1, *_ = wait_until(demo, lambda: (r := demo.evaluate(_RANGES)) and r[0] < x < r[1] and r, what="a jump")
    assert x1 - x0 < 200  # zoomed in to read names, not the whole graph (about 1,500 units wide)
    wait_until(demo, lambda: demo.evaluate(_TEXT_SHOWN) == "names", what="names shown at this zoom")
    demo.get_by_text(re.compile(rf"id {re.escape(target)}$")).first.wait_for()  # the inspector explains its grad


def test_an_edit_sends_numbers_only_and_keeps_the_zoom(demo):
    before = values(demo)
    zoom = demo.evaluate(_RANGES)
    code = on_editor(demo, "ed.getValue()")
    assert "trained = 0" in code
    loss = before["id"].index(before["id"][before["label"].index("loss")])
    demo.locator(".ace_content").first.click()  # into the editor, then change the 0 of "trained = 0" to 1
    row = code.splitlines().index(next(line for line in code.splitlines() if line.startswith("trained = 0")))
    on_editor(demo, f"ed.gotoLine({row + 1}, {len('trained = ')})")
    demo.keyboard.press("Delete")
    demo.keyboard.type("1")
    start = time.monotonic()
    demo.keyboard.press("Control+Enter")
    changed = _wait(demo, lambda v: v["id"] == before["id"] and v["dv"][loss] != before["dv"][loss],
                    "new numbers after a training step")
    demo.wait_for_timeout(1000)  # anything else the update sends has arrived
    got = [f for t, f in demo.frames_received if t >= start]
    size = sum(len(f) if isinstance(f, (bytes, str)) else 0 for f in got)
    assert 0 < size < UPDATE_BYTES_MAX
    text = "".join(f for f in got if isinstance(f, str))
    assert before["id"][-1] not in text  # no node id travelled: the structure was not sent again
    assert changed["x"] == before["x"] and demo.evaluate(_RANGES) == zoom


def test_a_double_click_inside_an_open_neuron_folds_it_and_fold_all_folds_everything(demo):
    target = "model.layers.1.neurons.5.w.9"
    if target not in values(demo)["id"]:  # opened by the find test; open it here when run alone
        box = demo.get_by_placeholder("find: id or label")
        box.fill(target)
        box.press("Enter")
        _wait(demo, lambda v: target in v["id"], "the weight drawn")
    x, y = on_screen(demo, target)
    demo.mouse.dblclick(x, y)
    _wait(demo, lambda v: target not in v["id"], "the neuron folded again")
    assert "model.layers.1.neurons.5" in _boxes(demo)["path"]
    demo.get_by_role("button", name="Fold all").click()
    _wait(demo, lambda v: not any(i.startswith("model.") for i in v["id"]) and len(v["id"]) < 20, "every group folded")
    assert sorted(_boxes(demo)["path"]) == ["model", "×100", "×337"]
