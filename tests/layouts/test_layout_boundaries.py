"""layouts depends one way: engine <- layouts <- app. It never imports Panel,
Bokeh, HoloViews or the sandbox, and every public function documents itself.

If this breaks, the runner or a headless tool pays for importing the web stack,
or the app and the layouts import each other.
"""

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import layouts

FORBIDDEN = {"panel", "bokeh", "holoviews", "sandbox", "param"}
PUBLIC = ["graph_model", "layered_layout", "force_layout", "count_crossings", "PositionCache", "to_dot"]


def test_no_module_of_layouts_imports_the_app_side():
    for path in Path(layouts.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not {n.split(".")[0] for n in names} & FORBIDDEN, f"{path.name} imports {names}"


def test_importing_and_using_layouts_loads_none_of_them():
    code = ("import sys, layouts; from engine import Value, trace; a = Value(1.0); "
            "layouts.PositionCache().place(layouts.graph_model(trace(a * a).to_dict())); "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(FORBIDDEN)!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_functions_have_numpydoc_docstrings_with_examples():
    for name in PUBLIC:
        doc = inspect.getdoc(getattr(layouts, name))
        assert doc and "Examples" in doc, name
        if inspect.isfunction(getattr(layouts, name)):
            assert "Parameters" in doc and "Returns" in doc, name


def test_every_module_says_what_it_is():
    for info in pkgutil.iter_modules(layouts.__path__):
        assert importlib.import_module(f"layouts.{info.name}").__doc__, info.name
