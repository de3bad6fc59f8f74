"""One browser tab's IDE: the session's state, the views of every room, and the effects between them.

Each feature is a view or an object of its own room (the graph's drawing and
find box in graph/, the training panel in training/, the inspector in
teaching/, the toolbar, console and links here in page/) wired to the Session
in a line or two below; arrangement.py places them. The effects that tie rooms
together live here: runs are requested from the RunScheduler's thread and come
back through `doc.add_next_tick_callback`; drawn scenes patch the graph view.
"""

import threading
import time
from functools import partial

import panel as pn

from presets import DEFAULT_PRESET, list_presets
from sandbox.app.graph.explore import Explorer
from sandbox.app.graph.graph_view import GraphView
from sandbox.app.page import backend
from sandbox.app.page.arrangement import SCREEN_WIDTH_HEAD, page_layout
from sandbox.app.page.banners import Banners
from sandbox.app.page.console import Console
from sandbox.app.page.controls import StepBar, Toolbar
from sandbox.app.page.editor import About, code_editor
from sandbox.app.page.keys import Keys, act
from sandbox.app.page.links import Links
from sandbox.app.page.runs import GraphSession, RunScheduler
from sandbox.app.page.state import Session, error_sentence, status_line
from sandbox.app.serving import collector
from sandbox.app.serving.connection import warn_when_disconnected
from sandbox.app.serving.memory import report
from sandbox.app.serving.sessions import classroom, client_address
from sandbox.app.styles import html
from sandbox.app.teaching.click_answer import CLICK_JS
from sandbox.app.teaching.inspector_view import InspectorView
from sandbox.app.teaching.lessons import lessons_from
from sandbox.app.teaching.lessons_state import LessonState
from sandbox.app.teaching.lessons_view import LessonBar
from sandbox.app.teaching.narration_view import NarrationView
from sandbox.app.teaching.predict import Prediction
from sandbox.app.training.trainer import Trainer

NEW_PICTURE_SHARE = 0.5  # a run keeping fewer of the shown ids than this is a new graph: fit the view


class IDE:
    """Everything one browser tab shows, wired to one Session."""

    def __init__(self, embed=False, address="local"):
        self.embed = embed
        self.presets = {p["name"]: p for p in list_presets()}
        self.session = s = Session(preset=DEFAULT_PRESET)
        self.doc = pn.state.curdoc
        self.graphs = GraphSession()
        room = classroom()
        self.requested = None  # the code of the latest run asked for
        self.completed = None  # the code of the latest run that came back
        # -- the views, room by room --
        self.editor = code_editor(self.presets[DEFAULT_PRESET]["code"])
        self.about = About()
        self.toolbar = Toolbar(s, self.presets)
        self.banners = Banners()
        self.graph = GraphView(on_select=partial(setattr, s, "selected"), on_open=partial(self._soon, self._open),
                               on_fold=partial(self._soon, self._fold_at), tap_js=CLICK_JS)
        self.explorer = Explorer(s, show=self._show_scene, notify=self.banners.notify, drawn=report)
        self.steps = StepBar(s)
        self.lessons = LessonState(lessons_from(self.presets.values()))
        self.lesson_bar = LessonBar(self.lessons, open_lesson=self.load_preset)
        self.narration = NarrationView(s)
        self.prediction = Prediction()
        self.inspector = InspectorView(s, self.prediction)
        self.keys = Keys(on_action=partial(act, s), width=0, height=0, margin=0)
        self.console = Console(s)
        self.trainer = Trainer(self.doc, self.graphs, self._view, code=lambda: self.requested or self.editor.value,
                               show_scene=self._show_live_scene, show_stdout=partial(setattr, s, "stdout"),
                               rerun=lambda: self.request(self.editor.value_input, now=True, force=True),
                               start=partial(backend.start, limits=room.policy.live_limits),
                               on_end=lambda result: self.lessons.ran(result, self.requested))
        self.links = Links(s, code=lambda: self.editor.value_input or self.editor.value, open_code=self.open_code,
                           run=lambda: self.request(self.editor.value, now=True, force=True),
                           open_default=partial(self.load_preset, DEFAULT_PRESET, lesson=False),
                           notify=self.banners.notify, lessons=self.lessons)
        self.scheduler = RunScheduler(self._finished_in_thread, graphs=self.graphs, view=self._view,
                                      limits=room.policy.limits, gate=room.join(self, address),
                                      on_wait=self._waiting_in_thread, setup=self.trainer.setup)
        # -- the wiring: what each control does, and what follows the session --
        self.editor.param.watch(self._typed, "value_input")
        self.editor.param.watch(self._run_now, "value")  # Ctrl+Enter or leaving the editor
        self.toolbar.run_button.on_click(lambda e: self.request(self.editor.value_input, now=True, force=True))
        self.toolbar.preset_menu.on_click(lambda e: self.load_preset(e.new))
        self.toolbar.relayout_button.on_click(lambda e: self.relayout())
        self.toolbar.share_button.on_click(lambda e: self.links.share())
        s.param.watch(lambda e: self.relayout(), "layout")
        s.param.watch(lambda e: self._soon(self.redraw), ["colour", "size", "step_mode", "step"])
        self.prediction.param.watch(lambda e: self._soon(self.redraw), ["on", "revealed"])
        s.param.watch(lambda e: self._soon(self.graph.select, e.new), "selected")  # a value chosen by key
        s.param.watch(self._show_status, ["status", "error", "timings", "waiting"])
        s.param.watch(lambda e: self.lessons.select(e.new), "selected")  # a "find it" goal is met by a click
        self.trainer.training.param.watch(self._show_status, ["phase"])
        self.about.show(self.editor.value)
        if self.doc is not None:
            warn_when_disconnected(self.doc)
        pn.state.on_session_destroyed(lambda context: self.close())

    # -- runs -----------------------------------------------------------------------------------

    def request(self, code, now=False, force=False):
        """Ask for a run of code (after the typing pause unless now)."""
        if code == self.requested and not force and not now:
            return
        self.requested = code
        self.session.code = code
        self.session.waiting = {}
        self.session.status = "running"
        self.trainer.stop()  # an edit run replaces a live one: its code is no longer what is on screen
        self.scheduler.request(code, now=now)

    def _typed(self, event):
        if self.banners.notice.visible:
            self.banners.notify("")  # a message about the last share or link is old news once the user types
        self.about.show(event.new)
        self.request(event.new)

    def _run_now(self, event):
        if event.new != self.completed or event.new != self.requested:
            self.request(event.new, now=True)

    def _waiting_in_thread(self, wait):
        if wait or self.session.waiting:  # every run starts with {} (nothing to wait for): no news
            self.doc.add_next_tick_callback(partial(setattr, self.session, "waiting", wait))

    def _finished_in_thread(self, outcome):
        self.doc.add_next_tick_callback(partial(self._finished, outcome))

    def _finished(self, outcome):
        if outcome["code"] != self.requested:
            return  # a newer edit is on its way
        self.completed = outcome["code"]
        t0 = time.perf_counter()
        fit = _is_new_picture(self.session.scene, outcome["scene"])
        with pn.io.hold(self.doc):  # one message to the browser, not one per changed property
            self.trainer.preview(outcome["result"])
            self.session.take(outcome)
            self.lessons.ran(outcome["result"], outcome["code"])
            self.redraw(fit=fit, ready=(outcome["columns"], outcome["view"]))
            # NOTE: in the hold, so the status line goes in the same message (the sending is not counted)
            self.session.timings = dict(self.session.timings, draw_s=time.perf_counter() - t0)

    # -- code in the editor -----------------------------------------------------------------------

    def open_code(self, code):
        """Put code in the editor (the page keeps it in the browser) and run it at once."""
        self.about.show(code)
        self.editor.value = code
        self.request(code, now=True, force=True)

    def load_preset(self, name, lesson=True):
        """Open a preset, and its lesson if it is one (not for the default shown after a broken link)."""
        preset = self.presets.get(name) or self.presets[DEFAULT_PRESET]
        self.session.preset = preset["name"]
        self.lessons.open(preset["name"] if lesson else "")
        self.trainer.training.forget_values()  # a preset starts from its own defaults
        self.open_code(preset["code"])

    # -- drawing ----------------------------------------------------------------------------------

    def _soon(self, edit, *args):
        """Run an edit of the figure's Bokeh models holding the document lock.

        NOTE: watchers of widgets may run off the lock (Panel flushes pending changes from event
        coroutines), where Bokeh refuses model edits; a next-tick callback always holds it.
        """
        self.doc.add_next_tick_callback(partial(edit, *args))

    def _view(self):
        s = self.session
        return {"layout": s.layout, "colour": s.colour, "size": s.size, "step": s.step_view,
                "shown_grads": self.prediction.shown_grads}

    def redraw(self, fit=False, ready=None):
        """Draw the session's scene; `ready` (columns, view) made in the worker is used if still current."""
        s = self.session
        if s.scene is None:
            return
        if ready is not None and ready[0] is not None and ready[1] == self._view():
            columns = ready[0]
        else:
            columns = s.scene.columns(colour=s.colour, size=s.size, step=s.step_view,
                                      shown_grads=self.prediction.shown_grads)
        refused = self.graph.draw(columns, s.scene.structure, colour=s.colour, fit=fit)
        if refused:
            self.banners.notify(refused)
        self.graph.select(s.selected)
        self.graph.set_dimmed(s.status == "error")

    def relayout(self):
        """Lay the current graph out from scratch (in a thread: force layouts of big graphs take a while)."""
        scene = self.session.scene
        if scene is None:
            return
        layout = self.session.layout

        def work():
            try:
                fresh = self.graphs.scene(scene.graph, layout, relayout=True)
            except Exception as e:  # a layout bug shows as a message, never a dead button
                message = f"Re-layout failed ({type(e).__name__}: {e}); the graph keeps its positions."
                self.doc.add_next_tick_callback(partial(self.banners.notify, message))
                return
            self.doc.add_next_tick_callback(partial(self._relaid, fresh))

        threading.Thread(target=work, daemon=True).start()

    def _relaid(self, scene):
        self.session.scene = scene
        self.graph._structure = None  # positions moved everywhere: send them whole
        self.redraw(fit=True)

    def _show_scene(self, scene, focus=None):
        """A view of the same graph (groups opened or folded, a path found): patch it in, and remember it."""
        self.session.scene = scene
        self.graphs.remember(scene)
        self.redraw()
        if focus is not None and scene.point_of(focus) is not None:
            self.graph.show_at(*scene.point_of(focus))

    def _show_live_scene(self, scene, columns, view):
        """A live run's snapshot: same structure, so the figure patches its colours and numbers in place."""
        self.session.scene = scene
        self.redraw(ready=(columns, view))

    def _open(self, path):
        self.explorer.open_group(path)

    def _fold_at(self, x, y):
        self.explorer.fold_at(x, y)

    # -- what follows the run's outcome -----------------------------------------------------------

    def _show_status(self, *events):
        s = self.session
        # a training script's preview says so first, and stays short
        self.toolbar.show_status(status_line(s, self.trainer.status_prefix()), running=s.status == "running")
        message = error_sentence(s.error)
        self.banners.error(message)
        line = (s.error or {}).get("line")
        self.editor.annotations = ([{"row": line - 1, "column": 0, "text": message, "type": "error"}]
                                   if line else [])
        dimmed = s.status == "error" and s.scene is not None
        if dimmed != self.graph.dimmed:
            self._soon(self.graph.set_dimmed, dimmed)

    def close(self):
        self.trainer.close()
        classroom().leave(self)
        self.scheduler.close()
        self.steps.stop()

    def view(self):
        return page_layout(self)


def _is_new_picture(old, new):
    """Frame the view again only for a different graph: edits and growth keep the user's zoom."""
    if new is None:
        return False
    if old is None:
        return True
    kept = len(set(old.by_id) & set(new.by_id))
    return kept < NEW_PICTURE_SHARE * max(len(old.by_id), len(new.by_id))


def build_page():
    """A fresh IDE for each browser tab (`?embed=1`: editor and graph only)."""
    pn.state.curdoc.template = SCREEN_WIDTH_HEAD
    embed = pn.state.session_args.get("embed", [b""])[0] in (b"1", b"true", b"yes")
    request = pn.state.curdoc.session_context.request if pn.state.curdoc.session_context else None
    address = client_address(getattr(request, "remote_ip", None), getattr(request, "headers", None))
    if not classroom().admit(address):
        return html("<div class='banner error'>Too many tabs are open from your network on this server; "
                    "close some, or try again in a minute.</div>")
    page = IDE(embed=embed, address=address).view()
    pn.state.onload(collector.page_loaded)  # a tab's objects live as long as it: out of full collections
    pn.state.on_session_destroyed(collector.session_ended)
    return page
