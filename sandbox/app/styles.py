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
"""

# The Presets menu (a Bokeh Menu in the MenuButton's shadow root): as wide as its longest item, one
# line each, and scrolling inside itself when taller than the window.
MENU_CSS = """
.bk-Menu { width: max-content !important; min-width: 100%; max-width: calc(100vw - 24px);
           max-height: calc(100vh - 60px); overflow-y: auto; }
"""


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
