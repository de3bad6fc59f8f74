"""One tab's lessons: which lesson is open, which goals were met, what the last check said (param, no Panel).

The page tells it what happens (a preset opened, a run came back, a value was
selected, a link was opened) and the lesson bar shows it. A goal once met stays
met (``done``): editing on afterwards takes nothing away. A share link carries
the open lesson and the done ones (``link()`` / ``restore()``); the goal itself
never travels, it is always the preset file's.

>>> from presets import list_presets
>>> from sandbox.app.teaching.lessons import lessons_from
>>> state = LessonState(lessons_from(list_presets()))
>>> state.open("neuron")
>>> state.link()
{'lesson': 'neuron', 'done': None}
>>> state.restore("neuron", "basics,expression,unknown")
>>> state.done, state.next_name(), state.previous_name()
(['basics', 'expression'], 'chain_rule', 'expression')
"""

import param

from sandbox.app.teaching.lessons import MET, Seen, done_for_link, done_from_link, verdict


class LessonState(param.Parameterized):
    """The lessons on the path (given), the open one, the met ones, and what the last run said about the goal."""

    lesson = param.String(default="", doc="name of the open lesson ('' when none is open)")
    done = param.List(default=[], item_type=str, doc="names of the lessons whose goal was met, in the path's order")
    progress = param.String(default="", doc="what the last check said about the open lesson's goal")

    def __init__(self, lessons, **params):
        super().__init__(**params)
        self.path = list(lessons)
        self.by_name = {one.name: one for one in self.path}
        self._seen = None  # the evidence of the last run of the open lesson
        self._selected = ""  # the id of the value selected in the graph

    @property
    def current(self):
        """The open Lesson, or None."""
        return self.by_name.get(self.lesson)

    @property
    def met(self):
        return bool(self.lesson) and self.lesson in self.done

    def open(self, name):
        """A preset was opened: its lesson is open now (none when it is not a lesson)."""
        with param.parameterized.batch_call_watchers(self):
            self._seen = None
            self.lesson = name if name in self.by_name else ""
            self.progress = MET if self.met else ""

    def ran(self, result, code=None):
        """A run came back (an edit run, or a live run at its end): check the goal against it."""
        self._seen = Seen.of(result, code)
        self._check()

    def select(self, node_id):
        """A value was selected in the graph (or none: ''): a "find it" goal is checked against it."""
        self._selected = node_id or ""
        self._check()

    def _check(self):
        lesson = self.current
        if lesson is None or self._seen is None or self.met:
            return
        met, said = verdict(lesson, self._seen, self._selected)
        with param.parameterized.batch_call_watchers(self):
            if met:
                self.done = [one.name for one in self.path if one.name in self.done or one is lesson]
            self.progress = said

    def next_name(self):
        """The lesson after the open one; with none open, the first whose goal is not met yet ('' at the end)."""
        names = [one.name for one in self.path]
        if self.lesson in names:
            k = names.index(self.lesson) + 1
            return names[k] if k < len(names) else ""
        return next((n for n in names if n not in self.done), names[0] if names else "")

    def previous_name(self):
        names = [one.name for one in self.path]
        k = names.index(self.lesson) if self.lesson in names else 0
        return names[k - 1] if k > 0 else ""

    def link(self):
        """What a share link carries: {lesson, done} (None for what there is not)."""
        return {"lesson": self.lesson or None, "done": done_for_link(self.done) or None}

    def restore(self, lesson, done):
        """A link was opened: its lesson (none when it names none or an unknown one) and its done lessons."""
        with param.parameterized.batch_call_watchers(self):
            if done is not None:
                self.done = done_from_link(done, self.path)
            self.open(lesson or "")
