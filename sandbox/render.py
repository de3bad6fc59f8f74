"""`micrograd-sandbox render FILE -o OUT.json|.dot|.html|.png`: run a script, lay its graph out, write it.

The script runs in the sandbox exactly as in the app; its graph is laid out
with the layouts package (through a PositionCache, so ``--cache`` keeps nodes
where a previous render put them) and written in the format the output's
suffix names. Heavy imports happen inside ``main`` (see sandbox/cli.py).
"""

import json
import sys
from pathlib import Path

LAYOUT_CHOICES = ("layered", "force")
# crossings are counted edge piece by piece between node x's: a layered drawing of the demo step has 0.7
# million pieces, its force drawing 2.2 billion (every edge spans hundreds of node x's); past this, null
CROSSINGS_LIMIT = 5_000_000


def add_arguments(parser):
    parser.add_argument("file", help="the script to run (a .py file of micrograd-style code)")
    parser.add_argument("-o", "--output", required=True,
                        help="where to write: OUT.json (nodes with x, y; edges; crossings), OUT.dot (graphviz), "
                             "OUT.html (a standalone page) or OUT.png")
    parser.add_argument("--layout", choices=LAYOUT_CHOICES, default="layered", help="layout (default layered)")
    parser.add_argument("--cache", help="position cache JSON: read before (if it exists), written back after")
    parser.add_argument("--fold-ops", action="store_true", help="no op nodes: edges go straight to values")


def main(args):
    from sandbox.runner import run

    out = Path(args.output)
    writer = WRITERS.get(out.suffix.lower())
    if writer is None:
        print(f"render: cannot write {out.suffix or 'a file without suffix'}; use one of {sorted(WRITERS)}",
              file=sys.stderr)
        return 2
    result = run(Path(args.file).read_text())
    if not result.ok:
        err = result.error or {}
        where = f" (line {err['line']})" if err.get("line") else ""
        print(f"render: {args.file}{where}: {err.get('message', 'the script failed')}", file=sys.stderr)
        return 1
    graph, pos, crossings = lay_out(result.graph, args.layout, args.cache, args.fold_ops)
    writer(out, graph, pos, crossings)
    return 0


def lay_out(trace, layout, cache_path=None, fold_ops=False):
    """(graph model, positions, crossings or None if too many to count) for a trace dict, through the cache file."""
    from layouts import PositionCache, count_crossings, graph_model

    G = graph_model(trace, fold_ops=fold_ops)
    cache = PositionCache(layout=layout)
    if cache_path and Path(cache_path).exists():
        cache = PositionCache.from_json(json.loads(Path(cache_path).read_text()))
    pos = cache.place(G, layout=layout)
    if cache_path:
        Path(cache_path).write_text(json.dumps(cache.to_json()))
    return G, pos, count_crossings(G, pos, limit=CROSSINGS_LIMIT)


def write_json(path, G, pos, crossings):
    """{"nodes": [{id, label, op, data, grad, scope, kind, x, y}], "edges": [[src, dst]], "crossings" (or null)}."""
    nodes = []
    for n, attrs in G.nodes(data=True):
        # op nodes have no label, data or grad of their own: draw_dot shows them as a bare op
        nodes.append({"id": n, "label": attrs.get("label", ""), "op": attrs.get("op", ""),
                      "data": attrs.get("data"), "grad": attrs.get("grad"), "scope": attrs.get("scope", ""),
                      "kind": attrs["kind"], "x": pos[n][0], "y": pos[n][1]})
    doc = {"nodes": nodes, "edges": [[u, v] for u, v in G.edges()], "crossings": crossings}
    Path(path).write_text(json.dumps(doc))


def write_dot(path, G, pos, crossings):
    """Graphviz DOT like micrograd's draw_dot (dot lays it out again; our positions ride along as pos)."""
    from layouts import to_dot

    Path(path).write_text(to_dot(G, pos=pos))


def write_html(path, G, pos, crossings):
    """A standalone page of the app's own figure (pan, zoom, hover), BokehJS inlined."""
    from sandbox.app.graph.standalone import write_html as write

    write(path, G, pos, crossings)


def write_png(path, G, pos, crossings):
    """An image of the app's own figure, painted by headless Chromium."""
    from sandbox.app.graph.standalone import write_png as write

    write(path, G, pos, crossings)


# The output formats by suffix: a writer takes (path, graph model, positions, crossings).
WRITERS = {".json": write_json, ".dot": write_dot, ".html": write_html, ".png": write_png}
