"""The lesson bar above the editor: the lesson and its goal, what the last run says about it, and the way on.

A thin view over a LessonState: "Lesson 3 of 14: Neuron — Goal: get o above
0.9 by editing one number", then "Not yet: o.data is 0.7071; the goal: above
0.9." or "Goal met ✓" with the Next lesson button lit. A dot per lesson shows
the path (filled: met). With no lesson open it invites the learner to start.
Its height is fixed, so the editor never moves as the sentences change.
"""

from html import escape

import panel as pn
from panel.viewable import Viewer

from sandbox.app.styles import CSS, hint
from sandbox.app.teaching.lessons import heading, invitation

BAR_HEIGHT = 72  # pixels: the heading, the goal (two lines at most) and the progress line
LESSON_CSS = """
.lesson-text { font-size: 13px; line-height: 17px; color: #343a40; }
.lesson-goal { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.lesson-progress { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: #495057; }
.lesson-met { color: #2b8a3e; font-weight: 600; }
.lesson-dots { margin-left: 6px; letter-spacing: 1px; font-size: 10px; color: #adb5bd; white-space: nowrap; }
.lesson-dots .done { color: #2b8a3e; }
.lesson-dots .here { color: #1c7ed6; }
"""


class LessonBar(Viewer):
    """Follows the LessonState; ‹ and › call open_lesson(name) (the page loads that preset and its lesson)."""

    def __init__(self, state, open_lesson, **params):
        super().__init__(**params)
        self.state, self.open_lesson = state, open_lesson
        self.text = pn.pane.HTML("", stylesheets=[CSS, LESSON_CSS], sizing_mode="stretch_width", height=BAR_HEIGHT,
                                 margin=(2, 4, 2, 10), css_classes=["lesson-bar"])
        self.back = pn.widgets.Button(label="‹", color="light", width=32, margin=(14, 2))
        self.next = pn.widgets.Button(label="Start ›", color="primary", width=124, margin=(14, 8, 14, 2))
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
        lesson = s.current
        self.text.object = bar_html(s)
        self.back.visible = bool(s.previous_name())
        following = s.next_name()
        self.next.visible = bool(following)
        if lesson is None:
            self.next.label, self.next.color = ("Go on ›" if s.done else "Start ›"), "primary"
            hint(self.next, f"open lesson {_number(s, following)}: {s.by_name[following].title}" if following
                 else "", "bottom")
        else:
            self.next.label, self.next.color = ("Next lesson ›", "success") if s.met else ("skip ›", "light")
            hint(self.next, f"lesson {_number(s, following)}: {s.by_name[following].title}" if following else "",
                 "bottom")

    def __panel__(self):
        return pn.Row(self.text, self.back, self.next, sizing_mode="stretch_width", css_classes=["lessons"],
                      styles={"border-bottom": "1px solid #dee2e6", "background": "#fcfcfd"})


def _number(state, name):
    return [one.name for one in state.path].index(name) + 1 if name in state.by_name else 0


def bar_html(state):
    """The bar's text for a LessonState: heading and path, goal, progress (escaped: they quote the learner's labels)."""
    lesson = state.current
    dots = "".join(f"<span class='{'here' if one is lesson else 'done' if one.name in state.done else ''}' "
                   f"title='{escape(one.title)}'>{'●' if one.name in state.done else '○'}</span>"
                   for one in state.path)
    head = escape(heading(lesson, state.path) if lesson is not None else "Lessons")
    if lesson is None:
        goal, progress, said = escape(invitation(state.path, state.done)), "", ""
    else:
        goal, said = f"Goal: {escape(lesson.goal)}", "" if state.met else state.progress
        if state.met:
            progress = "<span class='lesson-met'>Goal met ✓</span>" + (
                " — on to the next lesson ›" if state.next_name() else " — that was the last lesson: well done!")
        else:
            progress = escape(said or "The goal is checked when the code has run…")
    return (f"<div class='lesson-text'><div><b>{head}</b><span class='lesson-dots'>{dots}</span></div>"
            f"<div class='lesson-goal'>{goal}</div>"
            f"<div class='lesson-progress' title='{escape(said)}'>{progress}</div></div>")
