"""The lesson bar above the editor: the lesson and its goal, what the last run says about it, and the way on.

A thin view over a LessonState: "Lesson 3 of 14: Neuron", "Goal: get o above
0.9 by editing one number", then "Not yet: o.data is 0.7071; the goal: above
0.9." or "Goal met ✓" with the Next lesson button lit. Under the buttons a dot
per lesson shows the path (green: met; blue: the open one). With no lesson
open it invites the learner to start. Its height is fixed and its text clipped
to it, so the editor never moves as the sentences change.
"""

from html import escape

import panel as pn
from panel.viewable import Viewer

from sandbox.app.styles import CSS, hint
from sandbox.app.teaching.lessons import heading, invitation

BAR_HEIGHT = 72  # pixels: the heading, the goal (two lines at most) and the progress line
BUTTONS_WIDTH = 166  # pixels for ‹ and the Next button, and the path's dots under them
LESSON_CSS = """
.lesson-text { font-size: 13px; line-height: 17px; color: #343a40; }
.lesson-head, .lesson-progress { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.lesson-goal { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.lesson-progress { color: #495057; }
.lesson-met { color: #2b8a3e; font-weight: 600; }
.lesson-dots { letter-spacing: 1px; font-size: 10px; color: #adb5bd; white-space: nowrap; text-align: right; }
.lesson-dots .done { color: #2b8a3e; }
.lesson-dots .here { color: #1c7ed6; }
"""


class LessonBar(Viewer):
    """Follows the LessonState; ‹ and › call open_lesson(name) (the page loads that preset and its lesson)."""

    def __init__(self, state, open_lesson, **params):
        super().__init__(**params)
        self.state, self.open_lesson = state, open_lesson
        self.text = pn.pane.HTML("", stylesheets=[CSS, LESSON_CSS], sizing_mode="stretch_width", height=BAR_HEIGHT,
                                 margin=(2, 4, 2, 10), styles={"overflow": "hidden"})
        self.dots = pn.pane.HTML("", stylesheets=[CSS, LESSON_CSS], width=BUTTONS_WIDTH - 10, margin=(0, 8, 0, 2))
        self.back = pn.widgets.Button(label="‹", color="light", width=32, margin=(8, 2))
        self.next = pn.widgets.Button(label="Start ›", color="primary", width=120, margin=(8, 8, 4, 2))
        hint(self.back, "the lesson before this one", "bottom")
        self.back.on_click(lambda e: self._go(state.previous_name()))
        self.next.on_click(lambda e: self._go(state.next_name()))
        state.param.watch(self._show, ["lesson", "done", "progress"])
        self._show()

    def _go(self, name):
        if name:
            self.open_lesson(name)

    def _show(self, *events):
        s = self.state
        self.text.object = bar_html(s)
        self.dots.object = dots_html(s)
        self.back.visible = bool(s.previous_name())
        following = s.next_name()
        self.next.visible = bool(following)
        if s.current is None:
            self.next.label, self.next.color = ("Go on ›" if s.done else "Start ›"), "primary"
        else:
            self.next.label, self.next.color = ("Next lesson ›", "success") if s.met else ("skip ›", "light")
        if following:
            number = [one.name for one in s.path].index(following) + 1
            hint(self.next, f"lesson {number}: {s.by_name[following].title}", "bottom")

    def __panel__(self):
        buttons = pn.Column(pn.Row(pn.Spacer(sizing_mode="stretch_width"), self.back, self.next), self.dots,
                            width=BUTTONS_WIDTH, margin=0)
        return pn.Row(self.text, buttons, sizing_mode="stretch_width", css_classes=["lessons"],
                      styles={"border-bottom": "1px solid #dee2e6", "background": "#fcfcfd"})


def bar_html(state):
    """The bar's text for a LessonState: heading, goal, progress (escaped: they quote the learner's labels)."""
    lesson = state.current
    if lesson is None:
        head, goal, progress, said = "Lessons", escape(invitation(state.path, state.done)), "", ""
    else:
        head, goal, said = heading(lesson, state.path), f"Goal: {escape(lesson.goal)}", state.progress
        if state.met:
            said = ""
            progress = "<span class='lesson-met'>Goal met ✓</span>" + (
                " — on to the next lesson ›" if state.next_name() else " — that was the last lesson: well done!")
        else:
            progress = escape(said or "The goal is checked when the code has run…")
    return (f"<div class='lesson-text'><div class='lesson-head'><b>{escape(head)}</b></div>"
            f"<div class='lesson-goal' title='{goal}'>{goal}</div>"
            f"<div class='lesson-progress' title='{escape(said)}'>{progress}</div></div>")


def dots_html(state):
    """A dot per lesson on the path: green when met, blue for the open one, each titled with its lesson."""
    dots = "".join(f"<span class='{'done' * (one.name in state.done)} {'here' * (one.name == state.lesson)}'"
                   f" title='{k}. {escape(one.title)}'>{'●' if one.name in state.done else '○'}</span>"
                   for k, one in enumerate(state.path, start=1))
    return f"<div class='lesson-dots'>{dots}</div>"
