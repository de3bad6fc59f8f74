"""The narration under the step bar: what the current step computes, with the few steps before it.

A thin view over the session (step mode, step, scene), writing narration.py's
sentences: the current step last and highlighted, the HISTORY_STEPS before it
above in grey, so playing the pass reads like a worked example. It shows only
while stepping (a step mode other than "Show all").
"""

from html import escape

from panel.viewable import Viewer

from sandbox.app.styles import html
from sandbox.app.teaching.narration import Narrator

HISTORY_STEPS = 3  # earlier steps shown above the current one
KEYS_HINT = "keys: ← → step · Home End · ↑ ↓ values · Esc"  # page/keys.py's keys, said where they are used
START = {"forward": "The forward pass computes each value from its inputs, inputs first. Press next › (or →).",
         "backward": "The backward pass starts at the output (its grad is 1) and applies the chain rule back "
                     "to the inputs. Press next › (or →)."}


class NarrationView(Viewer):
    """Follows `session.step`, `session.step_mode` and `session.scene`."""

    def __init__(self, session, **params):
        super().__init__(**params)
        self.session = session
        self.pane = html("", css_classes=["narration-pane"], sizing_mode="stretch_width", visible=False,
                         margin=(0, 4), name="narration")
        self._narrator = None
        session.param.watch(self._show, ["step", "step_mode", "scene"])

    def narrator(self):
        """One Narrator per graph: a step asks it for a few sentences, not for a pass over the graph."""
        scene = self.session.scene
        if scene is None:
            return None
        if self._narrator is None or self._narrator.graph is not scene.graph:
            self._narrator = Narrator(scene.graph)
        return self._narrator

    def _show(self, *events):
        s = self.session
        self.pane.visible = s.step_mode != "all" and s.scene is not None
        if self.pane.visible:  # a graph is read for sentences only while someone steps through it
            self.pane.object = narration_html(self.narrator(), s.step_mode, min(s.step, s.steps))

    def __panel__(self):
        return self.pane


def narration_html(narrator, mode, k):
    """The current step last, after up to HISTORY_STEPS before it, in reading order.

    NOTE: the box is a column-reverse flex with a single child: it opens scrolled to its end, so the current
    step shows even when the steps before it do not fit; the text inside stays in reading order.
    """
    keys = f"<div class='keys'>{KEYS_HINT}</div>"
    if k <= 0:
        return f"{keys}<div class='narration'><div><p class='now'>{escape(START[mode])}</p></div></div>"
    blocks = []
    for j in range(max(1, k - HISTORY_STEPS), k + 1):
        step = narrator.step(mode, j)
        lines = "<br>".join(escape(line) for line in step.lines)
        kind = "now" if j == k else "past"
        blocks.append(f"<p class='{kind}'><span class='k'>{j}.</span><span class='say'>{lines}</span></p>")
    return keys + "<div class='narration'><div>" + "".join(blocks) + "</div></div>"
