"""The toolbar and the step bar: widgets bound to the Session's parameters.

Thin views: each widget is linked to a Session parameter or calls one method;
what happens next is decided by the state and the page's effects.
"""

import panel as pn
from panel.viewable import Viewer

from sandbox.app.page.state import Session
from sandbox.app.styles import hint

STEP_SPEEDS = {"slow": 1000, "medium": 450, "fast": 150}  # milliseconds per step when playing
STEP_HINTS = {"all": ("one step forward", "one step back"),  # tooltips of next › and ‹ back per step mode
              "forward": ("one step forward: the next value computed", "one step back"),
              "backward": ("the next gradient: one step towards the inputs", "one step back towards the output")}
MODE_LABELS = {"Show all": "all", "Forward pass": "forward", "Backward pass": "backward"}


class StepBar(Viewer):
    """Forward/backward stepping: mode, first/back/play/next/last, speed, and where we are."""

    def __init__(self, session: Session, **params):
        super().__init__(**params)
        self.session = session
        self.mode = pn.widgets.RadioButtonGroup(options=MODE_LABELS, value="all", button_type="light",
                                                button_style="outline", name="step mode", margin=(5, 8))
        self.mode.link(session, value="step_mode", bidirectional=True)
        b = dict(button_type="light", width=64, margin=(5, 2))
        self.first = pn.widgets.Button(name="« start", **b)
        self.back = pn.widgets.Button(name="‹ back", **b)
        self.play = pn.widgets.Button(name="▶ play", **b)
        self.next = pn.widgets.Button(name="next ›", **b)
        self.last = pn.widgets.Button(name="end »", **b)
        for button, text in [(self.first, "back to the start"), (self.back, "one step back"),
                             (self.play, "play / pause"), (self.next, "one step forward"), (self.last, "to the end")]:
            hint(button, text, "top")  # above: below them are the training panel's buttons
        self.speed = pn.widgets.Select(options=list(STEP_SPEEDS), value="medium", width=90, margin=(5, 8))
        self.where = pn.pane.HTML("", margin=(10, 8), styles={"color": "#495057", "font-size": "13px"})
        self.first.on_click(lambda e: session.step_by(-session.steps))
        self.back.on_click(lambda e: session.step_by(-1))
        self.next.on_click(lambda e: session.step_by(1))
        self.last.on_click(lambda e: session.step_by(session.steps))
        self.play.on_click(self._toggle)
        session.param.watch(self._show_where, ["step", "step_mode", "scene", "playing"])
        self._show_where()

    def _toggle(self, event):
        s = self.session
        if s.step_mode == "all":
            s.step_mode = "backward"
        if s.step >= s.steps:
            s.step = 0
        s.playing = not s.playing

    def _show_where(self, *events):
        s = self.session
        self.play.name = "❚❚ pause" if s.playing else "▶ play"
        # the backward pass steps from the output back to the inputs: "forward" would say the opposite
        forth, back = STEP_HINTS.get(s.step_mode, STEP_HINTS["all"])
        hint(self.next, forth, "top")
        hint(self.back, back, "top")
        if s.step_mode == "all":
            self.where.object = ""
            return
        self.where.object = f"step {s.step} / {s.steps}"

    def __panel__(self):
        return pn.Row(self.mode, self.first, self.back, self.play, self.next, self.last, self.speed, self.where,
                      sizing_mode="stretch_width", styles={"border-top": "1px solid #dee2e6", "flex-wrap": "wrap"})
