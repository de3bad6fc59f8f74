"""The two banners over the top of the graph: the run's error, and a one-off notice (a share, a find, a link).

HTML panes, not Alerts: an Alert renders Markdown, and error messages are full of * and _.
They float over the graph (below its toolbar, left of its colour bar) so that
showing one never moves the editor or the graph while the user types.
"""

from html import escape

import panel as pn
from panel.viewable import Viewer

from sandbox.app.styles import html

FLOAT = {"position": "absolute", "top": "34px", "left": "10px", "right": "70px", "width": "auto", "z-index": "10"}


class Banners(Viewer):
    """`error(message)` and `notify(text)`; an empty text hides its banner."""

    def __init__(self, **params):
        super().__init__(**params)
        self.banner = html("", visible=False, margin=(4, 10, 0, 10), sizing_mode="stretch_width")
        self.notice = html("", visible=False, margin=(4, 10, 0, 10), sizing_mode="stretch_width")

    def error(self, message):
        self.banner.object = f"<div class='banner error'>{escape(message or '')}</div>"
        self.banner.visible = bool(message)

    def notify(self, text):
        self.notice.object = f"<div class='banner info'>{escape(text or '')}</div>"
        self.notice.visible = bool(text)

    def __panel__(self):
        return pn.Column(self.banner, self.notice, sizing_mode="stretch_width", margin=0, css_classes=["banners"],
                         styles=FLOAT)
