"""What the graph view is given: columns a person reads as labels, numbers and colours."""

import math

import numpy as np

from engine import Value, trace
from layouts import PositionCache, graph_model
from sandbox.app.graph.scene import TEXT_MAX_VALUES, TOP_LEVEL, Scene, with_floats


def _scene(build=None):
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = (a * b + a).tanh()
    L.label = "L"
    L.backward()
    g = trace(L, names={"a": a, "b": b, "L": L}).to_dict()
    G = graph_model(g)
    return Scene(g, G, PositionCache().place(G))


def test_every_value_shows_its_label_data_and_grad():
    cols = _scene().columns()
    text = dict(zip(cols["values"]["label"], cols["labels"]["text"]))
    assert text["a"].startswith("a\ndata 2\ngrad ")
    assert len(cols["ops"]["id"]) == 3 and sorted(cols["ops"]["symbol"]) == ["*", "+", "tanh"]


def test_colour_is_symmetric_around_zero():
    cols = _scene().columns(colour="grad")
    assert cols["shade_limit"] == max(abs(s) for s in cols["values"]["shade"])
    assert all(math.isnan(s) for s in _scene().columns(colour="none")["values"]["shade"])


def test_backward_steps_reveal_gradients_from_the_output_back():
    scene = _scene()
    first = scene.columns(step=("backward", 1))
    shown = [label for label, g in zip(first["values"]["label"], first["values"]["grad"]) if g != "?"]
    assert shown == ["L"]
    assert len(scene.columns(step=("backward", 2))["hot"]["x0"]) == 2  # L's grad flows into tanh's op, then on
    assert "?" not in scene.columns(step=("backward", scene.steps()))["values"]["grad"]


def test_forward_steps_reveal_data_from_the_inputs_on():
    cols = _scene().columns(step=("forward", 2))
    assert [d != "?" for d in cols["values"]["data"]] == [True, True] + [False] * 3


def test_size_modes_scale_nodes_and_structure_ignores_values():
    scene = _scene()
    widths = scene.columns(size="|grad|")["values"]["w"]
    assert len(set(widths)) > 1
    assert scene.structure == _scene().structure


def test_big_graphs_are_dots_until_zoomed_in_and_send_numbers_not_text():
    xs = [Value(float(i)) for i in range(TEXT_MAX_VALUES)]
    total = sum(xs)
    total.label = "total"
    g = trace(total).to_dict()
    G = graph_model(g)
    cols = Scene(g, G, PositionCache().place(G)).columns()
    assert cols["big"] and cols["text"] == "lod"  # the page shows names, then records, as the user zooms in
    assert "total" in cols["labels"]["text"]
    assert set(cols["values"]["data"]) == {""}  # an edit patches binary numbers only
    assert cols["values"]["dv"].dtype.kind == "f" and cols["values"]["dv"][-1] == sum(range(TEXT_MAX_VALUES))


def test_the_runners_non_finite_strings_become_floats():
    g = {"nodes": [{"id": "a", "label": "a", "op": "", "data": "NaN", "grad": "-Infinity", "scope": ""}],
         "edges": []}
    n = with_floats(g)["nodes"][0]
    assert math.isnan(n["data"]) and n["grad"] == -math.inf


def test_values_outside_any_function_show_their_scope_as_top_level():
    g = trace(Value(1.0) * 2).to_dict()
    G = graph_model(g)
    cols = Scene(g, G, PositionCache().place(G)).columns()
    assert cols["values"]["scope"] and set(cols["values"]["scope"]) == {TOP_LEVEL}


def test_hidden_grads_give_nothing_away_not_text_colour_size_or_hover():
    """Predict mode: a grad still to be guessed shows as "?" and drives no colour or size; revealed ones show."""
    scene = _scene()
    a = next(vid for vid in scene.order if scene.by_id[vid]["label"] == "a")
    for size in ("none", "|grad|"):
        cols = scene.columns(colour="grad", size=size, shown_grads={a})
        v = cols["values"]
        shown = [label for label, g in zip(v["label"], v["grad"]) if g != "?"]
        assert shown == ["a"]  # the hover reads this column
        assert sum(not math.isnan(s) for s in v["shade"]) == 1 and sum(not math.isnan(g) for g in v["gv"]) == 1
        assert math.isclose(cols["shade_limit"], abs(scene.by_id[a]["grad"]), rel_tol=1e-6)  # spans what shows
        texts = [t for t in cols["labels"]["text"] if not t.startswith("a\n")]
        assert all(t.endswith("grad ?") for t in texts)
        assert len(set(v["w"])) == (2 if size == "|grad|" else 1)  # only a is sized by its grad
    nothing = scene.columns(shown_grads=frozenset())["values"]
    assert set(nothing["grad"]) == {"?"} and all(math.isnan(s) for s in nothing["shade"])


def test_the_page_gets_every_edge_by_row_and_exact_numbers_for_its_chain_rule(monkeypatch):
    from sandbox.app.graph import scene as scene_module

    a = Value(0.1, label="a")
    out = a * a + a
    out.backward()
    g = trace(out).to_dict()
    G = graph_model(g)
    cols = Scene(g, G, PositionCache().place(G)).columns()
    ids = cols["values"]["id"]
    assert [(ids[c], ids[p]) for c, p in zip(cols["chain"]["child"], cols["chain"]["parent"])] == \
        [tuple(e) for e in g["edges"]]  # in the order the ops took their inputs: a * a is two rows
    assert cols["values"]["dv"].dtype == np.float64 and cols["values"]["gv"][ids.index(a.label)] == a.grad
    monkeypatch.setattr(scene_module, "EXACT_MAX_VALUES", 2)  # too many values: float32, no rows
    cols = Scene(g, G, PositionCache().place(G)).columns()
    assert cols["values"]["dv"].dtype == np.float32 and cols["chain"] == {"child": [], "parent": []}
