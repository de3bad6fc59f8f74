"""The language layer: what it refuses (with the line) and the micrograd code it must accept.

Only the checks run here, in-process; nothing refused is ever executed. A user
would notice a failure as: their notebook code refused in the IDE, or a
refusal without a line to look at.
"""

import pytest

from sandbox.runner import policy
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
    b = policy.curated_builtins({})
    assert not {"open", "exec", "eval", "compile", "input", "breakpoint", "vars", "memoryview"} & set(b)
    assert b["__import__"] is policy.guarded_import and b["getattr"] is policy.guarded_getattr
