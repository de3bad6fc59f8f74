"""One browser session of the IDE: widgets, the session's state, and the effects between them.

Effects live here and only here: runs are requested from the RunScheduler's
thread and come back through `doc.add_next_tick_callback`; the browser's hash
and localStorage come in through the BrowserBridge.
"""

import io
import threading
import time
from functools import partial

import panel as pn

from presets import DEFAULT_PRESET, list_presets
from sandbox.app.graph import export
from sandbox.app.graph.explore import Explorer
from sandbox.app.graph.graph_view import GraphView
from sandbox.app.page import backend
from sandbox.app.page.bridge import BrowserBridge
from sandbox.app.page.controls import STEP_SPEEDS, StepBar
from sandbox.app.page.runs import GraphSession, RunScheduler
from sandbox.app.page.share import ShareLinkError, parse_share, share_url
from sandbox.app.page.state import LAYOUTS, Session, error_sentence, wait_sentence
from sandbox.app.serving.connection import warn_when_disconnected
from sandbox.app.serving.policy import classroom, client_address
from sandbox.app.styles import CSS, MENU_CSS, hint
from sandbox.app.teaching.inspector import HEADING_JS, HINT, console_html, docstring_head, inspector_html
from sandbox.app.training.trainer import Trainer

STATUS_MIN_WIDTH = 120  # pixels for the status line at least (it takes what the toolbar leaves)
BOOT_TIMEOUT_S = 2.0  # run the editor's code anyway if the page never reports its hash and storage
EDITOR_THEME = "chrome"
ABOUT_HEIGHT = 36  # pixels for the code's title above the editor: two lines of 13 px text
NEW_PICTURE_SHARE = 0.5  # a run keeping fewer of the shown ids than this is a new graph: fit the view


class Editor(pn.widgets.CodeEditor):
    """The code editor, its edits handled at once: Panel otherwise waits 50 ms to merge events.

    NOTE: not `_priority_changes`, which handles events off the document lock, where
    edits to the figure's Bokeh models fail.
    """

    _debounce = 0


class IDE:
    """Everything one browser tab shows, wired to one Session."""

    def __init__(self, embed=False, address="local"):
        self.embed = embed
        self.presets = {p["name"]: p for p in list_presets()}
        self.session = Session(preset=DEFAULT_PRESET)
        self.doc = pn.state.curdoc
        self.graphs = GraphSession()
        room = classroom()
        self.trainer = Trainer(self.doc, self.graphs, self._view, code=lambda: self.requested or self.editor.value,
                               show_scene=self._show_live_scene, show_stdout=partial(setattr, self.session, "stdout"),
                               rerun=lambda: self.request(self.editor.value_input, now=True, force=True),
                               start=partial(backend.start, limits=room.policy.live_limits))
        self.scheduler = RunScheduler(self._finished_in_thread, graphs=self.graphs, view=self._view,
                                      limits=room.policy.limits, gate=room.join(self, address),
                                      on_wait=self._waiting_in_thread, setup=self.trainer.setup)
        self.requested = None  # the code of the latest run asked for
        self.completed = None  # the code of the latest run that came back
        self._build_widgets()
        self._wire()

    # -- widgets --------------------------------------------------------------------------------

    def _build_widgets(self):
        s = self.session
        self.editor = Editor(value=self.presets[DEFAULT_PRESET]["code"], language="python",
                                            theme=EDITOR_THEME, on_keyup=False, sizing_mode="stretch_both",
                                            min_height=300, name="code")
        self.run_button = pn.widgets.Button(name="▶ Run", button_type="primary", width=80)
        items = [(f"{p['title']}", name) for name, p in self.presets.items()]
        self.preset_menu = pn.widgets.MenuButton(name="Presets", items=items, button_type="light", width=110,
                                              stylesheets=[MENU_CSS])
        self.layout_choice = pn.widgets.RadioButtonGroup(options=list(LAYOUTS), value=s.layout,
                                                         button_type="light", button_style="outline")
        self.relayout_button = pn.widgets.Button(name="Re-layout", button_type="light", width=90)
        self.colour_choice = pn.widgets.Select(name="", options={"colour: grad": "grad", "colour: data": "data",
                                                                 "colour: none": "none"}, value=s.colour, width=120)
        self.size_choice = pn.widgets.Select(name="", options={"size: equal": "none", "size: |grad|": "|grad|",
                                                               "size: |data|": "|data|"}, value=s.size, width=120)
        self.share_button = pn.widgets.Button(name="Share", button_type="success", width=80)
        for button, text in [(self.run_button, "run now (Ctrl+Enter in the editor)"),
                             (self.relayout_button, "lay the graph out again from scratch"),
                             (self.share_button, "put the code in the link and copy it")]:
            hint(button, text, "bottom")  # the toolbar's buttons sit in a row: a hint to the right hides the next
        self.spinner = pn.indicators.LoadingSpinner(value=False, visible=False, size=22, margin=(12, 4, 0, 8))
        # sized by the toolbar, not its text: a status line whose width follows its text makes the browser
        # re-lay out (and redraw) the page; it takes the toolbar's remaining width so the page is never wider
        # than the window (a fixed 380 px overflowed a 1400 px window)
        self.status = _html("", css_classes=["status"], margin=(12, 4), sizing_mode="stretch_width",
                            min_width=STATUS_MIN_WIDTH, height=24)
        # HTML panes, not Alerts: an Alert renders Markdown, and error messages are full of * and _
        self.banner = _html("", visible=False, margin=(4, 10, 0, 10), sizing_mode="stretch_width")
        self.notice = _html("", visible=False, margin=(4, 10, 0, 10), sizing_mode="stretch_width")
        # a fixed height (two lines, the rest cut with an ellipsis): the editor stays put as a docstring comes and goes
        self.about = _html("", css_classes=["about"], margin=(0, 10), sizing_mode="stretch_width", height=ABOUT_HEIGHT)
        self.graph = GraphView(on_select=self._selected_in_graph, on_open=lambda path: self._soon(self._open, path),
                               on_fold=lambda x, y: self._soon(self._fold_at, x, y), tap_js=HEADING_JS)
        self.explorer = Explorer(s, show=self._show_scene, notify=self._notify)
        self.steps = StepBar(s)
        self.inspector = _html(HINT, css_classes=["inspector"], sizing_mode="stretch_width",
                                      name="inspector")
        self.console = _html(console_html(""), sizing_mode="stretch_width", name="console")
        self.bridge = BrowserBridge(width=0, height=0, margin=0)
        downloads = dict(button_type="light", width=52, margin=(5, 2), embed=False)  # three fit beside the panel
        self.downloads = [pn.widgets.FileDownload(callback=partial(self._export, kind), filename=f"graph.{kind}",
                                                  label=kind.upper(), **downloads) for kind in ("dot", "json", "svg")]

    def _wire(self):
        s = self.session
        self.editor.param.watch(self._typed, "value_input")
        self.editor.param.watch(self._run_now, "value")  # Ctrl+Enter or leaving the editor
        self.run_button.on_click(lambda e: self.request(self.editor.value_input, now=True, force=True))
        self.preset_menu.on_click(lambda e: self.load_preset(e.new))
        self.layout_choice.link(s, value="layout", bidirectional=True)
        self.colour_choice.link(s, value="colour", bidirectional=True)
        self.size_choice.link(s, value="size", bidirectional=True)
        self.relayout_button.on_click(lambda e: self.relayout())
        self.share_button.on_click(lambda e: self.share())
        s.param.watch(lambda e: self.relayout(), "layout")
        s.param.watch(lambda e: self._soon(self.redraw), ["colour", "size", "step_mode", "step"])
        s.param.watch(self._show_status, ["status", "error", "timings", "waiting"])
        self.trainer.training.param.watch(self._show_status, ["phase"])
        s.param.watch(self._show_inspector, ["selected", "scene"])
        s.param.watch(lambda e: setattr(self.console, "object", console_html(e.new)), "stdout")
        s.param.watch(self._play, ["playing"])
        self.steps.speed.param.watch(self._play, "value")
        self.bridge.param.watch(self._booted, "boot")
        self.bridge.param.watch(self._copied, "copied")
        self._player = None
        self._booted_once = False
        self._show_about(self.editor.value)
        pn.state.onload(self._onload)
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
        self.bridge.saved_code = event.new  # nothing is lost on reload
        if self.notice.visible:
            self._notify("")  # a message about the last share or link is old news once the user types
        self._show_about(event.new)
        self.request(event.new)

    def _run_now(self, event):
        if event.new != self.completed or event.new != self.requested:
            self.request(event.new, now=True)

    def _waiting_in_thread(self, wait):
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
            self.redraw(fit=fit, ready=(outcome["columns"], outcome["view"]))
        self.session.timings = dict(self.session.timings, draw_s=time.perf_counter() - t0)  # sent included

    def _show_live_scene(self, scene, columns, view):
        """A live run's snapshot: same structure, so the figure patches its colours and numbers in place."""
        self.session.scene = scene
        self.redraw(ready=(columns, view))

    def _soon(self, edit, *args):
        """Run an edit of the figure's Bokeh models holding the document lock.

        NOTE: watchers of widgets may run off the lock (Panel flushes pending changes from event
        coroutines), where Bokeh refuses model edits; a next-tick callback always holds it.
        """
        self.doc.add_next_tick_callback(partial(edit, *args))

    def _view(self):
        s = self.session
        return {"layout": s.layout, "colour": s.colour, "size": s.size, "step": s.step_view}

    def redraw(self, fit=False, ready=None):
        """Draw the session's scene; `ready` (columns, view) made in the worker is used if still current."""
        s = self.session
        if s.scene is None:
            return
        if ready is not None and ready[0] is not None and ready[1] == self._view():
            columns = ready[0]
        else:
            columns = s.scene.columns(colour=s.colour, size=s.size, step=s.step_view)
        refused = self.graph.draw(columns, s.scene.structure, colour=s.colour, fit=fit)
        if refused:
            self._notify(refused)
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
                self.doc.add_next_tick_callback(partial(self._notify, message))
                return
            self.doc.add_next_tick_callback(partial(self._relaid, fresh))

        threading.Thread(target=work, daemon=True).start()

    def _show_scene(self, scene, focus=None):
        """A view of the same graph (groups opened or folded, a path found): patch it in, and remember it."""
        self.session.scene = scene
        self.graphs.remember(scene)
        self.redraw()
        if focus is not None and scene.point_of(focus) is not None:
            self.graph.show_at(*scene.point_of(focus))

    def _open(self, path):
        self.explorer.open_group(path)

    def _fold_at(self, x, y):
        self.explorer.fold_at(x, y)

    def _relaid(self, scene):
        self.session.scene = scene
        self.graph._structure = None  # positions moved everywhere: send them whole
        self.redraw(fit=True)

    # -- presets, share, storage ----------------------------------------------------------------

    def load_preset(self, name):
        preset = self.presets.get(name) or self.presets[DEFAULT_PRESET]
        self.session.preset = preset["name"]
        self.trainer.training.forget_values()  # a preset starts from its own defaults
        self._show_about(preset["code"])
        self.editor.value = preset["code"]
        self.bridge.saved_code = preset["code"]
        self.request(preset["code"], now=True, force=True)

    def _show_about(self, code):
        """The title and one-line description from the code's docstring, as presets open."""
        head = docstring_head(code or "")
        text = "" if head is None else f"<b>{_esc(head[0])}</b>" + (f" — {_esc(head[1])}" if head[1] else "")
        text = f"<div class='about-text' title='{_esc(' — '.join(h for h in head if h))}'>{text}</div>" if text else ""
        if text != self.about.object:
            self.about.object = text

    def _onload(self):
        def fallback():
            if not self._booted_once:
                self.request(self.editor.value, now=True, force=True)
        pn.state.add_periodic_callback(fallback, period=int(BOOT_TIMEOUT_S * 1000), count=1)

    def _booted(self, event):
        boot = event.new or {}
        first = not self._booted_once
        self._booted_once = True
        try:
            shared = parse_share(boot.get("hash") or "")
        except ShareLinkError as e:
            self._notify(f"{e} Showing the default example instead.")
            return self.load_preset(DEFAULT_PRESET)
        if shared:
            for key in ("layout", "colour", "size"):
                if shared.get(key) in self.session.param[key].objects:
                    setattr(self.session, key, shared[key])
            self.session.preset = shared.get("preset", "")
            self._show_about(shared["code"])
            self.editor.value = shared["code"]
            self.bridge.saved_code = shared["code"]
            return self.request(shared["code"], now=True, force=True)
        if first and boot.get("saved"):
            self.editor.value = boot["saved"]
            self._show_about(boot["saved"])
        if first:
            self.request(self.editor.value, now=True, force=True)

    def share(self):
        s = self.session
        url = share_url(self.editor.value_input or self.editor.value, (self.bridge.boot or {}).get("href", ""),
                        layout=s.layout, colour=s.colour, size=s.size, preset=s.preset or None)
        n = (self.bridge.share or {}).get("n", 0) + 1
        self.bridge.copied = False
        self.bridge.share = {"hash": url.partition("#")[2], "n": n}
        self._notify("The link to this code is now in the address bar. Copying it…")

    def _copied(self, event):
        if event.new:
            self._notify("Link copied: anyone who opens it sees this code and this graph.")

    def _notify(self, text):
        self.notice.object = f"<div class='banner info'>{_esc(text)}</div>"
        self.notice.visible = bool(text)

    # -- views that follow the state ------------------------------------------------------------

    def _selected_in_graph(self, node_id):
        self.session.selected = node_id

    def _show_inspector(self, *events):
        s = self.session
        self.inspector.object = inspector_html(s.scene.graph if s.scene else None, s.selected)

    def _show_status(self, *events):
        s = self.session
        self.spinner.value = s.status == "running"
        t = s.timings or {}
        if s.status == "running":
            text = wait_sentence(s.waiting) or "running…"
        elif s.status == "error":
            text = "<span class='bad'>error</span> · the graph shows the last good run"
        elif s.status == "ok" and s.scene is not None and not s.scene.order:
            text = "nothing to draw yet: make a Value, e.g. <code>a = Value(2.0)</code>"
        elif s.status == "ok" and s.scene is not None:
            prefix = self.trainer.status_prefix()  # a training script's preview says so first, and stays short
            text = f"{prefix}{len(s.scene.order):,} values · run {1000 * t.get('run_s', 0):.0f} ms" + ("" if prefix else
                    f" · layout {1000 * t.get('layout_s', 0):.0f} ms · draw {1000 * t.get('draw_s', 0):.0f} ms")
        else:
            text = ""
        self.status.object = text
        message = error_sentence(s.error)
        self.banner.object = f"<div class='banner error'>{_esc(message)}</div>"
        self.banner.visible = bool(message)
        line = (s.error or {}).get("line")
        self.editor.annotations = ([{"row": line - 1, "column": 0, "text": message, "type": "error"}]
                                   if line else [])
        self._soon(self.graph.set_dimmed, s.status == "error" and s.scene is not None)

    def _play(self, *events):
        if self._player is not None:
            self._player.stop()
            self._player = None
        if self.session.playing:
            period = STEP_SPEEDS[self.steps.speed.value]
            self._player = pn.state.add_periodic_callback(lambda: self.session.step_by(1), period=period)

    def _export(self, kind):
        scene = self.session.scene
        if scene is None:
            return io.StringIO("")
        return io.StringIO({"dot": export.to_dot, "json": export.to_json, "svg": export.to_svg}[kind](scene))

    def close(self):
        self.trainer.close()
        classroom().leave(self)
        self.scheduler.close()
        if self._player is not None:
            self._player.stop()

    # -- the page -------------------------------------------------------------------------------

    def view(self):
        # the banners float over the top of the graph (below its toolbar, left of its colour bar) so that
        # showing one never moves the editor or the graph while the user types
        banners = pn.Column(self.banner, self.notice, sizing_mode="stretch_width", margin=0, css_classes=["banners"],
                            styles={"position": "absolute", "top": "34px", "left": "10px", "right": "70px",
                                    "width": "auto", "z-index": "10"})
        explore = [] if self.embed else [self.explorer]  # embedded: the editor and the graph only
        graph_area = pn.Column(banners, self.graph, *explore, self.steps, sizing_mode="stretch_both",
                               styles={"position": "relative", "min-width": "0"})  # shrinks: never wider than the page
        editor_area = pn.Column(self.about, self.editor, sizing_mode="stretch_both")
        main = pn.Row(editor_area, graph_area, sizing_mode="stretch_both", css_classes=["main"])
        # the graph takes what the editor leaves; embedded (an iframe, e.g. 700 x 450) the editor may shrink further
        editor_area.styles = {"flex": "0 0 36%", "min-width": "220px" if self.embed else "320px"}
        if self.embed:
            return pn.Column(pn.Row(self.run_button, self.spinner, self.status), main, self.bridge,
                             sizing_mode="stretch_both", stylesheets=[CSS])
        toolbar = pn.Row(
            _html("<b class='brand'>micrograd sandbox</b>", margin=(10, 10)),
            self.run_button, self.preset_menu, pn.Spacer(width=12), self.layout_choice, self.relayout_button,
            self.colour_choice, self.size_choice, self.share_button, self.spinner, self.status,
            sizing_mode="stretch_width", css_classes=["toolbar"])
        # the training panel shares the row below the editor and the graph: appearing, it moves neither
        training = pn.Column(self.trainer.panel, visible=self.trainer.training.visible, sizing_mode="stretch_both",
                             margin=(0, 6, 0, 0), styles={"flex": "0 0 64%", "min-width": "0"})
        self.trainer.training.param.watch(lambda e: setattr(training, "visible", e.new), "visible")
        below = pn.Row(
            training,
            pn.Column(_html("<h3>Inspector</h3>", margin=(0, 10)), self.inspector, sizing_mode="stretch_both",
                      scroll=True),
            pn.Column(_html("<h3>Console</h3>", margin=(0, 10)), self.console,
                      # wraps: beside the training panel the console column is narrower than the buttons
                      pn.FlexBox(_html("Export:", margin=(12, 4)), *self.downloads, flex_wrap="wrap",
                                 sizing_mode="stretch_width"),
                      sizing_mode="stretch_width"),
            sizing_mode="stretch_width", height=230, css_classes=["below"])
        return pn.Column(toolbar, main, below, self.bridge,
                         sizing_mode="stretch_both", stylesheets=[CSS])


def _is_new_picture(old, new):
    """Frame the view again only for a different graph: edits and growth keep the user's zoom."""
    if new is None:
        return False
    if old is None:
        return True
    kept = len(set(old.by_id) & set(new.by_id))
    return kept < NEW_PICTURE_SHARE * max(len(old.by_id), len(new.by_id))


def _html(text, **params):
    """An HTML pane with the page's stylesheet (panes are shadow roots: styles do not reach in)."""
    return pn.pane.HTML(text, stylesheets=[CSS], **params)


def _esc(text):
    from html import escape
    return escape(text or "")


def build_page():
    """A fresh IDE for each browser tab (`?embed=1`: editor and graph only)."""
    embed = pn.state.session_args.get("embed", [b""])[0] in (b"1", b"true", b"yes")
    request = pn.state.curdoc.session_context.request if pn.state.curdoc.session_context else None
    address = client_address(getattr(request, "remote_ip", None), getattr(request, "headers", None))
    if not classroom().admit(address):
        return _html("<div class='banner error'>Too many tabs are open from your network on this server; "
                     "close some, or try again in a minute.</div>")
    return IDE(embed=embed, address=address).view()
