"""sandbox/app is rooms by concern, and the arrows between them run one way.

    server.py -> page, serving;  page -> graph, teaching, training, serving;
    teaching -> graph;  training -> graph;  any room -> styles.py

(tests/layouts/test_layout_boundaries.py holds engine <- layouts <- app, and
tests/engine/test_layering.py the engine's own line.) If this breaks, rooms
import each other: a change in one room breaks another, an import cycle can
stop the server from starting, and `micrograd-sandbox render` or a test pays
for the whole web page to draw one graph.
"""

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import sandbox.app

APP = Path(sandbox.app.__file__).parent
ROOMS = ("graph", "teaching", "training", "serving", "page")
# what each room may import of the app, besides itself (server.py and styles.py are rooms of one file)
MAY_IMPORT = {
    "graph": {"styles"},
    "teaching": {"graph", "styles"},
    "training": {"graph", "styles"},
    "serving": {"styles"},
    "page": {"graph", "teaching", "training", "serving", "styles"},
    "server": {"page", "serving"},
    "styles": set(),
    "app": set(),  # sandbox/app/__init__.py: a docstring, so that importing one room loads no other
}
# state and words, not views: they must load without Panel, Bokeh or HoloViews (as their docstrings say)
NO_PANEL = ["sandbox.app.graph.scene", "sandbox.app.graph.find", "sandbox.app.teaching.chain_rule",
            "sandbox.app.teaching.inspector", "sandbox.app.teaching.lessons",
            "sandbox.app.teaching.lessons_state", "sandbox.app.teaching.narration", "sandbox.app.teaching.predict",
            "sandbox.app.training.training", "sandbox.app.page.state",
            "sandbox.app.page.share", "sandbox.app.page.runs", "sandbox.app.serving.policy",
            "sandbox.app.serving.sessions", "sandbox.app.serving.health"]
WEB_STACK = {"panel", "bokeh", "holoviews"}


def room_of(module):
    """The room of a dotted module name under sandbox.app ("sandbox.app.graph.scene" -> "graph")."""
    parts = module.split(".")[2:]
    if not parts:
        return "app"
    return parts[0] if parts[0] in ROOMS else parts[0].removesuffix(".py")


def imports_of(path):
    """Every module of sandbox.app that a file imports, at its top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [node.module] + [f"{node.module}.{a.name}" for a in node.names if node.module == "sandbox.app"]
    return [name for name in found if name.startswith("sandbox.app.")]


def app_files():
    return sorted(APP.rglob("*.py"))


def module_name(path):
    parts = path.relative_to(APP.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_arrows_between_rooms_run_one_way():
    wrong = []
    for path in app_files():
        room = room_of(module_name(path))
        for target in imports_of(path):
            if room_of(target) not in MAY_IMPORT[room] | {room}:
                wrong.append(f"{path.relative_to(APP)} ({room}) imports {target} ({room_of(target)})")
    assert not wrong, "\n".join(wrong)


def test_nothing_imports_the_serve_entry_point():
    """server.py builds the page: a room importing it would close a cycle through the page."""
    users = [str(p.relative_to(APP)) for p in app_files() if "sandbox.app.server" in imports_of(p)]
    assert users == []


def test_every_room_says_what_it_holds_and_what_it_may_import():
    for room in ROOMS:
        doc = importlib.import_module(f"sandbox.app.{room}").__doc__ or ""
        assert "May import" in doc, room
        for info in pkgutil.iter_modules([str(APP / room)]):
            assert f"``{info.name}``" in doc, f"sandbox/app/{room}/__init__.py does not name {info.name}"


def test_every_module_opens_with_a_docstring():
    for path in app_files():
        assert ast.get_docstring(ast.parse(path.read_text())), path.relative_to(APP)


def test_state_and_words_load_without_the_web_stack():
    code = (f"import sys\nfor m in {NO_PANEL!r}: __import__(m)\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(WEB_STACK)!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_module_imports_without_starting_a_server():
    """Tests and `micrograd-sandbox render` import the app's modules; only `serve` may start anything."""
    names = [module_name(p) for p in app_files()]
    code = (f"import sys, threading\nfor m in {names!r}: __import__(m)\n"
            "import panel as pn\nprint(threading.active_count(), len(pn.state._servers))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "0"], out.stdout + out.stderr
