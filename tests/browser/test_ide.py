"""The IDE in Chromium, used as a person uses it: type, edit, break, share, reload, step, inspect."""

import re

import pytest
from conftest import (
    by_label,
    click_value,
    edges,
    editor_text,
    nodes_by_label,
    replace_code,
    values,
    wait_for_graph,
    wait_until,
)

from presets import DEFAULT_PRESET, get_preset, list_presets
from sandbox.app.graph.grouped_scene import wants_groups
from sandbox.runner import run

EXPRESSION = """a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = Value(10.0, label="c")
L = (a * b + c) * a
L.label = "L"
L.backward()
print("L is", L.data)
"""


def _labels(v):
    return sorted(label for label in v["label"] if label)


def test_typing_an_expression_draws_its_values_with_their_gradients(page):
    replace_code(page, EXPRESSION)
    wait_for_graph(page, lambda v: _labels(v) == ["L", "a", "b", "c"], what="a, b, c and L")
    nodes = nodes_by_label(page)
    # L = (a*b + c) * a = a**2 b + c a: dL/da = 2ab + c = -2, dL/db = a**2 = 4, dL/dc = a = 2
    assert (nodes["L"]["data"], nodes["L"]["grad"]) == ("8", "1")
    assert (nodes["a"]["grad"], nodes["b"]["grad"], nodes["c"]["grad"]) == ("-2", "4", "2")
    assert nodes["a"]["text"] == "a\ndata 2\ngrad -2"
    assert len(values(page)["id"]) == 6  # 4 named values, a*b and a*b + c
    assert page.get_by_text("L is 8").count() == 1  # the console shows what the script printed


def test_typing_pauses_start_a_run_without_ctrl_enter(page):
    replace_code(page, EXPRESSION.replace("10.0", "11.0"), run_now=False)
    wait_for_graph(page, lambda v: by_label(v).get("c", {}).get("data") == "11", what="the typed edit")


def test_editing_a_constant_moves_no_node(page):
    replace_code(page, EXPRESSION)
    before = wait_for_graph(page, lambda v: _labels(v) == ["L", "a", "b", "c"])
    replace_code(page, EXPRESSION.replace("10.0", "7.5"))
    after = wait_for_graph(page, lambda v: by_label(v)["c"]["data"] == "7.5", what="c = 7.5")
    assert after["id"] == before["id"]
    assert (after["x"], after["y"]) == (before["x"], before["y"])
    assert nodes_by_label(page)["L"]["data"] == "3"  # (2*-3 + 7.5) * 2


def test_a_syntax_error_marks_its_line_and_keeps_the_last_graph(page):
    replace_code(page, EXPRESSION)
    good = wait_for_graph(page, lambda v: _labels(v) == ["L", "a", "b", "c"])
    replace_code(page, EXPRESSION.replace("L.label", "L.label = = ", 1))
    gutter = page.locator(".ace_gutter-cell.ace_error")
    gutter.first.wait_for(timeout=20_000)
    assert gutter.count() == 1 and gutter.first.inner_text().strip() == "5"
    assert page.get_by_text("Line 5").count() >= 1  # the banner says where
    assert values(page)["id"] == good["id"]  # the last good graph stays
    replace_code(page, EXPRESSION)
    wait_until(page, lambda: page.locator(".ace_gutter-cell.ace_error").count() == 0, what="the mark to go")


def _in_order(some, ids):
    """some is a part of ids, in the same order."""
    where = {v: i for i, v in enumerate(ids)}
    rows = [where.get(v, -1) for v in some]
    return bool(rows) and min(rows) >= 0 and rows == sorted(rows)


def _preset_params():
    return [p["name"] for p in list_presets()]


@pytest.mark.parametrize("preset", _preset_params())
def test_every_preset_loads_and_draws(page, preset):
    p = get_preset(preset)
    page.get_by_role("button", name="Presets").click()
    page.get_by_text(p["title"], exact=True).first.click()
    wait_until(page, lambda: editor_text(page) == p["code"], what=f"the {preset} code in the editor")
    expected = run(p["code"])  # the same runner the server uses, here only to know what to expect
    assert expected.ok, expected.error
    ids = [n["id"] for n in expected.graph["nodes"]]
    if wants_groups(expected.graph):  # drawn with groups folded: some of its values, in the trace's order
        drawn = lambda v: _in_order(v["id"], ids)
    else:
        drawn = lambda v: v["id"] == ids
    wait_for_graph(page, drawn, timeout_ms=40_000, what=f"{preset}'s {len(ids)} values drawn")
    ok = page.get_by_text(re.compile(rf"^(\d+-step preview of \d+ · Start trains · )?{len(ids):,} values · run"))
    wait_until(page, lambda: ok.count() == 1, what="the status line to say the run worked")
    assert page.locator(".ace_gutter-cell.ace_error").count() == 0


def test_a_shared_link_opens_the_same_code_and_graph_elsewhere(page, browser, server_url):
    replace_code(page, EXPRESSION.replace("10.0", "3.25"))
    mine = wait_for_graph(page, lambda v: by_label(v).get("c", {}).get("data") == "3.25")
    page.locator("select").first.select_option(label="colour: data")  # view state travels in the link too
    page.get_by_role("button", name="Share").click()
    wait_until(page, lambda: "#code=" in page.url, what="the link in the address bar")
    link = page.url
    other = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        theirs = other.new_page()
        theirs.goto(link)
        seen = wait_for_graph(theirs, lambda v: by_label(v).get("c", {}).get("data") == "3.25",
                              what="the shared graph")
        assert editor_text(theirs) == EXPRESSION.replace("10.0", "3.25")
        assert theirs.locator("select").first.evaluate("s => s.options[s.selectedIndex].text") == "colour: data"
        assert (seen["id"], seen["text"]) == (mine["id"], mine["text"])
    finally:
        other.close()


def test_a_damaged_link_explains_and_opens_the_default(context, server_url):
    page = context.new_page()
    page.goto(server_url + "#code=not-really-zlib")
    page.get_by_text("damaged").first.wait_for(timeout=20_000)
    wait_until(page, lambda: editor_text(page) == get_preset(DEFAULT_PRESET)["code"], what="the default preset")


def test_reloading_keeps_the_code(page):
    code = EXPRESSION.replace("10.0", "4.5")
    replace_code(page, code)
    wait_for_graph(page, lambda v: by_label(v).get("c", {}).get("data") == "4.5")
    page.reload()
    wait_for_graph(page, lambda v: by_label(v).get("c", {}).get("data") == "4.5", what="restored code")
    assert editor_text(page) == code


def test_stepping_the_backward_pass_reveals_gradients_from_the_output(page):
    replace_code(page, EXPRESSION)
    wait_for_graph(page, lambda v: _labels(v) == ["L", "a", "b", "c"])
    page.get_by_role("button", name="Backward pass").click()
    wait_for_graph(page, lambda v: all(g == "?" for g in v["grad"]), what="every grad hidden")
    page.get_by_role("button", name="next ›").click()
    wait_for_graph(page, lambda v: by_label(v)["L"]["grad"] == "1", what="L's grad first")
    assert sum(g != "?" for g in values(page)["grad"]) == 1
    page.get_by_role("button", name="next ›").click()
    wait_for_graph(page, lambda v: sum(g != "?" for g in v["grad"]) == 2, what="a second grad")
    assert edges(page)["hot"] > 0  # the edges the gradient flows along are highlighted
    page.get_by_role("button", name="end »").click()
    wait_for_graph(page, lambda v: "?" not in v["grad"], what="all grads")
    page.get_by_role("button", name="Show all").click()


def test_clicking_a_value_shows_the_chain_rule_with_numbers(page):
    replace_code(page, EXPRESSION)
    wait_for_graph(page, lambda v: _labels(v) == ["L", "a", "b", "c"])
    click_value(page, "a")
    page.get_by_text("a.grad = Σ").wait_for(timeout=20_000)
    inspector = page.locator("table.chain")
    # a is used twice: by a*b (local derivative b = -3, times its grad 2) and by L's * (local c' = 4, grad 1)
    assert "-6" in inspector.inner_text() and "4" in inspector.inner_text()
    assert page.get_by_text("agrees ✓").count() == 1  # the numerical check


def test_labels_are_shown_as_text_not_html(page):
    replace_code(page, 'x = Value(1.0, label="<img src=x onerror=alert(1)>")\ny = x * 2\ny.backward()\n')
    wait_for_graph(page, lambda v: "<img src=x onerror=alert(1)>" in v["label"])
    click_value(page, "<img src=x onerror=alert(1)>")
    page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first.wait_for(timeout=20_000)


def test_an_error_message_is_shown_as_plain_text(page):
    replace_code(page, 'a = Value(1.0)\nraise ValueError("<b>bold</b> *stars* a*b")\n')
    page.get_by_text("Line 2: ValueError: <b>bold</b> *stars* a*b").wait_for(timeout=20_000)


def _overlap(a, b):
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


@pytest.mark.parametrize("name", ["▶ Run", "Re-layout", "next ›", "‹ back"])
def test_a_buttons_hint_covers_no_other_button(page, name):
    replace_code(page, EXPRESSION)
    wait_for_graph(page, lambda v: _labels(v) == ["L", "a", "b", "c"])
    page.get_by_role("button", name=name).hover()
    tip = page.locator(".bk-Tooltip").filter(has_text=re.compile(r"\w"))
    tip.first.wait_for(state="visible", timeout=10_000)  # shown after the hover delay
    shown = tip.first.bounding_box()
    buttons = [box for box in (b.bounding_box() for b in page.get_by_role("button").all()) if box]
    assert len(buttons) > 5
    covered = [box for box in buttons if _overlap(shown, box)]
    assert not covered, f"{name}'s hint {shown} covers buttons at {covered}"
