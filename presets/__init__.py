"""Example scripts for the sandbox: plain .py files, each opening with a docstring.

The docstring's first line is the title, the second a one-line description, and
the rest says what to look at. Files are ordered by their number prefix.

>>> presets = list_presets()
>>> presets[0]["name"], bool(presets[0]["code"])
('basics', True)

A preset that is a lesson ends its docstring with a section that opens with
``Lesson:``: the goal as the page says it, then one check a line (the app's
teaching/lessons.py reads them; nothing here or there executes them). The section
is cut out of the code the editor opens, so what the learner edits is never the
goal; it comes back as data:

>>> neuron = get_preset("neuron")
>>> neuron["lesson"]["goal"]
'get o above 0.9 by editing one number'
>>> neuron["lesson"]["checks"]
['o.data > 0.9', 'numbers changed <= 1']
>>> "Lesson:" in neuron["code"], get_preset("blank")["lesson"]
(False, None)
"""

import ast
from importlib import resources

DEFAULT_PRESET = "expression"  # what a new visitor and a broken share link open
LESSON_MARK = "Lesson:"  # opens the lesson section at the end of a preset's docstring
CLOSING_QUOTES = ('"""', "'''")  # a lesson section ends with the docstring, whose quotes stand on their own line


def list_presets():
    """[{name, title, description, code, lesson}] for every preset, in menu order (lesson: None or {goal, checks})."""
    found = []
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        name = entry.name[:-3].split("_", 1)[-1]  # "02_expression.py" -> "expression"
        code, lesson = split_lesson(entry.read_text(encoding="utf-8"), entry.name)
        doc = (ast.get_docstring(ast.parse(code)) or "").splitlines() + ["", ""]
        found.append({"name": name, "title": doc[0].strip(), "description": doc[1].strip(), "code": code,
                      "lesson": lesson})
    return found


def get_preset(name):
    """The preset called name (KeyError naming the choices when there is none)."""
    for preset in list_presets():
        if preset["name"] == name:
            return preset
    raise KeyError(f"no preset {name!r}; there are: {', '.join(p['name'] for p in list_presets())}")


def split_lesson(code, where="<preset>"):
    '''(the code without its lesson section, {goal, checks} or None): the section read as text, never run.

    >>> code = '"""Title\\nWhat it is.\\n\\nLesson: make x big\\n    x.data > 9\\n"""\\nx = Value(1.0)\\n'
    >>> split_lesson(code)
    ('"""Title\\nWhat it is.\\n"""\\nx = Value(1.0)\\n', {'goal': 'make x big', 'checks': ['x.data > 9']})
    '''
    body = ast.parse(code).body
    if not body or ast.get_docstring(ast.Module(body=body[:1], type_ignores=[])) is None:
        return code, None
    lines = code.splitlines(keepends=True)
    first, last = body[0].lineno - 1, body[0].end_lineno - 1  # rows of the docstring's opening and closing lines
    mark = next((i for i in range(first + 1, last + 1) if lines[i].lstrip().startswith(LESSON_MARK)), None)
    if mark is None:
        return code, None
    if lines[last].strip() not in CLOSING_QUOTES:
        raise ValueError(f"{where}: a lesson section must end with the docstring's quotes on a line of their own")
    goal = lines[mark].lstrip()[len(LESSON_MARK):].strip()
    checks = [line.strip() for line in lines[mark + 1:last] if line.strip()]
    if not goal or not checks:
        raise ValueError(f"{where}: a lesson needs its goal after {LESSON_MARK!r} and one check a line under it")
    cut = mark
    while cut > first + 1 and not lines[cut - 1].strip():
        cut -= 1  # the blank line before the section goes with it
    return "".join(lines[:cut] + lines[last:]), {"goal": goal, "checks": checks}
