"""The console under the graph: what the script printed, and the graph's exports (DOT, JSON, SVG)."""

import io
from functools import partial
from html import escape

import panel as pn
from panel.viewable import Viewer

from sandbox.app.graph import export
from sandbox.app.styles import html
from sandbox.runner.command import BIDI

SHOWN_BIDI = {c: f"\\u{c:04x}" for c in BIDI}  # written out: printed text must not reorder what follows it
EXPORTS = {"dot": export.to_dot, "json": export.to_json, "svg": export.to_svg}  # file suffix -> writer of a scene


def console_html(stdout):
    r"""The script's printed output, escaped, bidi overrides written out (printed text cannot reorder
    what the console shows: it is always the script's own text, in its own order).

    >>> console_html("ok\u202e!")
    "<pre class='console'>ok\\u202e!</pre>"
    """
    if not stdout:
        return "<pre class='console muted'>(nothing printed)</pre>"
    return f"<pre class='console'>{escape(stdout.translate(SHOWN_BIDI))}</pre>"


class Console(Viewer):
    """Follows the session's stdout; the download buttons export the session's scene."""

    def __init__(self, session, **params):
        super().__init__(**params)
        self.session = session
        self.pane = html(console_html(""), sizing_mode="stretch_width", name="console")
        downloads = dict(color="light", width=52, margin=(5, 2), embed=False)  # three fit beside the panel
        self.downloads = [pn.widgets.FileDownload(callback=partial(self._export, kind), filename=f"graph.{kind}",
                                                  label=kind.upper(), **downloads) for kind in EXPORTS]
        session.param.watch(lambda e: setattr(self.pane, "object", console_html(e.new)), "stdout")

    def _export(self, kind):
        scene = self.session.scene
        return io.StringIO("" if scene is None else EXPORTS[kind](scene))

    def __panel__(self):
        return pn.Column(html("<h3>Console</h3>", margin=(0, 10)), self.pane,
                         # wraps: beside the training panel the console column is narrower than the buttons
                         pn.FlexBox(html("Export:", margin=(12, 4)), *self.downloads, flex_wrap="wrap",
                                    sizing_mode="stretch_width"),
                         sizing_mode="stretch_width")
