"""The training panel: Start / Stop / Step, where the run is, the script's controls, and the three views.

A thin view over the Training state (training.py): buttons call the actions it
is given, the text and the controls follow the state's parameters. The curves,
the decision boundary and the network view are drawn by the page's effects.
"""

import json
from html import escape

import panel as pn
from panel.viewable import Viewer

from sandbox.app.styles import hint, html
from sandbox.app.training.boundary_view import BoundaryView
from sandbox.app.training.curves import Curves
from sandbox.app.training.network_view import NetworkView

CONTROL_WIDTH = 170  # pixels for one param(...) control, in the row of the buttons
VIEW_WIDTHS = {"boundary": 200, "network": 240}  # pixels; the curves take the rest
HEADER_HEIGHT = 54  # pixels for the row of buttons and controls (a slider with its title)
SLIDER_STEPS = 200  # a bounded control's slider moves in this many steps


PAUSE, RESUME, START = "❚❚ Pause", "▶ Resume", "▶ Start"  # the Start button's labels
RUNNING_AT, PAUSED_AT, ONE_MORE = "<span class='ok'>training</span> · step", "<b>paused</b> at step", (
    " · <b>Step</b> runs one more")  # how the status line says so (PAUSE_JS rewrites one into the other)
# Pause and Resume answered in the page the moment they are clicked: the button's label and the status
# line's words (args: start, status). The server, perhaps busy sending the run's updates, says the same a
# moment later. Panel escapes an HTML pane's text once more on the wire (its page script decodes it).
PAUSE_JS = "const w = " + json.dumps({"pause": PAUSE, "resume": RESUME, "running": RUNNING_AT, "paused": PAUSED_AT,
                                      "more": ONE_MORE}) + """
const unesc = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
  .replace(/&#x27;/g, "'").replace(/&amp;/g, "&")
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
  .replace(/'/g, "&#x27;")
const line = unesc(status.text)
let label, text
if (start.label === w.pause && line.includes(w.running)) {
  label = w.resume
  text = line.replace(w.running, w.paused).replace("</div>", w.more + "</div>")
} else if (start.label === w.resume && line.includes(w.paused)) {
  label = w.pause
  text = line.replace(w.paused, w.running).replace(w.more, "")
} else {
  return  // Start: the server answers
}
start.label = label
status.text = esc(text)
"""


def status_text(t):
    """One line for the panel: what the run is doing, its step and speed."""
    of = f" / {t.total}" if t.total is not None else ""
    rate = f" · {t.rate:.1f} steps/s" if t.rate else ""
    if t.phase == "preview":
        return (f"<b>preview</b> · typing runs {t.step} of {t.total} steps · "
                "<b>Start</b> trains them all")
    if t.phase == "running":
        return f"{RUNNING_AT} <b>{t.step}</b>{of}{rate}"
    if t.phase == "paused":
        return f"{PAUSED_AT} <b>{t.step}</b>{of}{rate}{ONE_MORE}"
    if t.phase == "done":
        return f"trained · step <b>{t.step}</b>{of}{rate}"
    if t.phase == "stopped":
        return f"<b>stopped</b> at step <b>{t.step}</b>{of}{rate}"
    if t.phase == "failed":
        return f"<span class='bad'>stopped</span> at step <b>{t.step}</b>{of}: {escape(t.message)}"
    return ""


class TrainingPanel(Viewer):
    """Buttons, status and controls over the Training state; curves, boundary and network below them."""

    def __init__(self, training, on_start, on_stop, on_step, on_value, **params):
        super().__init__(**params)
        self.training = training
        self.on_value = on_value
        b = dict(width=78, margin=(12, 3, 4, 3))
        self.start = pn.widgets.Button(label=START, color="primary", **b)
        self.stop = pn.widgets.Button(label="■ Stop", color="light", disabled=True, **b)
        self.step = pn.widgets.Button(label="Step ›", color="light", **b)
        hint(self.stop, "end the run now", "bottom")  # below: over the curves, not the step bar's buttons
        hint(self.step, "run one step, then pause", "bottom")
        self.start.on_click(lambda e: on_start())
        self.stop.on_click(lambda e: on_stop())
        self.step.on_click(lambda e: on_step())
        self.status = html("", css_classes=["status", "training-status"], margin=(14, 8), height=22,
                           sizing_mode="stretch_width", min_width=120, name="training status")
        self.controls = pn.Row(margin=0, height=HEADER_HEIGHT, styles={"flex-wrap": "nowrap", "overflow-x": "auto"})
        self._widgets = {}
        self._shape = None
        self._syncing = False
        self.start.js_on_click(args={"start": self.start, "status": self.status}, code=PAUSE_JS)
        self.curves, self.boundary, self.network = Curves(), BoundaryView(), NetworkView()
        self._boxes = {kind: pn.Column(getattr(self, kind), width=width, sizing_mode="stretch_height", margin=0)
                       for kind, width in VIEW_WIDTHS.items()}
        training.param.watch(self._show_state, ["phase", "step", "total", "rate", "message"])
        training.param.watch(self._show_controls, ["controls"])
        self._show_state()

    def _show_state(self, *events):
        t = self.training
        self.status.object = f"<div class='training-line' title='{escape(t.message)}'>{status_text(t)}</div>"
        running = t.phase == "running"
        self.start.label = PAUSE if running else RESUME if t.phase == "paused" else START
        hint(self.start, "pause after this step" if running else "go on training" if t.phase == "paused"
             else "train all the steps", "bottom")
        self.stop.disabled = not t.live
        self.stop.color = "danger" if t.live else "light"

    def _show_controls(self, *events):
        controls = self.training.controls
        shape = [(c["name"], c["low"], c["high"], isinstance(c["default"], int)) for c in controls]
        if shape != self._shape:
            self._shape = shape
            self._widgets = {c["name"]: self._widget(c) for c in controls}
            self.controls.objects = list(self._widgets.values())
            return
        self._syncing = True  # the script's value, not the user's: no control event for it
        try:
            for c in controls:
                widget = self._widgets[c["name"]]
                if widget.value != c["value"]:
                    widget.value = c["value"]
        finally:
            self._syncing = False

    def _widget(self, c):
        whole = isinstance(c["default"], int)
        if c["low"] is not None and c["high"] is not None:
            kind = pn.widgets.IntSlider if whole else pn.widgets.FloatSlider
            step = max(1, (c["high"] - c["low"]) // SLIDER_STEPS) if whole else (c["high"] - c["low"]) / SLIDER_STEPS
            widget = kind(label=c["name"], start=c["low"], end=c["high"], value=c["value"], step=step,
                          width=CONTROL_WIDTH, margin=(2, 10), format="0[.]000")
        else:
            kind = pn.widgets.IntInput if whole else pn.widgets.FloatInput
            widget = kind(label=c["name"], value=c["value"], start=c["low"], end=c["high"], width=CONTROL_WIDTH,
                          margin=(2, 10))
        widget.param.watch(lambda e, name=c["name"]: self._changed(name, e), "value_throttled"
                           if "value_throttled" in widget.param else "value")
        return widget

    def show_view(self, kind, visible):
        """Show or hide the "network" or "boundary" view (a script may show either, both or neither)."""
        if self._boxes[kind].visible != visible:
            self._boxes[kind].visible = visible

    def _changed(self, name, event):
        if event.new is not None and not self._syncing:
            self.on_value(name, event.new)

    def __panel__(self):
        header = pn.Row(self.start, self.stop, self.step, self.status, self.controls, sizing_mode="stretch_width",
                        height=HEADER_HEIGHT, margin=0)
        views = pn.Row(self.curves, self._boxes["boundary"], self._boxes["network"], sizing_mode="stretch_both",
                       margin=0)
        return pn.Column(header, views, sizing_mode="stretch_both", margin=0, name="training")
