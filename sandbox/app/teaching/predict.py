"""Predict, then reveal: grads hidden until the learner guesses them (param state, no Panel).

While ``Prediction.on``, every grad is hidden in the graph, its hover and the
inspector, except those the learner has revealed: a right guess reveals one,
and so does "Show me". Data stays visible, so a
grad can be worked out from the data and the grads already revealed, in the
order backward() computes them (from the output's grad of 1 back to the inputs).
"Show me" reveals without a guess and scores nothing.

A guess is right when it is within TOLERANCE of the grad, relative for grads
above 1: |guess - grad| <= 0.01 * max(1, |grad|), so "-0.5" is right for a
grad of -0.4999 and "600" for 604. The score counts guesses and right ones for
this graph: it starts afresh when the graph's structure changes (another
script, an added value) or predicting is turned on again, but not when an
edited constant changes only the numbers.

>>> parse_guess("-3"), parse_guess(" 1/2 "), parse_guess("−0.25")
(-3.0, 0.5, -0.25)
>>> is_right(-0.5, -0.4999), is_right(600, 604), is_right(6, 5.9)
(True, True, False)
>>> p = Prediction(on=True)
>>> p.follow(["a", "b", "L"])
>>> p.guess("L", "2", grad=1.0)["right"], p.shown_grads
(False, frozenset())
>>> p.guess("L", "1", grad=1.0)["right"], sorted(p.shown_grads), p.score
(True, ['L'], '1 right of 2 guesses')
"""

import math
import re

import param

TOLERANCE = 0.01  # a guess is right within 0.01 of the grad, or within 1% of it when |grad| > 1
MINUS_SIGNS = re.compile(r"[\u2212\u2013\u2014]")  # −, –, — typed or pasted for a minus sign
GUESS_HELP = "Type a number, like -3, 0.5 or 1/2."


class GuessError(ValueError):
    """A guess that is not a number; its message says what to type."""


def parse_guess(text):
    """A learner's guess as a float: a decimal, a fraction a/b, "nan" or "inf"; GuessError otherwise."""
    cleaned = MINUS_SIGNS.sub("-", (text or "").strip()).replace(" ", "")
    if not cleaned:
        raise GuessError(GUESS_HELP)
    try:
        if "/" in cleaned:
            top, bottom = cleaned.split("/")
            return float(top) / float(bottom)
        return float(cleaned)
    except (ValueError, ZeroDivisionError):
        raise GuessError(f"{text.strip()!r} is not a number. {GUESS_HELP}") from None


def is_right(guess, grad):
    """Whether a guess is close enough to the grad (NaN matches NaN, infinities must match)."""
    if math.isnan(grad) or math.isnan(guess):
        return math.isnan(grad) and math.isnan(guess)
    if math.isinf(grad) or math.isinf(guess):
        return guess == grad
    return abs(guess - grad) <= TOLERANCE * max(1.0, abs(grad))


class Prediction(param.Parameterized):
    """Predict mode for one page: what is revealed, the score, and the last answer."""

    on = param.Boolean(default=False, doc="grads hidden until the learner guesses or reveals them")
    revealed = param.Parameter(default=frozenset(), doc="ids whose grad shows while predicting")
    guesses = param.Integer(default=0, bounds=(0, None), doc="guesses made on this graph")
    right = param.Integer(default=0, bounds=(0, None), doc="of them right")
    verdict = param.Dict(default=None, allow_None=True,
                         doc="the last answer: {id, guess, grad, right} | {id, shown} | {id, error}")

    def __init__(self, **params):
        super().__init__(**params)
        self._structure = None  # the graph's ids, in order: another structure resets the score

    @property
    def shown_grads(self):
        """The ids whose grad may show (Scene.columns' ``shown_grads``): None when not predicting."""
        return frozenset(self.revealed) if self.on else None

    def hides(self, node_id):
        return self.on and node_id not in self.revealed

    @property
    def score(self):
        if not self.guesses:
            return "no guesses yet"
        return f"{self.right} right of {self.guesses} guess{'' if self.guesses == 1 else 'es'}"

    def follow(self, order):
        """The page drew a graph with these ids (in order): a different structure starts afresh."""
        key = tuple(order)
        if key != self._structure:
            self._structure = key
            self.reset()

    def reset(self):
        with param.parameterized.batch_call_watchers(self):
            self.revealed, self.guesses, self.right, self.verdict = frozenset(), 0, 0, None

    @param.depends("on", watch=True)
    def _fresh_round(self):
        self.reset()

    def guess(self, node_id, text, grad):
        """Score a guess at node_id's grad; a right one reveals it. Returns the verdict."""
        if not self.hides(node_id):
            return self.verdict
        try:
            value = parse_guess(text)
        except GuessError as e:
            self.verdict = {"id": node_id, "error": str(e)}
            return self.verdict
        right = is_right(value, grad)
        with param.parameterized.batch_call_watchers(self):
            self.guesses += 1
            self.right += right
            if right:
                self.revealed = self.revealed | {node_id}
            self.verdict = {"id": node_id, "guess": value, "grad": grad, "right": right}
        return self.verdict

    def reveal(self, node_id):
        """Show node_id's grad without a right guess ("Show me")."""
        if not self.hides(node_id):
            return
        with param.parameterized.batch_call_watchers(self):
            self.revealed = self.revealed | {node_id}
            self.verdict = {"id": node_id, "shown": True}
