"""The language layer: what it refuses (with the line) and the micrograd code it must accept.

Only the checks run here, in-process; nothing refused is ever executed. A user
would notice a failure as: their notebook code refused in the IDE, or a
refusal without a line to look at.
"""

import builtins
import sys
import types

import pytest

import engine.nn
from engine import Value, trace
from sandbox.runner import execute as execute_module
from sandbox.runner import policy
from sandbox.runner.control import parse_setup
from sandbox.runner.execute import compile_script, execute
from sandbox.runner.limits import Limits

REFUSED = [
    ("import os", 1, "import of 'os' is not allowed in the sandbox"),
    ("x = 1\nfrom subprocess import run", 2, "import of 'subprocess'"),
    ("from . import x", 1, "import of '.'"),
    ("import engine\nimport numpy", 2, "import of 'numpy'"),
    ("a = ().__class__.__bases__", 1, "attribute '__bases__'"),
    ("f = lambda: 0\ng = f.__globals__", 2, "attribute '__globals__'"),
    ("def g():\n    yield\nx = g().gi_frame", 3, "attribute 'gi_frame'"),
    ("try:\n    1/0\nexcept Exception as e:\n    t = e.__traceback__", 4, "attribute '__traceback__'"),
    ("b = __builtins__", 1, "name '__builtins__'"),
    ("m = __import__", 1, "name '__import__'"),
    ("s = '{0.__class__}'.format(1)", 1, "format fields with '.' or '['"),
    ("s = '{:{0.x}}'.format(1, 2)", 1, "format fields"),
    ("t = '{}'\ns = t.format(1)", 2, "str.format is only allowed on a literal string"),
    ("f = '{}'.format\nf(1)", 1, "str.format is only allowed called on a literal string"),
    ("x = 1\ny = object.__subclasses__()\nimport os", 2, "attribute '__subclasses__'"),  # the first by line
]


@pytest.mark.parametrize("code, line, message", REFUSED)
def test_refused_with_line_and_reason(code, line, message):
    with pytest.raises(policy.PolicyError) as e:
        compile_script(code, language=True)
    assert e.value.line == line and message in str(e.value)


ACCEPTED = [
    "class V:\n    def __init__(self, d):\n        self.data = d\n"
    "    def __add__(self, o):\n        return V(self.data + o.data)\n"
    "    def __repr__(self):\n        return f'V({self.data})'\nprint(V(1) + V(2))",
    "a = Value(1.0)\nb = a * 2\nprint(len(b._prev), b._op, b._backward is not None)",
    "m = MLP(2, [2, 1])\nfor p in m.parameters():\n    p.data -= 0.1 * p.grad",
    "class M(Module):\n    def __init__(self):\n        super().__init__()\n        self.w = Value(1.0)\n"
    "print(M().parameters())",
    "print('{:.4f} {}'.format(1.0, 'x'), type(Value(1.0)).__name__, Value(1.0).__class__.__name__)",
    "import math, random\nfrom micrograd.engine import Value\nfrom micrograd import nn\nimport engine.losses\n"
    "import datasets\nX, y = datasets.moons(10)\nprint(math.pi > 3, random.random() < 1, nn.MLP)",
]


@pytest.mark.parametrize("code", ACCEPTED)
def test_micrograd_style_code_is_accepted(code):
    messages = []
    execute(code, Limits(), True, messages.append)
    assert messages[-1]["ok"], messages[-1]["error"]


@pytest.mark.parametrize("name", ["__subclasses__", "__globals__", "gi_frame", "format", "__dict__"])
def test_getattr_refuses_blocked_names_built_at_run_time(name):
    with pytest.raises(AttributeError, match="not allowed in the sandbox"):
        policy.guarded_getattr("", name)


def test_imported_modules_are_public_views():
    random_view = policy.guarded_import("random")
    assert not hasattr(random_view, "_os") and callable(random_view.random)
    nn_view = policy.guarded_import("engine.nn", fromlist=("MLP",))
    assert not hasattr(nn_view, "functools") and not hasattr(nn_view.random, "_os")
    with pytest.raises(ImportError, match="import of 'os' is not allowed"):
        policy.guarded_import("os")


def test_the_real_builtins_that_open_doors_are_absent():
    b = policy.curated_builtins({}, {})
    assert not {"open", "exec", "eval", "compile", "input", "breakpoint", "vars", "memoryview"} & set(b)
    assert b["__import__"] is policy.guarded_import and b["getattr"] is policy.guarded_getattr


class LyingName(str):
    """A name whose __eq__ says "no" to the blocked-name check and "yes" to the lookup after it."""

    calls = 0

    def __hash__(self):
        return str.__hash__(self)

    def __eq__(self, other):
        LyingName.calls += 1
        return LyingName.calls > 1 and str.__eq__(self, other)


@pytest.mark.parametrize("call", [
    lambda name: policy.guarded_getattr(len, name),
    lambda name: policy.guarded_setattr(Limits, name, None),
    lambda name: policy.guarded_delattr(Limits, name),
])
def test_a_name_that_lies_about_itself_is_checked_as_what_it_is(call):
    LyingName.calls = 0
    with pytest.raises(AttributeError, match="'__self__' is not allowed"):
        call(LyingName("__self__"))
    LyingName.calls = 0
    assert policy.guarded_hasattr(len, LyingName("__self__")) is False


def test_names_are_copied_to_plain_strings_before_use():
    copy = policy.exact_str(LyingName("data"))
    assert type(copy) is str and copy == "data"
    with pytest.raises(TypeError, match="must be a string"):
        policy.guarded_getattr(len, 5)
    with pytest.raises(ImportError, match="import of 'os'"):
        policy.guarded_import(LyingName("os"))


CALLED_BACK = [
    # the engine consumes what the script passes from its own frame: globals() must still be the script's
    ("v = Value(1.0, zip(iter(globals, 1), [0]))\nprint(v._prev[0][0]['__name__'])\nv = 0", "__main__\n", None),
    ("v = Value(1.0, zip(iter(locals, 1), [0]))", None, "RuntimeError: locals() was called from the sandbox's own"),
    ("v = Value(1.0, zip(iter(dir, 1), [0]))", None, "RuntimeError: dir() was called from the sandbox's own"),
    ("def f():\n    x = 2\n    return sorted(locals()), dir()\nprint(f(), 'f' in globals(), dir(1)[:1])",
     "(['x'], ['x']) True ['__abs__']\n", None),
]


@pytest.mark.parametrize("code, stdout, error", CALLED_BACK)
def test_globals_locals_and_dir_never_show_the_sandboxs_own_frames(code, stdout, error):
    messages = []
    execute(code, Limits(), True, messages.append)
    result = messages[-1]
    assert "".join(m["text"] for m in messages if m["type"] == "stdout") == (stdout or "")
    if error is None:
        assert result["ok"], result["error"]
    else:
        assert error in result["error"]["message"]


# -- what a script can reach by attribute access alone, from every name it starts with --

REACH_DEPTH = 3  # attribute hops followed from each name a script has (the last hop is checked, not followed)
SCALARS = (int, float, complex, str, bytes, bool, type(None))


def script_roots():
    """Every name a script has without importing, every module it can import, and objects it makes at once."""
    out = execute_module._Stdout(lambda m: None, 1000)
    session = execute_module._Session(lambda m: None, Limits(), out, parse_setup(None), None, lambda: 0)
    names = {}
    roots = dict(policy.curated_builtins({**session.helpers(), "print": execute_module._printer(out)}, names))
    roots.update({f"import {k}": m for k, m in policy.SCRIPT_MODULES.items()})
    a = Value(2.0, label="a")
    roots.update(value=a * a, mlp=engine.nn.MLP(2, [2, 1]), graph=trace(a * a), names=names)
    return roots


def insides():
    """What the language layer keeps from scripts, by identity: real modules and their globals, door-opening builtins.

    Each table holds the objects themselves, so no id in it can be reused by a passing object.
    """
    views = {id(m) for m in policy.SCRIPT_MODULES.values()}
    modules = {id(m): (m, name) for name, m in sys.modules.items() if m is not None and id(m) not in views}
    globals_ = {id(g): (g, name) for name, m in sys.modules.items() if m is not None for g in [vars(m)]}
    doors = {id(getattr(builtins, n)): (getattr(builtins, n), n)
             for n in ("open", "exec", "eval", "compile", "__import__", "breakpoint", "input", "vars", "globals",
                       "locals", "getattr")}
    return modules, globals_, doors


def test_no_attribute_path_from_a_scripts_names_leads_inside():
    modules, globals_, doors = insides()
    frontier, seen, found = list(script_roots().items()), {}, []  # seen keeps what it saw alive: ids stay unique
    for depth in range(REACH_DEPTH + 1):
        following = []
        for path, obj in frontier:
            if id(obj) in seen or isinstance(obj, SCALARS):
                continue
            seen[id(obj)] = obj
            for table, what in ((modules, "module"), (globals_, "globals of"), (doors, "builtin")):
                if id(obj) in table:
                    found.append(f"{path}: {what} {table[id(obj)][1]}")
            if isinstance(obj, (types.FrameType, types.CodeType, types.TracebackType)):
                found.append(f"{path}: {type(obj).__name__}")
            if depth == REACH_DEPTH:
                continue
            for name in builtins.dir(obj):
                if name not in policy.RUNTIME_BLOCKED:
                    try:
                        following.append((f"{path}.{name}", getattr(obj, name)))
                    except Exception:  # a property that fails is no path
                        continue
            if isinstance(obj, dict):
                following += [(f"{path}[{k!r}]", v) for k, v in obj.items()]
            elif isinstance(obj, (list, tuple)):
                following += [(f"{path}[{i}]", v) for i, v in enumerate(obj)]
        frontier = following
    assert found == [], found[:10]
