"""The page's layout: long lines readable, nothing wider than the window, nothing that jumps."""

from conftest import on_editor, replace_code, wait_for_graph, wait_until


def test_the_editor_soft_wraps_long_lines(page):
    wait_until(page, lambda: on_editor(page, "ed.session.getUseWrapMode()"), timeout_ms=5000,
               what="soft wrap in the editor")


_MENU_BOX = """() => {
  const find = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.classList && el.classList.contains('bk-Menu')) return el
      if (el.shadowRoot) { const e = find(el.shadowRoot); if (e) return e }
    }
    return null
  }
  const m = find(document)
  if (!m) return null
  const r = m.getBoundingClientRect()
  return {width: r.width, bottom: r.bottom, scroll: m.scrollHeight, client: m.clientHeight}
}"""


def test_the_presets_menu_is_wide_and_scrolls_inside_a_short_window(page):
    page.get_by_role("button", name="Presets").click()
    item = page.get_by_text("Neuron: the tanh neuron from the micrograd lecture")
    item.wait_for()
    assert item.bounding_box()["height"] < 30  # one line
    assert page.evaluate(_MENU_BOX)["width"] > 300
    page.set_viewport_size({"width": 1400, "height": 400})
    page.wait_for_timeout(200)
    box = page.evaluate(_MENU_BOX)
    assert box["bottom"] <= 400 and box["scroll"] > box["client"]


def test_the_page_is_no_wider_than_the_window(page):
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner


_TOPS = """() => { const out = {}
  const walk = (root) => { for (const el of root.querySelectorAll('*')) {
    if (el.classList && el.classList.contains('ace_editor')) out.editor = el.getBoundingClientRect().top
    if (el.classList && el.classList.contains('bk-Canvas')) out.graph = el.getBoundingClientRect().top
    if (el.shadowRoot) walk(el.shadowRoot) } }
  walk(document); return out }"""


def test_an_error_banner_or_a_lost_title_moves_neither_the_editor_nor_the_graph(page):
    before = page.evaluate(_TOPS)  # the default preset, its title above the editor
    replace_code(page, "a = Value(2.0, label='a')\nb = a / 0\n")
    page.get_by_text("division by zero").first.wait_for(timeout=20_000)
    assert page.evaluate(_TOPS) == before


def test_embedded_at_iframe_size_everything_fits_the_frame(browser, server_url):
    ctx = browser.new_context(viewport={"width": 700, "height": 450})
    try:
        page = ctx.new_page()
        page.goto(server_url + "?embed=1")
        wait_for_graph(page)
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner
        for name in ("« start", "next ›", "end »"):
            box = page.get_by_role("button", name=name).bounding_box()
            assert box["x"] + box["width"] <= 700 and box["y"] + box["height"] <= 450, name
    finally:
        ctx.close()
