"""Exports of the drawn graph: DOT (like micrograd's draw_dot), JSON with positions, SVG.

PNG comes from the figure's own save tool.
"""

import json
from html import escape

import layouts
from sandbox.app.graph.scene import number

SVG_SCALE = 90  # pixels per layout unit in the SVG export
SVG_MARGIN = 80


def to_dot(scene):
    """Graphviz DOT, left to right, value records and op nodes as draw_dot writes them."""
    return layouts.to_dot(layouts.graph_model(scene.graph))


def to_json(scene):
    """{"nodes": [... kind, x, y], "edges": [...]} as `micrograd-sandbox render -o .json` writes."""
    nodes = [dict(scene.by_id[v], kind="value", x=scene.positions[v][0], y=scene.positions[v][1])
             for v in scene.order]
    nodes += [{"id": o, "kind": "op", "op": scene.by_id[out]["op"], "x": scene.positions[o][0],
               "y": scene.positions[o][1]} for o, out in scene.op_output.items()]
    return json.dumps({"nodes": nodes, "edges": [list(e) for e in scene.edges]}, indent=1)


def to_svg(scene):
    """A standalone SVG of the current positions (no colours by grad: a clean printable figure)."""
    pos = scene.positions
    xs = [p[0] for p in pos.values()] or [0]
    ys = [p[1] for p in pos.values()] or [0]
    x0, y1 = min(xs), max(ys)
    px = lambda v: (pos[v][0] - x0) * SVG_SCALE * 2 + SVG_MARGIN
    py = lambda v: (y1 - pos[v][1]) * SVG_SCALE + SVG_MARGIN
    width = (max(xs) - x0) * SVG_SCALE * 2 + 2 * SVG_MARGIN
    height = (y1 - min(ys)) * SVG_SCALE + 2 * SVG_MARGIN
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           'font-family="sans-serif" font-size="11">']
    out += [f'<line x1="{px(u):.1f}" y1="{py(u):.1f}" x2="{px(v):.1f}" y2="{py(v):.1f}" stroke="#9aa3ad"/>'
            for u, v in scene.edges]
    for o, node in scene.op_output.items():
        out.append(f'<circle cx="{px(o):.1f}" cy="{py(o):.1f}" r="13" fill="#f8f9fa" stroke="#868e96"/>'
                   f'<text x="{px(o):.1f}" y="{py(o) + 4:.1f}" text-anchor="middle">'
                   f'{escape(scene.by_id[node]["op"])}</text>')
    for v in scene.order:
        n = scene.by_id[v]
        out.append(f'<rect x="{px(v) - 66:.1f}" y="{py(v) - 19:.1f}" width="132" height="38" fill="#ffffff" '
                   f'stroke="#495057"/><text x="{px(v):.1f}" y="{py(v) - 3:.1f}" text-anchor="middle">'
                   f'{escape(n["label"])}</text><text x="{px(v):.1f}" y="{py(v) + 12:.1f}" '
                   f'text-anchor="middle">data {number(n["data"])} | grad {number(n["grad"])}</text>')
    return "\n".join(out + ["</svg>"]) + "\n"
