"""The graph as a file: a standalone HTML page (pan, zoom, hover) or a PNG image of it.

Writers for `micrograd-sandbox render FILE -o OUT.html|OUT.png`, with the
signature sandbox/render.py's WRITERS table takes: (path, graph model,
positions, crossings). The figure is the app's own, drawn once and saved.
"""

import tempfile
from pathlib import Path

from sandbox.app.graph.scene import Scene

PAGE_SIZE = (1400, 900)  # pixels of the page and of the PNG
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PAINT_TIMEOUT_MS = 60_000


def scene_from_model(G, pos):
    """A Scene from a graph model (op nodes folded or not) and its positions."""
    nodes = [dict(id=n, **{k: a.get(k, "") for k in ("label", "op", "data", "grad", "scope")})
             for n, a in G.nodes(data=True) if a.get("kind") == "value"]
    edges = []
    for n, a in G.nodes(data=True):
        if a.get("kind") == "op":
            out = next(iter(G.successors(n)))
            edges += [[u, out] for u in G.predecessors(n)]
        elif not any(G.nodes[p].get("kind") == "op" for p in G.predecessors(n)):
            edges += [[u, n] for u in G.predecessors(n)]  # fold_ops: child -> value directly
    return Scene({"nodes": nodes, "edges": edges}, G, pos)


def figure_for(G, pos):
    from sandbox.app.graph.graph_view import GraphView

    scene = scene_from_model(G, pos)
    view = GraphView()
    view.draw(scene.columns(), scene.structure, fit=True)
    view.figure.sizing_mode = "fixed"
    view.figure.width, view.figure.height = PAGE_SIZE
    return view.figure


def write_html(path, G, pos, crossings=None):
    """A page that opens anywhere, offline: BokehJS inlined."""
    from bokeh.embed import file_html
    from bokeh.resources import INLINE

    Path(path).write_text(file_html(figure_for(G, pos), INLINE, title=f"micrograd sandbox: {Path(path).stem}"))


def write_png(path, G, pos, crossings=None):
    """The page above, painted by headless Chromium (canvas) and cut to the figure."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "graph.html"
        write_html(page_path, G, pos)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport=dict(zip(("width", "height"), PAGE_SIZE)))
                page.goto(page_path.as_uri())
                page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0 && "
                                       "Object.values(Bokeh.index).every(v => v.is_idle)", timeout=PAINT_TIMEOUT_MS)
                page.locator(".bk-Figure, .bk-Canvas").first.screenshot(path=str(path))
            finally:
                browser.close()
