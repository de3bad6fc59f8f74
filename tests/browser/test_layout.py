"""The page's layout: long lines readable, nothing wider than the window, nothing that jumps."""

from conftest import wait_until

_WRAP = """() => {
  const find = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.classList && el.classList.contains('ace_editor') && el.env) return el.env.editor
      if (el.shadowRoot) { const e = find(el.shadowRoot); if (e) return e }
    }
    return null
  }
  const ed = find(document)
  return ed ? ed.session.getUseWrapMode() : null
}"""


def test_the_editor_soft_wraps_long_lines(page):
    wait_until(page, lambda: page.evaluate(_WRAP), timeout_ms=5000, what="soft wrap in the editor")
