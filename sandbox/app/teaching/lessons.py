"""Lessons: the presets as a path from x + y to a tiny GPT, each with a goal the page checks after every run.

A lesson is a preset whose docstring ends with a ``Lesson:`` section, which
presets/__init__.py cuts out of the code the editor opens and hands over as
text: the goal as the lesson bar says it, then one check a line. The goal is
met when every check holds after a run that ended without an error. Checks are
read here, never executed, and come from the preset file on the server: what
the learner types is the evidence, never the goal.

A check is ``subject comparison value``. Subjects:

- ``LABEL.data``, ``LABEL.grad``, ``LABEL.op`` (``.label``): the value labelled LABEL, or
  whose id is LABEL (of several, the last in the trace: the one nearest the output);
- ``selected.data``, ``selected.grad``, ``selected.op`` (``.label``): the value selected
  in the graph, the one the inspector shows (the page passes the Session's
  ``selected`` id on every click), so a "find it" goal is met by a click;
- ``OP nodes``: how many values the op OP made (``exp nodes == 9``);
- ``logged.NAME``: the last NAME the script logged (``log(acc=...)``), e.g. at the
  end of a training run started with Start;
- ``numbers changed``: how many numbers differ from the lesson's own code, when
  nothing else does (any other change fails the check);
- ``printed``: what the script printed (with ``contains "text"`` only).

Comparisons: ``>``, ``>=``, ``<``, ``<=``, ``==`` and ``!=`` (numbers, equal within
EQUAL_WITHIN; ``==`` and ``!=`` also compare words such as op names), ``contains``.

>>> neuron = Lesson.from_preset({"name": "neuron", "title": "Neuron: the tanh neuron", "code": "o = 1",
...     "lesson": {"goal": "get o above 0.9", "checks": ["o.data > 0.9"]}})
>>> o = {"id": "o", "label": "o", "op": "tanh", "data": 0.7071, "grad": 1.0}
>>> verdict(neuron, Seen({"nodes": [o]}))
(False, 'Not yet: o.data is 0.7071; the goal: above 0.9.')
>>> verdict(neuron, Seen({"nodes": [dict(o, data=0.954)]}))
(True, 'Goal met ✓')
"""

import ast
import math
import re
from dataclasses import dataclass, field

from sandbox.app.graph.scene import json_float, number

PATH = ("basics", "expression", "neuron", "chain_rule", "dead_relu", "micrograd_readme", "vanishing_gradients",
        "mlp_loss", "training_loop", "ring_data", "bigram", "rnn", "self_attention", "transformer")  # lesson order
EQUAL_WITHIN = 1e-9  # == and != on numbers: relative and absolute tolerance (floats of a run, not of a proof)
MAX_COMPARED_CHARS = 20_000  # longer code is not compared number by number (it is no longer the lesson's)
COMPARISONS = {">": "above", ">=": "at least", "<": "below", "<=": "at most", "==": "exactly",
               "!=": "anything but", "contains": "contains"}  # comparison -> how the goal says it
NODE_FIELDS = {"data": "number", "grad": "number", "op": "word", "label": "word"}  # what a value's field holds
CHECK = re.compile(r"^(?P<subject>.+?)\s+(?P<cmp>>=|<=|==|!=|>|<|contains)\s+(?P<value>.+)$")
MET = "Goal met ✓"


class GoalError(ValueError):
    """A lesson's goal that cannot be read (a preset's mistake, caught by the tests)."""


@dataclass(frozen=True)
class Check:
    """One line of a goal: subject, comparison, value (a float, or a word)."""

    subject: str
    comparison: str
    value: object
    kind: str  # "number" | "word" | "text": what the subject is

    @classmethod
    def parse(cls, text):
        """A check from its line.

        >>> Check.parse("selected.op == **-1")
        Check(subject='selected.op', comparison='==', value='**-1', kind='word')
        >>> Check.parse("numbers changed <= 1").value
        1.0
        >>> Check.parse("o.data is big")
        Traceback (most recent call last):
        ...
        sandbox.app.teaching.lessons.GoalError: cannot read the check 'o.data is big': write subject, comparison, value
        """
        found = CHECK.match(text.strip())
        if not found:
            raise GoalError(f"cannot read the check {text!r}: write subject, comparison, value")
        subject, cmp, raw = found["subject"], found["cmp"], found["value"].strip()
        kind = _kind_of(subject)
        if kind is None:
            raise GoalError(f"{text!r}: no such subject {subject!r} (see sandbox/app/teaching/lessons.py)")
        if (kind == "text") != (cmp == "contains") or (kind == "word" and cmp not in ("==", "!=")):
            raise GoalError(f"{text!r}: {subject} cannot be compared with {cmp}")
        if kind == "number":
            try:
                value = float(raw)
            except ValueError:
                raise GoalError(f"{text!r}: {subject} is a number, {raw!r} is not") from None
        else:
            value = raw[1:-1] if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "'\"" else raw
        return cls(subject, cmp, value, kind)

    def wants(self):
        """What the goal asks, in words: 'above 0.9', 'exactly **-1'."""
        value = f"{self.value:g}" if self.kind == "number" else repr(self.value) if self.kind == "text" else self.value
        return f"{COMPARISONS[self.comparison]} {value}"

    def holds(self, now):
        if now is None:
            return False
        if self.comparison == "contains":
            return self.value in now
        if self.kind == "word":
            return (now == self.value) == (self.comparison == "==")
        now = json_float(now)
        if self.comparison in ("==", "!="):
            equal = math.isclose(now, self.value, rel_tol=EQUAL_WITHIN, abs_tol=EQUAL_WITHIN)
            return equal == (self.comparison == "==")
        return {">": now > self.value, ">=": now >= self.value, "<": now < self.value,
                "<=": now <= self.value}[self.comparison]


def _kind_of(subject):
    if subject == "numbers changed":
        return "number"
    if subject == "printed":
        return "text"
    if subject.endswith(" nodes") and subject[:-6].strip():
        return "number"
    head, _, name = subject.rpartition(".")
    if head == "logged" and name:
        return "number"
    return NODE_FIELDS.get(name) if head else None


@dataclass(frozen=True)
class Lesson:
    """A preset as a lesson: its name, short title, goal sentence, checks and the code it opens with."""

    name: str
    title: str
    goal: str
    checks: tuple
    code: str

    @classmethod
    def from_preset(cls, preset):
        """The lesson of a preset from presets.list_presets() (GoalError naming it when a check is unreadable)."""
        section = preset["lesson"]
        try:
            checks = tuple(Check.parse(line) for line in section["checks"])
        except GoalError as e:
            raise GoalError(f"preset {preset['name']}: {e}") from None
        title = preset["title"].split(":", 1)[0].strip() or preset["name"]
        return cls(preset["name"], title, section["goal"], checks, preset["code"])


def lessons_from(presets):
    """The presets that are lessons, in PATH's order (any lesson PATH leaves out comes after, in menu order)."""
    found = {p["name"]: Lesson.from_preset(p) for p in presets if p.get("lesson")}
    order = [name for name in PATH if name in found] + [name for name in found if name not in PATH]
    return [found[name] for name in order]


@dataclass(frozen=True)
class Seen:
    """What a run showed: the evidence a goal is checked against."""

    graph: dict
    ok: bool = True
    stdout: str = ""
    logged: dict = field(default_factory=dict)  # name -> the last value the script logged under it
    code: str | None = None  # the code that ran (None: not known)

    @classmethod
    def of(cls, result, code=None):
        """The evidence of a RunResult (an edit run's, or a live run's at its end) and the code it ran."""
        logged = {}
        for event in result.events:
            if event.get("type") == "log":
                logged.update(event.get("metrics") or {})
        return cls(result.graph, result.ok, result.stdout or "", logged, code)


def verdict(lesson, seen, selected=""):
    """(met, what to say): the goal checked against a run's evidence and the value selected in the graph."""
    if not seen.ok:
        return False, "Not yet: the last run stopped with an error; the goal is checked again when it runs."
    for check in lesson.checks:
        now, said = reading(check, seen, lesson.code, selected)
        if not check.holds(now):
            return False, f"Not yet: {said}" + ("" if now is None else f"; the goal: {check.wants()}") + "."
    return True, MET


def reading(check, seen, original="", selected=""):
    """(the subject's value now or None when there is none, a phrase saying it)."""
    subject = check.subject
    nodes = seen.graph.get("nodes", [])
    if subject == "numbers changed":
        n = numbers_changed(seen.code, original)
        if n is None:
            return None, "the code changed beyond its numbers (this goal allows numbers only; Ctrl+Z undoes)"
        return n, f"you changed {n} number{'s' * (n != 1)}"
    if subject == "printed":
        return seen.stdout, "it has not printed that yet"
    if subject.endswith(" nodes"):
        op = subject[:-6].strip()
        count = sum(n["op"] == op for n in nodes)
        return count, f"the graph has {count} {op} node{'s' * (count != 1)}"
    head, _, name = subject.rpartition(".")
    if head == "logged":
        if name not in seen.logged:
            return None, f"nothing logged as {name} yet"
        return seen.logged[name], f"the last logged {name} is {number(json_float(seen.logged[name]))}"
    if head == "selected":
        node = next((n for n in nodes if n["id"] == selected), None) if selected else None
        if node is None:
            return None, "click a value in the graph to select it"
        return node[name], f"the selected value's {name} is {_said(node[name], check.kind)}"
    node = next((n for n in reversed(nodes) if n["label"] == head), None) or next(
        (n for n in nodes if n["id"] == head), None)
    if node is None:
        return None, f"there is no value labelled {head} yet"
    return node[name], f"{subject} is {_said(node[name], check.kind)}"


def _said(value, kind):
    return number(json_float(value)) if kind == "number" else value or "none (a leaf)"


# -- numbers changed: the lesson's code and the run's, compared number by number --

class _Numbers(ast.NodeTransformer):
    """Takes the numbers out of a syntax tree (in reading order), leaving a 0 in each place."""

    def __init__(self):
        self.found = []

    def visit_UnaryOp(self, node):
        if isinstance(node.op, ast.USub) and _is_number(node.operand):  # -3.0 is one number to a reader
            self.found.append(-node.operand.value)
            return ast.Constant(value=0)
        return self.generic_visit(node)

    def visit_Constant(self, node):
        if _is_number(node):
            self.found.append(node.value)
            return ast.Constant(value=0)
        return node


def _is_number(node):
    return isinstance(node, ast.Constant) and type(node.value) in (int, float, complex)


def _shape_and_numbers(code):
    tree = ast.parse(code)
    if tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant) \
            and isinstance(tree.body[0].value.value, str):
        tree.body = tree.body[1:]  # the docstring is prose: rewording it is no change to the code
    numbers = _Numbers()
    return ast.dump(numbers.visit(tree)), numbers.found


def numbers_changed(code, original):
    """How many numbers code changed from original, or None when it changed anything else too (or cannot tell).

    Comments, spacing and the docstring do not count; ``-3.0`` is one number.

    >>> numbers_changed("b = Value(7.5, label='b')  # was 6.88", "b = Value(6.88, label='b')")
    1
    >>> numbers_changed("w = Value(3.0) * 2", "w = Value(-3.0) * 2"), numbers_changed("x = 1 + 1", "x = 1")
    (1, None)
    """
    if code is None or len(code) > max(MAX_COMPARED_CHARS, 2 * len(original)):
        return None
    try:
        shape, numbers = _shape_and_numbers(code)
        shape_then, numbers_then = _shape_and_numbers(original)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if shape != shape_then:
        return None
    return sum(a != b for a, b in zip(numbers, numbers_then))


# -- what the lesson bar says, and what a link carries --

def heading(lesson, path):
    """'Lesson 3 of 14: Neuron' for a lesson on a path (a list of Lessons)."""
    names = [one.name for one in path]
    return f"Lesson {names.index(lesson.name) + 1} of {len(path)}: {lesson.title}"


def invitation(path, done):
    """What the bar says while no lesson is open.

    >>> invitation([None] * 14, [])
    '14 goals, from x + y to a tiny GPT: open one and edit the code until the page says it is met.'
    """
    if done:
        return f"{len(done)} of {len(path)} goals met: go on where you left off."
    return f"{len(path)} goals, from x + y to a tiny GPT: open one and edit the code until the page says it is met."


def done_from_link(text, path):
    """The lessons a link says are done ('basics,neuron'), known names only, in the path's order.

    >>> done_from_link("neuron,nonsense,basics", [Lesson(n, n, "", (), "") for n in PATH])
    ['basics', 'neuron']
    """
    said = set((text or "").split(","))
    return [one.name for one in path if one.name in said]


def done_for_link(done):
    """The done lessons as a link writes them ('' when none)."""
    return ",".join(done)
