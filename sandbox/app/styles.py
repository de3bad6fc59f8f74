"""The page's stylesheet: quiet colours so the graph is what stands out; HTML panes that use it; hover hints.

Shared by every room's views (a leaf: it imports no module of the app).
"""

import panel as pn
from bokeh.models import Tooltip

CSS = """
.toolbar { border-bottom: 1px solid #dee2e6; background: #f8f9fa; }
.brand { font-size: 17px; color: #212529; letter-spacing: .2px; }
.status { color: #495057; font-size: 13px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
:host(.status) { white-space: nowrap; overflow: hidden; }  /* the pane's own element: one line, cut at its width */
.training-line { overflow: hidden; text-overflow: ellipsis; }
.about { color: #495057; font-size: 13px; }
.about-text { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden;
              line-height: 17px; }
.bad { color: #c92a2a; font-weight: 600; }
.ok { color: #2b8a3e; font-weight: 600; }
.muted { color: #868e96; font-weight: normal; font-size: 12px; }
.hint { color: #868e96; }
h3 { font-size: 14px; margin: 6px 0 2px; color: #343a40; }
h4 { margin: 4px 0; font-weight: normal; }
p { margin: 6px 0; }
table.chain { border-collapse: collapse; font-size: 13px; }
table.chain th, table.chain td { border-bottom: 1px solid #e9ecef; padding: 3px 10px; text-align: left; }
table.chain td.term { font-weight: 600; font-family: monospace; }
table.chain tr.sum td { border-top: 2px solid #adb5bd; }
pre.console { font-size: 12px; background: #f8f9fa; border: 1px solid #e9ecef; padding: 6px 8px;
              max-height: 140px; overflow: auto; margin: 4px 10px; white-space: pre-wrap; }
.banner { padding: 8px 12px; border-radius: 4px; font-size: 14px; }
.banner.error { background: #fdecea; color: #a61e1e; border: 1px solid #f5c2c0; }
.banner.info { background: #e7f1fb; color: #1b4f80; border: 1px solid #b9d6f2; }
.narration { display: flex; flex-direction: column-reverse; max-height: 92px; overflow-y: auto;
             font-size: 13px; line-height: 18px; padding: 2px 10px 4px; border-top: 1px solid #e9ecef; }
.narration p { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.narration .now { color: #212529; }
.narration .say { display: inline-block; vertical-align: top; }
.narration .now .say { background: #fff4e6; box-shadow: inset 3px 0 0 #e8590c; padding-left: 6px; }
.narration .past { color: #868e96; }
.narration .k { color: #adb5bd; font-family: system-ui, sans-serif; font-size: 11px; margin-right: 6px; }
.keys { float: right; color: #adb5bd; font-size: 11px; margin: 2px 10px 0 0; }
.score { color: #495057; font-size: 13px; white-space: nowrap; }
"""

# Focus that a keyboard user can see (widgets are shadow roots: each gets this as a stylesheet)
FOCUS_CSS = """
.bk-btn:focus-visible, .bk-input:focus-visible, select:focus-visible, input:focus-visible {
  outline: 3px solid #1c7ed6 !important; outline-offset: 1px; z-index: 1; }
"""

# The Presets menu (a Bokeh Menu in the MenuButton's shadow root): as wide as its longest item, one
# line each, and scrolling inside itself when taller than the window.
MENU_CSS = """
.bk-Menu { width: max-content !important; min-width: 100%; max-width: calc(100vw - 24px);
           max-height: calc(100vh - 60px); overflow-y: auto; }
"""


# Narrow screens (a phone is 390 px wide): the editor above the graph, the row below them stacked too, the
# toolbar wrapping, and nothing wider than the screen. Panel lays pages out with flex boxes in shadow roots,
# so each of these rules sits in the stylesheet of the box whose children it places (arrangement.py);
# !important wins over the sizes Panel writes for those children.
NARROW_PX = 640  # at most this wide (phones; not a 700 px course-page iframe), the page stacks
_NARROW = "@media (max-width: " + str(NARROW_PX) + "px) {{ {} }}"
PAGE_NARROW_CSS = _NARROW.format("""
:host { min-width: 0 !important; height: auto !important; }
.toolbar { flex-wrap: wrap !important; min-width: 0 !important; height: auto !important; }
.main, .below { flex-direction: column !important; min-width: 0 !important; height: auto !important;
                flex: none !important; }
""")
STACK_NARROW_CSS = _NARROW.format("""
:host > * { flex: none !important; min-width: 0 !important; width: 100% !important; }
.editor-area { height: auto !important; min-height: 240px; }  /* lesson bar, title and editor: each its own height */
.graph-area { height: 78vh !important; min-height: 400px; }
""")  # the rows that stack: the editor above the graph; the training panel, inspector and console
FIT_NARROW_CSS = _NARROW.format("* { min-width: 0 !important; max-width: 100% !important; }")  # rows of buttons


def hint(button, text, side):
    """Give a button a hover hint that opens on `side` ("top" or "bottom") of it.

    Panel opens a description's tooltip to the right, over the next button in a row, so a pointer
    resting on ▶ Start hides ■ Stop. A new text goes into the button's tooltip as it is.

    NOTE: a new Tooltip model makes Bokeh walk every model of the page again (about 50 ms for a page
    training live, on each Pause and Resume); a changed text is one string sent.
    """
    tip = button.description
    if isinstance(tip, Tooltip) and tip.position == side:
        if tip.content != text:
            tip.content = text
    else:
        button.description = Tooltip(content=text, position=side)


class HTML(pn.pane.HTML):
    """An HTML pane whose update sends its new text and nothing else.

    NOTE: Panel's own update works out every property of the pane again, its theme's stylesheets
    included (about 0.5 ms each time), and a run updates several of these (status line, console,
    banners): on a server shared by a class that adds up. Only the text changes here.
    """

    def _update(self, ref, model):
        model.update(text=self._transform_object(self.object)["object"])


def html(text, **params):
    """An HTML pane with the page's stylesheet (panes are shadow roots: styles do not reach in)."""
    return HTML(text, stylesheets=[CSS], **params)
