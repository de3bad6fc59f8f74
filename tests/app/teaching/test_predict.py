"""Predict, then reveal: guesses scored within the tolerance, nothing revealed early, the score per graph.

If this breaks, a learner's right answer reads as wrong (or a wrong one as
right), the inspector shows a grad they have not guessed yet, or the score
carries over to another script (or is lost when they only edit a constant).
"""

import math

import pytest

from engine import Value, trace
from sandbox.app.teaching.inspector import inspector_html
from sandbox.app.teaching.predict import GuessError, Prediction, is_right, parse_guess


def _expression():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    e = a * b
    e.label = "e"
    L = e * a
    L.label = "L"
    L.backward()
    return trace(L, names={"a": a, "b": b}).to_dict()


@pytest.mark.parametrize("text, value", [("-3", -3.0), ("0.5", 0.5), (" 1/2", 0.5), ("−4", -4.0), ("1e-3", 0.001),
                                         ("-2 / 4", -0.5), ("nan", math.nan)])
def test_guesses_are_read_as_people_type_numbers(text, value):
    got = parse_guess(text)
    assert got == value or (math.isnan(got) and math.isnan(value))


@pytest.mark.parametrize("text", ["", "   ", "two", "1/0", "1/2/3", "3a"])
def test_a_guess_that_is_not_a_number_says_what_to_type(text):
    with pytest.raises(GuessError, match="Type a number"):
        parse_guess(text)


def test_the_tolerance_is_0_01_or_one_percent_of_large_grads():
    assert is_right(0.5, 0.5049) and not is_right(0.5, 0.5101)
    assert is_right(-300, -302.9) and not is_right(-300, -303.5)
    assert is_right(math.nan, math.nan) and not is_right(0.0, math.nan)
    assert is_right(math.inf, math.inf) and not is_right(1e308, math.inf)


def test_a_wrong_guess_reveals_nothing_a_right_one_reveals_only_its_value():
    g = _expression()
    p = Prediction(on=True)
    p.follow([n["id"] for n in g["nodes"]])
    grads = {n["id"]: n["grad"] for n in g["nodes"]}
    assert p.guess("a", "-5", grads["a"])["right"] is False and p.shown_grads == frozenset()
    bad = p.guess("a", "minus six", grads["a"])
    assert "error" in bad and p.guesses == 1  # not a number: not counted
    assert p.guess("a", "-12", grads["a"])["right"] is True  # L = a * b * a: dL/da = 2ab = -12
    assert p.shown_grads == {"a"} and p.score == "1 right of 2 guesses"
    p.guess("a", "7", grads["a"])  # a revealed value takes no more guesses
    assert p.guesses == 2 and p.verdict["guess"] == -12


def test_show_me_reveals_without_scoring_and_turning_off_shows_every_grad():
    p = Prediction(on=True)
    p.follow(["a", "L"])
    p.reveal("L")
    assert p.shown_grads == {"L"} and p.guesses == 0 and p.verdict == {"id": "L", "shown": True}
    p.on = False
    assert p.shown_grads is None and not p.hides("a")


def test_the_score_starts_afresh_for_another_graph_or_round_but_not_for_new_numbers():
    p = Prediction(on=True)
    p.follow(["a", "b", "L"])
    p.guess("L", "1", 1.0)
    p.follow(["a", "b", "L"])  # an edited constant: same ids
    assert p.score == "1 right of 1 guess" and p.shown_grads == {"L"}
    p.follow(["a", "b", "L", "extra"])  # another structure
    assert p.score == "no guesses yet" and p.shown_grads == frozenset()
    p.guess("L", "1", 1.0)
    p.on = False
    p.on = True  # a new round
    assert p.score == "no guesses yet"


def test_the_inspector_keeps_a_hidden_grad_hidden_and_shows_the_working_once_it_is_guessed():
    g = _expression()
    a_grad = next(n["grad"] for n in g["nodes"] if n["id"] == "a")
    hidden = inspector_html(g, "a", hides=lambda i: True)
    assert "grad <b>?</b>" in hidden and "What is a.grad?" in hidden
    assert "table" not in hidden and "Numerical check" not in hidden and f"{a_grad:.4g}" not in hidden
    # guessed a, but not its users e and L: the working shows, their grads and terms do not
    shown = inspector_html(g, "a", hides=lambda i: i != "a")
    assert "<table class='chain'>" in shown and f"grad <b>{a_grad:.4g}</b>" in shown
    e_grad = next(n["grad"] for n in g["nodes"] if n["label"] == "e")
    assert f"<td>{e_grad:.4g}</td>" not in shown and shown.count("<td>?</td>") == 2
