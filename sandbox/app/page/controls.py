"""The toolbar and the step bar: widgets bound to the Session's parameters.

Thin views: each widget is linked to a Session parameter or calls one method;
what happens next is decided by the state and the page's effects. The step
bar also plays the steps (a periodic callback while `session.playing`).
"""

import panel as pn
from panel.viewable import Viewer

from sandbox.app.page.state import LAYOUTS, Session
from sandbox.app.styles import FOCUS_CSS, MENU_CSS, hint, html

STATUS_MIN_WIDTH = 120  # pixels for the status line at least (it takes what the toolbar leaves)
COLOURS = {"colour: grad": "grad", "colour: data": "data", "colour: none": "none"}  # menu text -> Session.colour
SIZES = {"size: equal": "none", "size: |grad|": "|grad|", "size: |data|": "|data|"}  # menu text -> Session.size

STEP_SPEEDS = {"slow": 1000, "medium": 450, "fast": 150}  # milliseconds per step when playing
STEP_HINTS = {"all": ("one step forward", "one step back"),  # tooltips of next › and ‹ back per step mode
              "forward": ("one step forward: the next value computed", "one step back"),
              "backward": ("the next gradient: one step towards the inputs", "one step back towards the output")}
MODE_LABELS = {"Show all": "all", "Forward pass": "forward", "Backward pass": "backward"}


class Toolbar(Viewer):
    """Run, presets, how the graph is laid out and coloured, share, and the status line.

    The buttons are wired by the page (`run_button`, `preset_menu`, `relayout_button`, `share_button`);
    the layout, colour and size choices are linked to the session.
    """

    def __init__(self, session: Session, presets, **params):
        super().__init__(**params)
        self.run_button = pn.widgets.Button(label="▶ Run", color="primary", width=80)
        items = [(f"{p['title']}", name) for name, p in presets.items()]
        self.preset_menu = pn.widgets.MenuButton(label="Presets", items=items, color="light", width=110,
                                                 stylesheets=[MENU_CSS])
        self.layout_choice = pn.widgets.RadioButtonGroup(options=list(LAYOUTS), value=session.layout, color="light",
                                                         variant="outline")
        self.relayout_button = pn.widgets.Button(label="Re-layout", color="light", width=90)
        self.colour_choice = pn.widgets.Select(options=COLOURS, value=session.colour, width=120)
        self.size_choice = pn.widgets.Select(options=SIZES, value=session.size, width=120)
        self.share_button = pn.widgets.Button(label="Share", color="success", width=80)
        for button, text in [(self.run_button, "run now (Ctrl+Enter in the editor)"),
                             (self.relayout_button, "lay the graph out again from scratch"),
                             (self.share_button, "put the code in the link and copy it")]:
            hint(button, text, "bottom")  # the toolbar's buttons sit in a row: a hint to the right hides the next
        self.spinner = pn.indicators.LoadingSpinner(value=False, visible=False, size=22, margin=(12, 4, 0, 8))
        # sized by the toolbar, not its text: a status line whose width follows its text makes the browser
        # re-lay out (and redraw) the page; it takes the toolbar's remaining width so the page is never wider
        # than the window (a fixed 380 px overflowed a 1400 px window)
        self.status = html("", css_classes=["status"], margin=(12, 4), sizing_mode="stretch_width",
                           min_width=STATUS_MIN_WIDTH, height=24)
        self.layout_choice.link(session, value="layout", bidirectional=True)
        self.colour_choice.link(session, value="colour", bidirectional=True)
        self.size_choice.link(session, value="size", bidirectional=True)

    def show_status(self, text, running):
        self.spinner.value = running
        self.status.object = text

    def embedded(self):
        """The toolbar of an embedded page (an iframe in a course page): run and status only."""
        return pn.Row(self.run_button, self.spinner, self.status)

    def __panel__(self):
        return pn.Row(
            html("<b class='brand'>micrograd sandbox</b>", margin=(10, 10)),
            self.run_button, self.preset_menu, pn.Spacer(width=12), self.layout_choice, self.relayout_button,
            self.colour_choice, self.size_choice, self.share_button, self.spinner, self.status,
            sizing_mode="stretch_width", css_classes=["toolbar"])


class StepBar(Viewer):
    """Forward/backward stepping: mode, first/back/play/next/last, speed, and where we are."""

    def __init__(self, session: Session, **params):
        super().__init__(**params)
        self.session = session
        self.mode = pn.widgets.RadioButtonGroup(options=MODE_LABELS, value="all", color="light", variant="outline",
                                                label="step mode", margin=(5, 8), stylesheets=[FOCUS_CSS])
        self.mode.link(session, value="step_mode", bidirectional=True)
        b = dict(color="light", width=64, margin=(5, 2), stylesheets=[FOCUS_CSS])
        self.first = pn.widgets.Button(label="« start", **b)
        self.back = pn.widgets.Button(label="‹ back", **b)
        self.play = pn.widgets.Button(label="▶ play", **b)
        self.next = pn.widgets.Button(label="next ›", **b)
        self.last = pn.widgets.Button(label="end »", **b)
        for button, text in [(self.first, "back to the start"), (self.back, "one step back"),
                             (self.play, "play / pause"), (self.next, "one step forward"), (self.last, "to the end")]:
            hint(button, text, "top")  # above: below them are the training panel's buttons
        self.speed = pn.widgets.Select(options=list(STEP_SPEEDS), value="medium", width=90, margin=(5, 8),
                                       stylesheets=[FOCUS_CSS])
        self.where = pn.pane.HTML("", margin=(10, 8), styles={"color": "#495057", "font-size": "13px"})
        self.first.on_click(lambda e: session.step_by(-session.steps))
        self.back.on_click(lambda e: session.step_by(-1))
        self.next.on_click(lambda e: session.step_by(1))
        self.last.on_click(lambda e: session.step_by(session.steps))
        self.play.on_click(self._toggle)
        session.param.watch(self._show_where, ["step", "step_mode", "scene", "playing"])
        session.param.watch(self._play, ["playing"])
        self.speed.param.watch(self._play, "value")
        self._player = None
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
        self.play.label = "❚❚ pause" if s.playing else "▶ play"
        # the backward pass steps from the output back to the inputs: "forward" would say the opposite
        forth, back = STEP_HINTS.get(s.step_mode, STEP_HINTS["all"])
        hint(self.next, forth, "top")
        hint(self.back, back, "top")
        if s.step_mode == "all":
            self.where.object = ""
            return
        self.where.object = f"step {s.step} / {s.steps}"

    def _play(self, *events):
        self.stop()
        if self.session.playing:
            period = STEP_SPEEDS[self.speed.value]
            self._player = pn.state.add_periodic_callback(lambda: self.session.step_by(1), period=period)

    def stop(self):
        """Stop playing (at session end: periodic callbacks outlive their page)."""
        if self._player is not None:
            self._player.stop()
            self._player = None

    def __panel__(self):
        return pn.Row(self.mode, self.first, self.back, self.play, self.next, self.last, self.speed, self.where,
                      sizing_mode="stretch_width", styles={"border-top": "1px solid #dee2e6", "flex-wrap": "wrap"})
