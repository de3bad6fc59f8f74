"""`micrograd-sandbox render -o OUT.html`: a page that opens offline and shows the graph."""

from engine import Value, trace
from layouts import PositionCache, graph_model
from sandbox.app.graph.standalone import scene_from_model, write_html


def _model(fold_ops=False):
    a, b = Value(2.0, label="a"), Value(-3.0, label="<b>")
    L = a * b + a
    L.backward()
    G = graph_model(trace(L, names={"a": a, "b": b}).to_dict(), fold_ops=fold_ops)
    return G, PositionCache().place(G)


def test_the_page_is_standalone_and_carries_the_graph(tmp_path):
    G, pos = _model()
    out = tmp_path / "g.html"
    write_html(out, G, pos)
    page = out.read_text()
    assert "cdn.bokeh.org" not in page and "Bokeh" in page
    assert "data 2" in page and "grad -2" in page  # a.grad = b + 1


def test_folded_models_keep_every_edge():
    G, pos = _model(fold_ops=True)
    scene = scene_from_model(G, pos)
    assert len(scene.graph["edges"]) == 4 and not scene.op_output
