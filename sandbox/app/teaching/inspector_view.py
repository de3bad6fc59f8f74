"""The inspector under the graph: the selected value's numbers and the chain rule at it (inspector.py's HTML).

A thin view over the session: it follows the selected id and the scene. The
page writes its own first answer the moment a value is clicked (click_answer.py,
given to the graph view by the page); this view's HTML replaces it. With a
Prediction, its header holds the predict toggle and score, and grads still to
be guessed show as "?" (predict_view.py).
"""

import panel as pn
from panel.viewable import Viewer

from sandbox.app.styles import html
from sandbox.app.teaching.inspector import HINT, inspector_html
from sandbox.app.teaching.predict_view import PredictView


class InspectorView(Viewer):
    """Follows `session.selected`, `session.scene` and, if given, the prediction."""

    def __init__(self, session, prediction=None, **params):
        super().__init__(**params)
        self.session, self.prediction = session, prediction
        # css class and name: the page's click answer (CLICK_JS) finds this pane by its class
        self.pane = html(HINT, css_classes=["inspector"], sizing_mode="stretch_width", name="inspector")
        self.predict = PredictView(session, prediction) if prediction is not None else None
        session.param.watch(self._show, ["selected", "scene"])
        if prediction is not None:
            prediction.param.watch(self._show, ["on", "revealed"])

    def _show(self, *events):
        s, p = self.session, self.prediction
        hides = p.hides if p is not None and p.on else None
        self.pane.object = inspector_html(s.scene.graph if s.scene else None, s.selected, hides)

    def __panel__(self):
        title = html("<h3>Inspector</h3>", margin=(0, 10))
        if self.predict is None:
            return pn.Column(title, self.pane, sizing_mode="stretch_both", scroll=True)
        header = pn.Row(title, self.predict.toggle, self.predict.score, sizing_mode="stretch_width")
        return pn.Column(header, self.predict.row, self.pane, sizing_mode="stretch_both", scroll=True)
