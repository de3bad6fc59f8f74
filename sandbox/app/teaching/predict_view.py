"""Predict, then reveal, in the inspector: the toggle, the guess box, the verdict and the score.

A thin view over the Session (which value is selected, the scene) and a
Prediction (predict.py). Predicting and stepping the backward pass both decide
which grads show, so they take turns: turning one on turns the other off.
"""

from html import escape

import panel as pn
from panel.viewable import Viewer

from sandbox.app.graph.scene import number
from sandbox.app.styles import FOCUS_CSS, html

PROMPT_NOTHING = "Click a value (or press ↓) and type what you think its grad is."
NEXT = "Pick another value whose grad is still ?"


class PredictView(Viewer):
    """Follows `session.selected`, `session.scene` and the prediction; `toggle` goes in the inspector's header."""

    def __init__(self, session, prediction, **params):
        super().__init__(**params)
        self.session, self.prediction = session, prediction
        self.toggle = pn.widgets.Toggle(label="Predict the grads", value=False, width=150, margin=(2, 8),
                                        color="primary", variant="outline", stylesheets=[FOCUS_CSS])
        self.toggle.link(prediction, value="on", bidirectional=True)
        self.score = html("", css_classes=["score"], margin=(8, 6))
        self.guess = pn.widgets.TextInput(placeholder="your guess", width=120, margin=(2, 4), stylesheets=[FOCUS_CSS])
        self.check = pn.widgets.Button(label="Check", color="primary", width=70, margin=(2, 4),
                                       stylesheets=[FOCUS_CSS])
        self.show_me = pn.widgets.Button(label="Show me", color="light", width=80, margin=(2, 4),
                                         stylesheets=[FOCUS_CSS])
        self.prompt = html(PROMPT_NOTHING, margin=(8, 4, 8, 10))  # in line with the inspector's text
        self.verdict = html("", css_classes=["verdict"], margin=(8, 4, 8, 10))
        self.row = pn.Row(self.prompt, self.guess, self.check, self.show_me, self.verdict, visible=False,
                          styles={"flex-wrap": "wrap"}, sizing_mode="stretch_width")
        self.check.on_click(lambda e: self._check())
        self.guess.param.watch(lambda e: self._check(), "enter_pressed")
        self.show_me.on_click(lambda e: self._show_me())
        session.param.watch(self._follow_scene, "scene")
        session.param.watch(self._show, "selected")
        session.param.watch(self._take_turns, "step_mode")
        prediction.param.watch(self._show, ["on", "revealed", "verdict", "guesses"])
        prediction.param.watch(self._stop_stepping_back, "on")
        self._show()

    def _node(self):
        s = self.session
        return s.scene.by_id.get(s.selected) if s.scene is not None and s.selected else None

    def _check(self):
        node = self._node()
        if node is None or not self.prediction.on:
            return
        verdict = self.prediction.guess(node["id"], self.guess.value_input or self.guess.value, node["grad"])
        if verdict and verdict.get("right"):
            self.guess.value = self.guess.value_input = ""

    def _show_me(self):
        node = self._node()
        if node is not None:
            self.prediction.reveal(node["id"])

    def _follow_scene(self, event):
        if event.new is not None:
            self.prediction.follow(event.new.order)
        self._show()

    def _take_turns(self, event):
        if event.new == "backward":
            self.prediction.on = False  # stepping back reveals grads one by one: no guessing then

    def _stop_stepping_back(self, event):
        if event.new and self.session.step_mode == "backward":
            self.session.step_mode = "all"

    def _show(self, *events):
        p = self.prediction
        self.row.visible = p.on
        self.toggle.variant = "solid" if p.on else "outline"  # on is plain to see, not a shade of grey
        self.toggle.label = "Predicting: on" if p.on else "Predict the grads"
        self.score.object = f"score: {escape(p.score)}" if p.on else ""
        node = self._node()
        hidden = node is not None and p.hides(node["id"])
        for widget in (self.guess, self.check, self.show_me):
            widget.visible = hidden
        verdict = _verdict(p.verdict, node)
        self.prompt.object = _prompt(node, hidden, answered=bool(verdict))
        self.prompt.visible = bool(self.prompt.object)
        self.verdict.object = verdict


def _name(node):
    return escape(node["label"] or node["id"])


def _prompt(node, hidden, answered):
    if node is None:
        return PROMPT_NOTHING
    if hidden:
        return f"<b>{_name(node)}.grad</b> =&nbsp;"
    return "" if answered else f"{_name(node)}.grad is shown: pick a value whose grad is still ?"


def _verdict(verdict, node):
    """The last answer, while it is about the selected value."""
    if not verdict or node is None or verdict["id"] != node["id"]:
        return ""
    if "error" in verdict:
        return f"<span class='bad'>{escape(verdict['error'])}</span>"
    if verdict.get("shown"):
        return f"{_name(node)}.grad is {number(node['grad'])}: the chain rule below shows why. {NEXT}"
    if verdict["right"]:
        return (f"<span class='ok'>✓ Right:</span> {_name(node)}.grad = {number(verdict['grad'])}. "
                f"The chain rule below shows why. {NEXT}")
    return (f"<span class='bad'>✗ Not {number(verdict['guess'])}.</span> Try again, or press Show me. "
            f"<span class='muted'>Hint: {_name(node)}.grad = Σ over the values that use {_name(node)}: "
            "their grad × their derivative by it.</span>")
