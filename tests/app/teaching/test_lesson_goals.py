"""Lessons: every preset's goal reads, is not met as the preset opens, and is met by a learner's edit.

If these break, a learner follows a lesson and the page never says the goal is
met (or says so before they did anything), or a goal can be met by rewording it.
Every run here is a real one, through the sandbox runner the page uses.
"""

import pytest

from presets import get_preset, list_presets
from sandbox.app.page.share import parse_share, share_url
from sandbox.app.teaching.lessons import (
    MET,
    PATH,
    Check,
    GoalError,
    Seen,
    lessons_from,
    numbers_changed,
    reading,
    verdict,
)
from sandbox.app.teaching.lessons_state import LessonState
from sandbox.runner import run, start
from sandbox.runner.result import RunResult

LIVE_WAIT_S = 600  # a live training run of a preset on a loaded 2-core machine (about 20 s idle)
LESSONS = {one.name: one for one in lessons_from(list_presets())}

MLP_BY_HAND = """loss.backward()
for k in range(50):
    for p in mlp.parameters():
        p.data -= 0.01 * p.grad
    preds = [mlp(x) for x in xs]
    loss = sum((p - y) ** 2 for p, y in zip(preds, ys))
    mlp.zero_grad()
    loss.backward()
"""
# what a learner might type: (the text in the preset, what they make of it)
EDITS = {
    "basics": ("x = Value(2.0", "x = Value(4.0"),  # y.grad = x + 2y
    "expression": ("f = Value(-2.0", "f = Value(-4.0"),  # a.grad = b * f
    "neuron": ("Value(6.88", "Value(7.88"),  # the bias: n = 1.88, o = 0.9545
    "dead_relu": ("b = Value(-3.0", "b = Value(2.0"),  # n = -1.1 + 2 > 0
    "vanishing_gradients": ("range(8)", "range(2)"),  # two sigmoids instead of eight
    "mlp_loss": ("loss.backward()\n", MLP_BY_HAND),
    "rnn": ("[1.0, 1.0]]", "[1.0, 1.0], [0.0, 1.0]]"),
    "self_attention": ("causal=True", "causal=False"),
}
SELECT = {  # a "find it" lesson: which value the learner clicks, by its op and data
    "chain_rule": lambda n: n["op"] == "**-1",
    "micrograd_readme": lambda n: n["op"] == "ReLU" and n["data"] == 0,
}
TRAIN = ("training_loop", "ring_data", "bigram", "transformer")  # met by pressing Start: a live run to its end


def test_the_path_holds_every_lesson_and_only_lessons():
    with_goal = {p["name"] for p in list_presets() if p["lesson"]}
    assert set(PATH) == with_goal == set(LESSONS)
    assert [one.name for one in lessons_from(list_presets())] == list(PATH)
    assert set(EDITS) | set(SELECT) | set(TRAIN) == with_goal  # each goal is tried below
    assert not get_preset("blank")["lesson"] and not get_preset("demo_full_graph")["lesson"]


@pytest.mark.parametrize("name", PATH)
def test_no_goal_is_met_by_the_preset_as_it_opens(name):
    lesson = LESSONS[name]
    result = run(lesson.code)
    assert result.ok, result.error
    seen = Seen.of(result, lesson.code)
    met, said = verdict(lesson, seen)
    assert not met and said.startswith("Not yet: ")
    for node in seen.graph["nodes"]:  # and no click on a value meets it, save the right one
        if name not in SELECT or not SELECT[name](node):
            assert not verdict(lesson, seen, node["id"])[0], node


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edit_meets_the_goal(name):
    lesson = LESSONS[name]
    old, new = EDITS[name]
    assert lesson.code.count(old) == 1
    code = lesson.code.replace(old, new)
    result = run(code)
    assert verdict(lesson, Seen.of(result, code)) == (True, MET)


@pytest.mark.parametrize("name", sorted(SELECT))
def test_clicking_the_right_value_meets_a_find_goal(name):
    lesson = LESSONS[name]
    seen = Seen.of(run(lesson.code), lesson.code)
    right = [n for n in seen.graph["nodes"] if SELECT[name](n)]
    assert len(right) == 1  # one answer, so "find it" means something
    assert verdict(lesson, seen, right[0]["id"]) == (True, MET)


@pytest.mark.parametrize("name", TRAIN)
def test_training_with_start_meets_a_training_goal(name):
    lesson = LESSONS[name]
    result = start(lesson.code, live=True, on_event=lambda event: None).wait(timeout=LIVE_WAIT_S)
    assert result.ok, result.error
    assert verdict(lesson, Seen.of(result, lesson.code)) == (True, MET)


def test_one_number_means_one_number():
    neuron = LESSONS["neuron"]
    two = neuron.code.replace("Value(6.88", "Value(7.88").replace("x2 = Value(0.0", "x2 = Value(1.0")
    assert verdict(neuron, Seen.of(run(two), two)) == (
        False, "Not yet: you changed 2 numbers; the goal: at most 1.")
    rewired = neuron.code.replace("o = n.tanh()", "o = (n * 2).tanh()")  # o = 0.94, but not by a number
    met, said = verdict(neuron, Seen.of(run(rewired), rewired))
    assert not met and "changed beyond its numbers" in said


def test_rewording_the_goal_in_the_editor_does_not_meet_it():
    """The goal is the preset file's: a learner's own Lesson: section in the editor is only a docstring."""
    neuron = LESSONS["neuron"]
    forged = neuron.code.replace('"""\nx1 =', '\nLesson: anything\n    o.data > 0\n"""\nx1 =', 1)
    assert forged != neuron.code
    met, said = verdict(neuron, Seen.of(run(forged), forged))
    assert not met and said == "Not yet: o.data is 0.7071; the goal: above 0.9."


def test_a_failed_run_meets_no_goal():
    basics = LESSONS["basics"]
    code = basics.code.replace("x = Value(2.0", "x = Value(4.0") + "\nraise ValueError('oops')\n"
    met, said = verdict(basics, Seen.of(run(code), code))
    assert not met and "error" in said


def test_numbers_changed_counts_numbers_and_nothing_else():
    code = "a = Value(-3.0, label='a')  # a weight\nb = a * 2\n"
    assert numbers_changed(code, code) == 0
    assert numbers_changed(code.replace("-3.0", "3.0"), code) == 1  # a sign is part of its number
    assert numbers_changed(code.replace("# a weight", "# my note").replace("b = ", "b  =  "), code) == 0
    assert numbers_changed(code.replace("'a'", "'w'"), code) is None  # a label is not a number
    assert numbers_changed(code.replace("a * 2", "a * 2 * 1"), code) is None
    assert numbers_changed("a = (", code) is None  # a syntax error: cannot tell
    assert numbers_changed(code + "#" * 100_000, code) is None  # far longer than the lesson: not compared


@pytest.mark.parametrize("text, error", [
    ("o.data is big", "cannot read"), ("o.colour > 1", "no such subject"), ("o.data > many", "is a number"),
    ("selected.op > relu", "cannot be compared"), ("printed == hi", "cannot be compared"),
    ("o.data contains 1", "cannot be compared"),
])
def test_an_unreadable_check_is_refused_with_a_reason(text, error):
    with pytest.raises(GoalError, match=error):
        Check.parse(text)


def test_checks_read_every_subject():
    graph = {"nodes": [{"id": "*:1", "label": "", "op": "*", "data": 2.0, "grad": "NaN"},
                       {"id": "e1", "label": "", "op": "exp", "data": 1.0, "grad": 0.0},
                       {"id": "e2", "label": "out", "op": "exp", "data": 3.0, "grad": 1.0}]}
    seen = Seen(graph, stdout="accuracy 100%\n", logged={"acc": 0.97})
    holds = {text: Check.parse(text) for text in [
        "out.data == 3", "out.op == exp", "*:1.data >= 2", "exp nodes == 2", "logged.acc > 0.95",
        "printed contains '100%'", "selected.op == exp", "out.grad != 0"]}
    fails = {text: Check.parse(text) for text in [
        "*:1.grad > 0", "*:1.grad < 0", "logged.loss < 1", "missing.data > 0", "printed contains 'loss'",
        "selected.data > 5", "out.op != exp"]}
    for text, check in holds.items():
        assert check.holds(reading(check, seen, "", "e1")[0]), text
    for text, check in fails.items():
        assert not check.holds(reading(check, seen, "", "e1")[0]), text


def test_a_goal_met_stays_met_and_travels_in_a_link():
    state = LessonState(LESSONS.values())
    state.open("neuron")
    code = LESSONS["neuron"].code.replace("Value(6.88", "Value(7.88")
    state.ran(run(code), code)
    assert state.met and state.done == ["neuron"] and state.progress == MET
    state.ran(run(LESSONS["neuron"].code), LESSONS["neuron"].code)  # editing back takes nothing away
    assert state.met
    state.open("basics")
    state.ran(run(code.replace("Value(7.88", "Value(6.88")), "")
    assert not state.met and state.progress.startswith("Not yet")
    link = share_url("x = 1", "http://host/", **state.link())
    again = LessonState(LESSONS.values())
    shared = parse_share(link)
    again.restore(shared.get("lesson"), shared.get("done"))
    assert (again.lesson, again.done, again.met) == ("basics", ["neuron"], False)
    assert again.next_name() == "expression" and again.previous_name() == ""


def test_a_link_from_before_lessons_opens_no_lesson_and_a_bad_one_is_ignored():
    state = LessonState(LESSONS.values())
    old = parse_share(share_url("x = 1", preset="neuron"))
    state.restore(old.get("lesson"), old.get("done"))
    assert (state.lesson, state.done) == ("", [])
    state.restore("no_such_lesson", "basics,no_such_lesson")
    assert (state.lesson, state.done, state.next_name()) == ("", ["basics"], "expression")


def test_a_find_goal_is_met_by_a_selection_after_the_run():
    state = LessonState(LESSONS.values())
    state.open("micrograd_readme")
    result = run(LESSONS["micrograd_readme"].code)
    state.ran(result, LESSONS["micrograd_readme"].code)
    assert state.progress == "Not yet: click a value in the graph to select it."
    relus = {n["data"]: n["id"] for n in result.graph["nodes"] if n["op"] == "ReLU"}
    state.select(relus[6.0])
    assert state.progress == "Not yet: the selected value's data is 6; the goal: exactly 0."
    state.select(relus[0.0])
    assert state.met


def test_the_bar_shows_what_a_run_says_as_text_not_html():
    """A hostile script can name its op anything: the bar quotes it, it never becomes markup."""
    from sandbox.app.teaching.lessons_view import bar_html

    state = LessonState(LESSONS.values())
    state.open("chain_rule")
    graph = {"nodes": [{"id": "v", "label": "v", "op": "<img src=x onerror=alert(1)>", "data": 1.0, "grad": 0.0}]}
    state.ran(RunResult(ok=True, graph=graph), "")
    state.select("v")
    assert state.progress == "Not yet: the selected value's op is <img src=x onerror=alert(1)>; the goal: exactly **-1."
    html = bar_html(state)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
