"""Browser tests: the real server on a free port, Debian's Chromium driven like a person.

The server is `micrograd-sandbox serve` (run as `python -m sandbox.cli`, so
no install is needed); Chromium is /usr/bin/chromium through Playwright (never `playwright
install`). Helpers read the graph from the page's Bokeh document.
"""

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 -- re-exported for tests here
from tests.needs import missing

VIEWPORT = {"width": 1400, "height": 900}
SERVER_START_S = 60  # first start imports Panel and Bokeh
PAGE_WAIT_S = 20  # the first page builds a whole IDE: seconds on a loaded 2-core machine (2 s never came)
GRAPH_WAIT_MS = 20_000  # a run, layout and draw on a loaded 2-core CI machine
REPO = Path(__file__).resolve().parents[2]

sync_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    missing(f"no Chromium at {CHROMIUM}", module_level=True)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_url():
    port = _free_port()
    log = open(Path(tempfile.gettempdir()) / f"micrograd-sandbox-server-{port}.log", "w")  # read it when a test fails
    proc = subprocess.Popen([sys.executable, "-m", "sandbox.cli", "serve", "--port", str(port)], cwd=REPO,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}/"
    deadline = time.monotonic() + SERVER_START_S
    while True:
        try:
            urllib.request.urlopen(url, timeout=PAGE_WAIT_S).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("the sandbox server did not start") from None
            time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, server_url):
    """A fresh tab on the IDE with the default example drawn."""
    pg = context.new_page()
    pg.goto(server_url)
    wait_for_graph(pg)
    return pg


# -- reading the page -------------------------------------------------------------------------

_READ_VALUES = """() => {
  const doc = Bokeh.documents[0]
  if (!doc) return null
  let values = null, labels = null
  for (const m of doc.all_models) {
    if (!m.data) continue
    if (m.data.line_width !== undefined && m.data.shade !== undefined) values = m.data
    else if (m.name === "labels") labels = m.data
  }
  if (!values) return null
  const out = {}
  for (const k of ["id", "label", "op", "data", "grad", "x", "y", "line_width", "dv", "gv"])
    if (values[k] !== undefined) out[k] = Array.from(values[k])
  const n = out.id.length
  out.text = labels && labels.text.length === n ? Array.from(labels.text) : new Array(n).fill("")
  return out
}"""

_READ_EDGES = """() => {
  for (const m of Bokeh.documents[0].all_models) {
    if (m.name === "hot edges") return {hot: m.data.x0.length}
  }
  return null
}"""


def values(page):
    """The value nodes on screen: {id, label, data, grad, x, y, text, ...} columns."""
    return page.evaluate(_READ_VALUES)


def by_label(v):
    """Columns read by values() as {label: {column: value}} for labelled nodes."""
    v = v or {"id": []}
    return {v["label"][i]: {k: v[k][i] for k in v} for i in range(len(v["id"])) if v["label"][i]}


def nodes_by_label(page):
    return by_label(values(page))


def edges(page):
    return page.evaluate(_READ_EDGES)


def wait_for_graph(page, predicate=None, timeout_ms=GRAPH_WAIT_MS, what="the graph"):
    """Poll the page's data source until predicate(values) holds."""
    deadline = time.monotonic() + timeout_ms / 1000
    last = None
    while time.monotonic() < deadline:
        try:
            last = values(page)
        except sync_api.Error:
            last = None
        if last and last["id"] and (predicate is None or predicate(last)):
            return last
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {what}; last seen: {last and dict(list(last.items())[:4])}")


def wait_until(page, check, timeout_ms=GRAPH_WAIT_MS, what="a condition"):
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {what}")


_FIND_EDITOR = """(root) => {
  for (const el of root.querySelectorAll('*')) {
    if (el.classList && el.classList.contains('ace_editor') && el.env) return el.env.editor
    if (el.shadowRoot) { const e = findEditor(el.shadowRoot); if (e) return e }
  }
  return null
}"""


def on_editor(page, expression):
    """Evaluate a JS expression over the page's Ace editor `ed` (inside Panel's shadow roots); null if none."""
    return page.evaluate(f"""() => {{
      const findEditor = {_FIND_EDITOR}
      const ed = findEditor(document)
      return ed ? ({expression}) : null
    }}""")


def editor_text(page):
    return on_editor(page, "ed.getValue()")


def replace_code(page, code, run_now=True):
    """Select everything in the editor and type code over it (then Ctrl+Enter unless run_now is False)."""
    page.locator(".ace_content").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)
    if run_now:
        page.keyboard.press("Control+Enter")


_ON_SCREEN = """([source, column, key]) => {
  const views = []
  const walk = (v) => { views.push(v); for (const c of (v.child_views || [])) walk(c) }
  for (const v of Object.values(Bokeh.index)) walk(v)
  const plot = views.find(v => v.model && v.model.name === "graph")
  for (const m of Bokeh.documents[0].all_models) {
    const values = m.data && m.data.line_width !== undefined && m.data.shade !== undefined
    if (source === null ? values : m.name === source) {
      const i = Array.from(m.data[column]).indexOf(key)
      if (i < 0) return null
      const box = plot.canvas_view.el.getBoundingClientRect()
      return [box.left + plot.frame.x_scale.compute(m.data.x[i]), box.top + plot.frame.y_scale.compute(m.data.y[i])]
    }
  }
  return null
}"""


def on_screen(page, key, source=None, column="id"):
    """Page coordinates of the row whose column is key, in the named source (None: the value nodes)."""
    return page.evaluate(_ON_SCREEN, [source, column, key])


def click_value(page, label):
    """Click the value node with this label where it is drawn."""
    node = nodes_by_label(page)[label]
    x, y = on_screen(page, node["id"])
    page.mouse.click(x, y)


_READ_FIGURE = """(name) => {
  const views = []
  const walk = (v) => { views.push(v); for (const c of (v.child_views || [])) walk(c) }
  for (const v of Object.values(Bokeh.index)) walk(v)
  const plot = views.find(v => v.model && v.model.name === name && v.model.renderers)
  if (!plot) return null
  return plot.model.renderers.filter(r => r.data_source).map(r => {
    const out = {}
    for (const [k, v] of Object.entries(r.data_source.data)) out[k] = Array.from(v)
    return out
  })
}"""


def figure_sources(page, name):
    """The data of every renderer of the figure called name that is on screen: [{column: [...]}, ...]."""
    return page.evaluate(_READ_FIGURE, name)
