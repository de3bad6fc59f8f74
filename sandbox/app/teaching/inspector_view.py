"""The inspector under the graph: the selected value's numbers and the chain rule at it (inspector.py's HTML).

A thin view over the session: it follows the selected id and the scene. The
heading is written in the browser the moment a value is clicked (HEADING_JS,
given to the graph view by the page), this view's HTML replaces it.
"""

import panel as pn
from panel.viewable import Viewer

from sandbox.app.styles import html
from sandbox.app.teaching.inspector import HINT, inspector_html


class InspectorView(Viewer):
    """Follows `session.selected` and `session.scene`."""

    def __init__(self, session, **params):
        super().__init__(**params)
        self.session = session
        # css class and name: HEADING_JS finds this pane by its class
        self.pane = html(HINT, css_classes=["inspector"], sizing_mode="stretch_width", name="inspector")
        session.param.watch(self._show, ["selected", "scene"])

    def _show(self, *events):
        s = self.session
        self.pane.object = inspector_html(s.scene.graph if s.scene else None, s.selected)

    def __panel__(self):
        return pn.Column(html("<h3>Inspector</h3>", margin=(0, 10)), self.pane, sizing_mode="stretch_both",
                         scroll=True)
