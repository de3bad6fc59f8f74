"""A repeat in the view: folded it is one box with its count, opened it shows one copy, the others behind it."""

import random

from engine import Value, trace
from engine.nn import MLP
from sandbox.app.graph.grouped_scene import grouped_scene
from sandbox.app.graph.scene import TEXT_MAX_VALUES


def _examples(samples=12):
    random.seed(0)
    net = MLP(2, [4, 3, 1])
    xs = [[Value(0.1 * i), Value(-0.2 * i)] for i in range(samples)]
    loss = sum((1 + -1.0 * net(x)).relu() for x in xs) * (1.0 / samples)
    loss.label = "loss"
    loss.backward()
    return trace(loss, names={"net": net}).to_dict()


def _titles(cols):
    return cols["titles"]["text"]


def test_a_graph_with_repeats_opens_as_its_outline_with_the_count_on_the_box():
    scene = grouped_scene(_examples())
    cols = scene.columns()
    assert scene.open == frozenset()  # every box folded
    assert sorted(cols["boxes"]["path"]) == ["net", "×12"]
    assert any(t.startswith("×12 · ") and t.endswith(" values each") for t in _titles(cols))
    assert cols["text"] == "labels" and "loss" in cols["values"]["label"]  # few values drawn: their names show
    assert len(cols["stacks"]["x"]) == 2  # the cards behind the repeat's box


def test_opening_a_repeat_shows_its_first_copy_whole_and_moves_nothing():
    scene = grouped_scene(_examples())
    before = scene.columns()
    opened, message = scene.open_group("×12")
    after = opened.columns()
    assert message is None and "×12.0" in opened.open and "×12.1" not in opened.open
    copy0 = set(opened.lens.repeats["×12"].copies[0])
    drawn = set(after["values"]["id"])
    assert copy0 <= drawn  # the whole of copy 0, its module boxes opened
    others = {v for c in opened.lens.repeats["×12"].copies[1:] for v in c}
    assert not others & drawn  # ... and none of the eleven behind it
    old = dict(zip(before["values"]["id"], zip(before["values"]["x"], before["values"]["y"])))
    new = dict(zip(after["values"]["id"], zip(after["values"]["x"], after["values"]["y"])))
    assert all(new[i] == p for i, p in old.items())
    assert "copy 0" in _titles(after) and "×12 · one copy shown" in _titles(after)


def test_the_copies_behind_stand_for_the_repeat_in_links_and_places():
    scene, _ = grouped_scene(_examples()).open_group("×12")
    scene = scene.with_open(scene.open | {g for g in scene.lens.groups if g.startswith("net")})  # parameters drawn
    cut = scene.cut()
    hidden = scene.lens.repeats["×12"].copies[5]
    box = scene.lens.box_of["×12"]
    assert scene.point_of(hidden[0]) == ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    ends = lambda link: [(link["x0"], link["y0"]), (link["x1"], link["y1"])]
    inside = lambda p: box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3]
    assert not [link for link in cut.links if all(inside(p) for p in ends(link))]  # none between the copies
    params = [v for v in cut.node_ids if v.startswith("net.") and scene.by_id[v]["op"] == ""]
    into = [link for link in cut.links if inside(ends(link)[1])]
    assert params and len(into) <= len(params)  # one link per parameter into the stack, not one per copy


def test_finding_a_value_in_another_copy_shows_that_copy_instead():
    scene, _ = grouped_scene(_examples()).open_group("×12")
    target = scene.lens.repeats["×12"].copies[7][0]
    shown = scene.show_node(target)
    assert "×12.7" in shown.open and not any(g.startswith("×12.0") for g in shown.open)
    assert target in shown.cut().node_ids
    assert shown.lens.drawn_if(shown.open) == shown.cut().drawn


def test_open_all_opens_one_copy_per_repeat_and_fold_all_comes_back_to_the_outline():
    scene = grouped_scene(_examples())
    everything, message = scene.open_all()
    copies = [g for g in everything.open if g.startswith("×12.") and g.count(".") == 1]
    assert message is None and copies == ["×12.0"]
    assert len(everything.cut().node_ids) > TEXT_MAX_VALUES // 4
    assert everything.fold_all().open == frozenset()
