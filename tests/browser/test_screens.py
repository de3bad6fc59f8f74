"""Every screen: a phone shows the editor above the graph with nothing off to the side, a finger pans, zooms and
taps the graph; on a desktop a mid-sized graph (self-attention, 286 values) opens with its names readable.

Screenshots for the docs: docs/teaching-phone.png, docs/teaching-attention.png.
"""

import re

import pytest
from conftest import REPO, nodes_by_label, on_screen, wait_for_graph, wait_until

from presets import get_preset

PHONE = {"width": 390, "height": 844}  # an iPhone 12-14 in CSS pixels
DOCS = REPO / "docs"
NAME_FONT_PX_MIN = 10  # names are readable text, not specks
NAMES_SHOWN_MIN = 12  # the first view of self-attention shows this many names at least (it names 37 values)

_RANGES = """() => {
  for (const m of Bokeh.documents[0].all_models)
    if (m.name === "graph") return [m.x_range.start, m.x_range.end, m.y_range.start, m.y_range.end]
}"""

# The names on screen, as the canvas draws them: each visible label's box in page pixels, from the figure's
# ranges and frame, the text glyph's font size and offset, and the text's width measured in that font.
_NAMES_ON_SCREEN = """() => {
  const views = []
  const walk = (v) => { views.push(v); for (const c of (v.child_views || [])) walk(c) }
  for (const v of Object.values(Bokeh.index)) walk(v)
  const plot = views.find(v => v.model && v.model.name === "graph" && v.frame)
  const names = plot && plot.model.renderers.find(r => r.data_source && r.data_source.name === "labels"
                                                   && r.visible && !r.glyph.text.transform)
  if (!names) return null
  const glyph = names.glyph
  const spec = (p) => (p && typeof p === "object" && "value" in p) ? p.value : p
  const font = spec(glyph.text_font_size), px = parseFloat(font), dy = spec(glyph.y_offset) || 0
  const ctx = document.createElement("canvas").getContext("2d")
  ctx.font = `${font} ${spec(glyph.text_font) || "helvetica"}`
  const canvas = plot.canvas_view.el.getBoundingClientRect()
  const f = plot.frame, d = names.data_source.data, out = []
  for (let i = 0; i < d.text.length; i++) {
    if (!d.text[i]) continue
    const sx = f.x_scale.compute(d.x[i]), sy = f.y_scale.compute(d.y[i]) + dy
    if (sx < f.bbox.left || sx > f.bbox.right || sy < f.bbox.top || sy > f.bbox.bottom) continue
    const w = ctx.measureText(d.text[i]).width
    out.push({text: d.text[i], x0: canvas.left + sx - w / 2, x1: canvas.left + sx + w / 2,
              y0: canvas.top + sy - px / 2, y1: canvas.top + sy + px / 2, node: i})
  }
  const marks = []  // every value's dot and op's circle in the frame, as boxes in page pixels
  for (const r of plot.model.renderers) {
    const src = r.data_source && r.data_source.data
    if (!r.visible || !src || !src.id || !src.x) continue
    if (!(src.w || src.size)) continue
    const fixed = r.glyph.size && typeof r.glyph.size === "object" && "value" in r.glyph.size ? r.glyph.size.value : 0
    const size = (i) => src.w ? [src.w[i], src.h[i]] : [fixed || src.size[i], fixed || src.size[i]]
    for (let i = 0; i < src.x.length; i++) {
      const sx = f.x_scale.compute(src.x[i]), sy = f.y_scale.compute(src.y[i]), [w, h] = size(i)
      if (sx < f.bbox.left || sx > f.bbox.right || sy < f.bbox.top || sy > f.bbox.bottom) continue
      marks.push({node: src.w ? i : -1, x0: canvas.left + sx - w / 2, x1: canvas.left + sx + w / 2,
                  y0: canvas.top + sy - h / 2, y1: canvas.top + sy + h / 2})
    }
  }
  return {font_px: px, names: out, marks: marks}
}"""


@pytest.fixture
def phone(browser, server_url):
    """A tab on a phone-sized touch screen, the default example drawn."""
    ctx = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    page.goto(server_url)
    wait_for_graph(page)
    yield page
    ctx.close()


def _box(page, locator):
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not on the page"
    return box


def _graph_canvas(page):
    return page.locator(".bk-Canvas").first


def _scroll_graph_into_view(page):
    page.evaluate("(y) => window.scrollTo(0, y)", _box(page, _graph_canvas(page))["y"] + page.evaluate("scrollY"))
    page.wait_for_timeout(300)


def _overlap(a, b):
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def _ranges(page):
    return page.evaluate(_RANGES)


def _touch(page, kind, points):
    """One touch event from CDP, as a finger (or two) on the glass: kind touchStart/touchMove/touchEnd."""
    session = page.context.new_cdp_session(page) if not hasattr(page, "_touch_session") else page._touch_session
    page._touch_session = session
    session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y} for x, y in points]})


def _drag(page, starts, ends, steps=8):
    _touch(page, "touchStart", starts)
    for k in range(1, steps + 1):
        _touch(page, "touchMove", [(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
                                   for (x0, y0), (x1, y1) in zip(starts, ends)])
        page.wait_for_timeout(30)
    _touch(page, "touchEnd", [])
    page.wait_for_timeout(300)


def test_a_phone_shows_the_editor_above_the_graph_and_nothing_off_to_the_side(phone):
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.evaluate("innerWidth") == PHONE["width"]
    editor, graph = _box(phone, phone.locator(".ace_editor").first), _box(phone, _graph_canvas(phone))
    for part in (editor, graph):
        assert part["x"] >= 0 and part["x"] + part["width"] <= PHONE["width"] + 1 and part["width"] > 300
    assert editor["height"] >= 200 and graph["height"] >= 300  # each big enough to use
    assert editor["y"] + editor["height"] <= graph["y"]  # stacked: the editor above the graph
    for name in ("Run", "Presets", "Share"):  # the toolbar wraps: every button on the screen
        button = _box(phone, phone.get_by_role("button", name=re.compile(name)).first)
        assert 0 <= button["x"] and button["x"] + button["width"] <= PHONE["width"]


def test_a_finger_pans_and_pinches_the_graph(phone):
    _scroll_graph_into_view(phone)
    canvas = _box(phone, _graph_canvas(phone))
    cx, cy = canvas["x"] + canvas["width"] / 2, canvas["y"] + canvas["height"] / 2
    x0, x1, y0, y1 = _ranges(phone)
    _drag(phone, [(cx, cy)], [(cx + 120, cy)])  # one finger drags the picture right: the view moves left
    a0, a1, *_ = wait_until(phone, lambda: (r := _ranges(phone)) and r[0] < x0 - 1e-6 and r, what="a pan")
    assert a1 - a0 == pytest.approx(x1 - x0)  # panned, not zoomed
    _drag(phone, [(cx - 30, cy), (cx + 30, cy)], [(cx - 140, cy), (cx + 140, cy)])  # two fingers spread
    b0, b1, *_ = wait_until(phone, lambda: (r := _ranges(phone)) and r[1] - r[0] < 0.9 * (a1 - a0) and r,
                            what="a pinch to zoom in")
    assert b1 - b0 < a1 - a0


def test_a_tap_on_a_node_selects_it_and_the_inspector_explains_it(phone):
    _scroll_graph_into_view(phone)
    canvas = _box(phone, _graph_canvas(phone))
    nodes = nodes_by_label(phone)
    output = max(nodes, key=lambda label: nodes[label]["x"])

    def inside(label):
        x, y = on_screen(phone, nodes[label]["id"])
        return canvas["x"] + 20 < x < canvas["x"] + canvas["width"] - 90 and canvas["y"] + 40 < y < min(
            canvas["y"] + canvas["height"], PHONE["height"]) - 20
    label = next(label for label in nodes if label != output and inside(label))
    phone.touchscreen.tap(*on_screen(phone, nodes[label]["id"]))
    phone.get_by_text(f"{label}.grad = Σ").first.wait_for(timeout=20_000)  # the chain rule at that node
    selected = phone.evaluate("""() => { for (const m of Bokeh.documents[0].all_models)
      if (m.data && m.data.shade !== undefined && m.data.line_width !== undefined)
        return m.selected.indices.map(i => m.data.id[i]) }""")
    assert selected == [nodes[label]["id"]]  # that node is the one selected, drawn with the selection outline
    phone.screenshot(path=str(DOCS / "teaching-phone.png"), full_page=True)


def test_a_mid_sized_graph_opens_with_its_names_readable(page):
    preset = get_preset("self_attention")
    page.get_by_role("button", name="Presets").click()
    page.get_by_text(preset["title"], exact=True).first.click()
    page.get_by_text(re.compile(r"^286 values · run")).first.wait_for(timeout=30_000)
    shown = wait_until(page, lambda: (s := page.evaluate(_NAMES_ON_SCREEN)) and len(s["names"]) >= NAMES_SHOWN_MIN
                       and s, what="names on the first view")
    assert shown["font_px"] >= NAME_FONT_PX_MIN
    names = shown["names"]
    assert [(a["text"], b["text"]) for i, a in enumerate(names) for b in names[i + 1:] if _overlap(a, b)] == []
    # nor over another value's dot or an op's circle: every name on screen can be read
    assert [a["text"] for a in names for m in shown["marks"] if m["node"] != a["node"] and _overlap(a, m)] == []
    page.screenshot(path=str(DOCS / "teaching-attention.png"))

