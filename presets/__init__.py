"""Example scripts for the sandbox: plain .py files, each opening with a docstring.

The docstring's first line is the title, the second a one-line description, and
the rest says what to look at. Files are ordered by their number prefix.

>>> presets = list_presets()
>>> presets[0]["name"], bool(presets[0]["code"])
('basics', True)
"""

import ast
from importlib import resources

DEFAULT_PRESET = "expression"  # what a new visitor and a broken share link open


def list_presets():
    """[{name, title, description, code}] for every preset, in menu order."""
    found = []
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        code = entry.read_text(encoding="utf-8")
        doc = (ast.get_docstring(ast.parse(code)) or "").splitlines() + ["", ""]
        name = entry.name[:-3].split("_", 1)[-1]  # "02_expression.py" -> "expression"
        found.append({"name": name, "title": doc[0].strip(), "description": doc[1].strip(), "code": code})
    return found


def get_preset(name):
    """The preset called name (KeyError naming the choices when there is none)."""
    for preset in list_presets():
        if preset["name"] == name:
            return preset
    raise KeyError(f"no preset {name!r}; there are: {', '.join(p['name'] for p in list_presets())}")
