"""The code editor, and the line above it that names the code (from its docstring, as presets open)."""

from html import escape

import panel as pn
from panel.viewable import Viewer

from sandbox.app.styles import html

EDITOR_THEME = "chrome"
EDITOR_MIN_HEIGHT = 300  # pixels
ABOUT_HEIGHT = 36  # pixels for the code's title above the editor: two lines of 13 px text


class Editor(pn.widgets.CodeEditor):
    """The code editor, its edits handled at once: Panel otherwise waits 50 ms to merge events.

    NOTE: not `_priority_changes`, which handles events off the document lock, where
    edits to the figure's Bokeh models fail.
    """

    _debounce = 0


def code_editor(code):
    """The editor, Python in Ace; `value` follows on Ctrl+Enter or blur, `value_input` on every key."""
    return Editor(value=code, language="python", theme=EDITOR_THEME, on_keyup=False, sizing_mode="stretch_both",
                  min_height=EDITOR_MIN_HEIGHT, label="code")


class About(Viewer):
    """The code's title and one-line description, from its docstring."""

    def __init__(self, **params):
        super().__init__(**params)
        # a fixed height (two lines, the rest cut with an ellipsis): the editor stays put as a docstring comes and goes
        self.pane = html("", css_classes=["about"], margin=(0, 10), sizing_mode="stretch_width", height=ABOUT_HEIGHT)

    def show(self, code):
        head = docstring_head(code or "")
        text = ""
        if head is not None:
            title = escape(" — ".join(h for h in head if h))
            text = f"<b>{escape(head[0])}</b>" + (f" — {escape(head[1])}" if head[1] else "")
            text = f"<div class='about-text' title='{title}'>{text}</div>"
        if text != self.pane.object:
            self.pane.object = text

    def __panel__(self):
        return self.pane


def docstring_head(code):
    r'''(title, one-line description) from a script's opening docstring, as presets write them; None if none.

    >>> docstring_head('"""Neuron: tanh\nThe lecture\'s neuron.\n\nMore.\n"""\nx = 1')
    ('Neuron: tanh', "The lecture's neuron.")
    >>> docstring_head('"""Just a title"""\nx = 1'), docstring_head("x = 1")
    (('Just a title', ''), None)
    '''
    text = code.lstrip()
    quote = text[:3]
    if quote not in ('"""', "'''"):
        return None
    body = text[3:]
    end = body.find(quote)
    lines = (body[:end] if end >= 0 else body).splitlines() + ["", ""]
    return lines[0].strip(), lines[1].strip()
