"""Folding and opening groups, the links that stand for their edges, their colour, find and the level of detail."""

import math
import random

from engine import Value, trace
from engine.nn import MLP
from sandbox.app.graph.find import matches, path_columns, path_to_output
from sandbox.app.graph.group_layers import LABELS_PX, LOD_JS, RECORDS_PX, lod_thresholds
from sandbox.app.graph.grouped_scene import MAX_DRAWN, VIEW_BUDGET, grouped_scene, wants_groups
from sandbox.app.graph.lens import Lens
from sandbox.app.graph.scene import TEXT_MAX_VALUES


def _graph(samples=6, sizes=(4, 3, 1)):
    random.seed(0)
    net = MLP(2, list(sizes))
    xs = [[Value(0.3 * i - 1), Value(0.2 * i)] for i in range(samples)]
    loss = sum((net(x) - 1) ** 2 for x in xs)
    loss.label = "loss"
    loss.backward()
    return trace(loss, names={"net": net}).to_dict()


def test_the_default_view_opens_the_outermost_groups_first_and_stays_within_the_budget():
    lens = Lens.of(_graph())
    everything = len(lens.nodes)
    for budget in (10, 60, 200, everything + 100):
        opened = lens.default_open(budget)
        assert lens.drawn_if(opened) <= max(budget, lens.drawn_if(set()))
        for g in opened:  # a group opens only when everything around it is open
            assert all(a in opened for a in lens.tree.ancestors(g))
    assert lens.default_open(everything + 100) == frozenset(lens.groups)


def test_a_folded_group_is_a_box_and_its_edges_become_summed_links():
    lens = Lens.of(_graph())
    cut = lens.cut({"net"})  # the layers folded
    folded = {b["path"] for b in cut.boxes if b["closed"]}
    assert folded == {"net.layers.0", "net.layers.1", "net.layers.2"}
    assert not any(lens.tree.group_of[n].startswith("net.layers") for n in cut.node_ids)
    crossing = sum(1 for u, v in zip(lens.src, lens.dst)
                   if (lens.representatives({"net"})[u] != lens.representatives({"net"})[v])) - len(cut.edges)
    assert sum(link["count"] for link in cut.links) == crossing  # every edge into or out of a box, once
    # between layer 0 and layer 1: one link per pair of ends, standing for one edge per example
    assert max(link["count"] for link in cut.links) >= 6


def test_opening_a_group_draws_its_nodes_where_the_layout_put_them_and_moves_nothing():
    scene = grouped_scene(_graph(samples=8), open_groups={"net"})
    before = scene.columns()
    opened, message = scene.open_group("net.layers.1.neurons.0")  # opens its layer too
    after = opened.columns()
    assert message is None and len(after["values"]["id"]) > len(before["values"]["id"])
    old = dict(zip(before["values"]["id"], zip(before["values"]["x"], before["values"]["y"])))
    new = dict(zip(after["values"]["id"], zip(after["values"]["x"], after["values"]["y"])))
    assert all(new[i] == p for i, p in old.items())
    boxes = lambda c: dict(zip(c["boxes"]["path"], zip(c["boxes"]["x"], c["boxes"]["y"], c["boxes"]["w"])))
    common = set(boxes(before)) & set(boxes(after))
    assert common and all(boxes(before)[p] == boxes(after)[p] for p in common)  # boxes drawn before stay put
    assert opened.structure != scene.structure and opened.fold_group("net.layers.1").open == scene.open


def test_a_folded_group_is_coloured_by_the_norm_of_its_parameters_gradients():
    g = _graph()
    scene = grouped_scene(g, open_groups={"net"})
    cols = scene.columns(colour="grad")
    params = [n for n in g["nodes"] if n["scope"].startswith("net.layers.1") and not n["op"]
              and n["id"] == f"{n['scope']}.{n['label']}"]
    assert len(params) == 3 * (4 + 1)  # three neurons, four weights and a bias each
    i = cols["boxes"]["path"].index("net.layers.1")
    assert math.isclose(cols["boxes"]["tone"][i], math.sqrt(sum(n["grad"] ** 2 for n in params)))
    assert all(math.isnan(s) for s in scene.columns(colour="none")["boxes"]["tone"])


def test_opening_is_refused_with_a_sentence_beyond_what_the_view_draws(monkeypatch):
    import sandbox.app.graph.grouped_scene as gs

    scene = grouped_scene(_graph(), open_groups={"net"})
    monkeypatch.setattr(gs, "MAX_DRAWN", scene.cut().drawn + 1)
    same, message = scene.open_group("net.layers.1")
    assert same is scene and "would draw" in message and "Fold other groups" in message
    everything, message = scene.open_all()
    assert message and "as deep as" in message and everything.cut().drawn <= gs.MAX_DRAWN
    assert MAX_DRAWN >= 10 * VIEW_BUDGET  # room to open a good part of a big graph by hand


def test_an_edit_with_new_numbers_keeps_the_groups_open_and_the_structure():
    scene = grouped_scene(_graph(), open_groups={"net", "net.layers.0"})
    again = scene.with_graph(_graph())
    assert again.open == scene.open and again.structure == scene.structure
    kept = grouped_scene(_graph(samples=7), open_groups=scene.open)  # another graph with the same modules
    assert kept.open == scene.open


def test_only_big_graphs_made_of_modules_are_grouped():
    assert not wants_groups(_graph(samples=2))
    flat = [Value(float(i)) for i in range(3000)]
    assert not wants_groups(trace(sum(flat)).to_dict())  # big, but no module to fold
    assert wants_groups(_graph(samples=40))


def test_find_ranks_exact_ids_then_labels_then_id_endings():
    g = _graph()
    found = matches(g["nodes"], "neurons.1.w.0")
    assert found and all(f.endswith("neurons.1.w.0") for f in found)
    assert matches(g["nodes"], "net.layers.0.neurons.1.w.0") == ["net.layers.0.neurons.1.w.0"]
    assert matches(g["nodes"], "LOSS") == [g["nodes"][-1]["id"]]
    assert matches(g["nodes"], "") == [] and matches(g["nodes"], "no such thing") == []


def test_find_opens_what_hides_a_node_and_its_path_runs_through_folded_boxes():
    scene = grouped_scene(_graph()).fold_all()
    target = "net.layers.0.neurons.2.w.1"
    shown = scene.show_node(target)
    assert target in shown.cut().node_ids
    path = path_to_output(shown.edges, target)
    assert path[0] == target and path[-1] == shown.order[-1]
    line = path_columns(path, shown.point_of)
    layer_2 = shown.lens.box_of["net.layers.2"]
    centre = ((layer_2[0] + layer_2[2]) / 2, (layer_2[1] + layer_2[3]) / 2)
    assert centre in list(zip(line["x"], line["y"]))  # layer 2 is folded: the path passes its box once
    assert len(set(zip(line["x"], line["y"]))) == len(line["x"])


def test_big_graphs_show_text_by_zoom_and_the_page_script_has_the_thresholds():
    scene = grouped_scene(_graph(samples=7))  # fewer examples than make a repeat: all of them drawn
    cols = scene.columns()
    assert len(scene.order) > TEXT_MAX_VALUES and cols["text"] == "lod"
    t = lod_thresholds()
    assert t["records"] == list(RECORDS_PX) and t["labels"] == list(LABELS_PX)
    assert "kx >= t.records[0] && ky >= t.records[1]" in LOD_JS and "kx >= t.labels[0]" in LOD_JS
    assert RECORDS_PX[0] > LABELS_PX[0] and RECORDS_PX[1] > LABELS_PX[1]  # names first, records when closer


def test_the_most_the_view_draws_fits_one_message_and_a_bigger_one_is_refused(monkeypatch):
    import sandbox.app.graph.graph_view as gv
    from sandbox.app.graph.graph_view import MESSAGE_LIMIT_BYTES, GraphView, message_bytes

    scene = grouped_scene(_graph(samples=40))
    everything = scene.with_open(scene.lens.groups)
    cols = everything.columns()
    per_node = message_bytes(cols[k] for k in ("values", "labels", "ops", "edges", "links", "boxes")) / cols["drawn"]
    assert per_node * MAX_DRAWN < MESSAGE_LIMIT_BYTES  # opening stops at MAX_DRAWN: never a message too big
    view = GraphView()
    monkeypatch.setattr(gv, "MESSAGE_LIMIT_BYTES", 1000)
    refused = view.draw(cols, everything.structure)
    assert refused and "MB message" in refused and len(view.values.data["id"]) == 0  # nothing was sent


def test_a_graph_too_big_to_draw_even_folded_is_refused_with_what_to_do():
    from sandbox.app.graph.grouped_scene import TooBigToDraw, check_drawable

    flat = trace(sum(Value(float(i)) for i in range(MAX_DRAWN // 2))).to_dict()
    try:
        check_drawable(flat)
    except TooBigToDraw as e:
        assert "show(...)" in str(e) and "Modules" in str(e)
    else:
        raise AssertionError("a graph beyond MAX_DRAWN nodes with nothing to fold was not refused")
    check_drawable(_graph(samples=40))  # big, but folds


def test_while_grads_are_hidden_a_folded_box_is_not_coloured_by_them():
    """Predict mode on a big graph: a box's colour and hover (its parameters' grad norm) would give grads away."""
    scene = grouped_scene(_graph(), open_groups={"net"})
    boxes = scene.columns(colour="grad", shown_grads=frozenset())["boxes"]
    assert boxes["id"] and all(math.isnan(t) for t in boxes["tone"]) and set(boxes["norm"]) == {"?"}
    assert not all(math.isnan(t) for t in scene.columns(colour="data", shown_grads=frozenset())["boxes"]["tone"])
