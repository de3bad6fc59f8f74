"""The language layer's static half: every construct of the running Python's grammar is classified.

A user would notice a failure here as: a new Python version (or a construct no
one had thought of) letting a script reach the interpreter's insides, or
ordinary micrograd code refused in the IDE.
"""

import ast
from pathlib import Path

import pytest

from sandbox.runner import syntax
from sandbox.runner.execute import compile_script

ROOT = Path(__file__).resolve().parents[2]
# Fields that hold a name as a plain string (ASDL `identifier`), in every Python from 3.11 to 3.14.
IDENTIFIER_FIELDS = {"attr", "id", "name", "names", "arg", "module", "rest", "kwd_attrs", "asname"}


def node_types():
    """Every class of the running Python's ast module that is an AST node."""
    return sorted({c.__name__ for c in vars(ast).values() if isinstance(c, type) and issubclass(c, ast.AST)})


@pytest.mark.parametrize("name", node_types())
def test_every_node_type_is_classified_once(name):
    tables = [name in syntax.PLAIN, name in syntax.CHECKED, name in syntax.REFUSED, name in syntax.NEVER_PARSED]
    assert sum(tables) == 1, f"ast.{name} is in {sum(tables)} of the tables (PLAIN, CHECKED, REFUSED, NEVER_PARSED)"


def test_plain_nodes_hold_no_names():
    """A node that holds a name as a string must be checked; none of those is waved through as plain."""
    for name in syntax.PLAIN:
        cls = getattr(ast, name, None)
        if cls is not None:
            assert not set(cls._fields) & IDENTIFIER_FIELDS, f"ast.{name} holds a name: {cls._fields}"


def test_a_construct_the_sandbox_does_not_know_is_refused():
    class Future(ast.expr):  # what a newer Python might add
        _fields = ()

    tree = ast.parse("x = 1")
    tree.body[0].value = Future(lineno=1, col_offset=4)
    with pytest.raises(syntax.PolicyError, match="'Future' is a construct the sandbox does not know"):
        syntax.check(tree)


def sources():
    """Real code: the presets, the benign corpus and the engine itself."""
    return (sorted((ROOT / "presets").glob("*.py")) + sorted((ROOT / "tests/runner/benign").glob("*.py"))
            + sorted((ROOT / "engine").glob("*.py")))


def test_real_code_parses_into_known_nodes_only():
    seen = set()
    for path in sources():
        seen |= {type(n).__name__ for n in ast.walk(ast.parse(path.read_text()))}
    assert seen <= syntax.PLAIN | set(syntax.CHECKED), seen - syntax.PLAIN - set(syntax.CHECKED)


REFUSED = [
    # attribute names that are plain strings in the tree, not ast.Attribute nodes
    ("match len:\n    case object(__self__=b):\n        pass", 2, "attribute '__self__'"),
    ("match 'x':\n    case str(format=f):\n        pass", 2, "str.format is only allowed"),
    ("match 1:\n    case int(x):\n        pass", 2, "class patterns with positional parts"),
    ("from math import __loader__", 1, "attribute '__loader__'"),
    # names bound by something other than an assignment
    ("def __import__():\n    pass", 1, "name '__import__'"),
    ("class __builtins__:\n    pass", 1, "name '__builtins__'"),
    ("f = lambda __builtins__: 0", 1, "name '__builtins__'"),
    ("try:\n    pass\nexcept Exception as __builtins__:\n    pass", 3, "name '__builtins__'"),
    ("match 1:\n    case __builtins__:\n        pass", 2, "name '__builtins__'"),
    ("match [1]:\n    case [*__builtins__]:\n        pass", 2, "name '__builtins__'"),
    ("match {}:\n    case {**__builtins__}:\n        pass", 2, "name '__builtins__'"),
    ("import math as __builtins__", 1, "name '__builtins__'"),
    ("def f():\n    global __builtins__", 2, "name '__builtins__'"),
    ("d = dict(__builtins__=1)", 1, "name '__builtins__'"),
    # whole constructs
    ("async def f():\n    pass", 1, "async functions are not allowed"),
    ("try:\n    pass\nexcept* ValueError:\n    pass", 1, "except* is not allowed"),
]


@pytest.mark.parametrize("code, line, message", REFUSED)
def test_names_in_every_position_are_checked(code, line, message):
    with pytest.raises(syntax.PolicyError) as e:
        compile_script(code, language=True)
    assert e.value.line == line and message in str(e.value)


def test_keyword_class_patterns_stay_allowed():
    compile_script("v = Value(1.0)\nmatch v:\n    case Value(data=d, grad=g):\n        print(d, g)\n", language=True)
