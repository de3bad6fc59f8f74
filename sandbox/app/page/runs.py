"""Runs in the background: a pause after typing, one run at a time, stale runs cancelled.

No Panel here. A `RunScheduler` owns one worker thread per browser session;
every finished run is prepared (laid out, turned into a Scene) on that thread,
so the server's event loop only ever patches data sources. While a run cannot
start yet it says why through ``on_wait``: queued behind others, held by the
rate limit, or the sandbox full (then it is retried; an edit is never dropped).
"""

import hashlib
import logging
import threading
import time
from functools import partial

from sandbox.app.graph.grouped_scene import TooBigToDraw, check_drawable, grouped_scene, wants_groups
from sandbox.app.graph.scene import Scene
from sandbox.app.page.backend import PositionCache, graph_model, start

TYPING_PAUSE_S = 0.3  # a run starts once typing pauses this long
BUSY_RETRY_S = 1.0  # a run refused because the sandbox's queue is full is asked for again after this
log = logging.getLogger(__name__)
DEFAULT_VIEW = {"layout": "layered", "colour": "grad", "size": "none", "step": None, "shown_grads": None}


def structure_key(graph):
    """A digest of the graph's ids and edges: equal for an edit that changed only numbers (held, not the ids)."""
    h = hashlib.blake2b(digest_size=16)
    h.update("\x00".join(n["id"] for n in graph["nodes"]).encode("utf-8", "surrogatepass"))
    h.update(b"\x01")
    h.update("\x00".join(u + "\x02" + v for u, v in graph["edges"]).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class GraphSession:
    """One browser session's positions: the PositionCache and the current scene."""

    def __init__(self):
        self._cache = PositionCache()
        self._lock = threading.Lock()
        self._last = (None, None)  # (structure key, scene) of the latest layout

    def scene(self, graph, layout="layered", relayout=False):
        """The graph laid out: an edit that changed only numbers reuses the last layout outright.

        Big graphs made of modules are laid out in boxes by scope (whatever the layout asked for:
        a force layout of them takes minutes); the groups open stay open across edits.
        """
        key = (layout, structure_key(graph))
        with self._lock:
            last_key, last_scene = self._last
            if key == last_key and not relayout:
                return last_scene.with_graph(graph)
            check_drawable(graph)
            if wants_groups(graph):
                kept = last_scene.open if last_scene is not None and last_scene.grouped else None
                scene = grouped_scene(graph, kept)
            else:
                model = graph_model(graph)
                place = self._cache.relayout if relayout else self._cache.place
                positions = place(model, layout=layout)
                scene = Scene(graph, model, positions, layout)
            self._last = (key, scene)
        return scene

    def remember(self, scene):
        """The view changed what is open or found: later edits keep that (same structure, same scene)."""
        with self._lock:
            key, last = self._last
            same = last is not None and last.positions is scene.positions  # not a newer run's graph
            if same:
                self._last = (key, scene)


class RunScheduler:
    """Debounced, cancellable runs; `on_result(outcome)` is called from the worker thread.

    outcome: {code, result, scene (None when the run failed), columns, view, timings,
    failure (an error record when the run worked but its drawing did not)}.
    ``view()`` gives the drawing settings {layout, colour, size, step, shown_grads} at the time
    a run finishes; the columns for them are made here too, off the event loop.
    ``setup()`` gives the values of the script's param(...) controls for each run.
    """

    def __init__(self, on_result, graphs=None, pause_s=TYPING_PAUSE_S, view=None, limits=None, gate=None,
                 on_wait=None, setup=None):
        self.on_result = on_result
        self.limits, self.gate = limits, gate
        self.on_wait = on_wait or (lambda wait: None)  # {} | {"queued": k} | {"limited": s} | {"busy": s}
        self.graphs = graphs or GraphSession()
        self.pause_s = pause_s
        self.view = view or (lambda: DEFAULT_VIEW)
        self.setup = setup or dict  # the training controls' values every run is sent: {"params", "defaults"}
        self._wake = threading.Condition()
        self._pending = None  # (code, due time, generation)
        self._generation = 0
        self._handle = None
        self._closed = False
        self._thread = threading.Thread(target=self._work, name="micrograd-sandbox-runs", daemon=True)
        self._thread.start()

    def request(self, code, now=False):
        """Run code after the typing pause (or at once); a newer request replaces this one."""
        with self._wake:
            self._generation += 1
            due = time.monotonic() + (0 if now else self.pause_s)
            self._pending = (code, due, self._generation)
            if self._handle is not None:
                self._handle.cancel()  # a newer edit makes the run in flight stale
            self._wake.notify()

    def close(self):
        """Stop the worker (at session end); a run in flight is cancelled."""
        with self._wake:
            self._closed = True
            if self._handle is not None:
                self._handle.cancel()
            self._wake.notify()

    def _next(self):
        with self._wake:
            while not self._closed:
                if self._pending is None:
                    self._wake.wait()
                    continue
                code, due, generation = self._pending
                delay = due - time.monotonic()
                if delay <= 0 and self.gate is not None:
                    delay = self.gate.delay()
                    if delay > 0:  # the rate limit: this edit goes later (or a newer one replaces it)
                        self._pending = (code, time.monotonic() + delay, generation)
                        self.on_wait({"limited": delay})
                if delay > 0:
                    self._wake.wait(delay)
                    continue
                self._pending = None
                return code, generation
            return None

    def _queued(self, generation, position):
        if generation == self._generation:
            self.on_wait({"queued": position} if position else {})

    def _work(self):
        while (job := self._next()) is not None:
            code, generation = job
            t0 = time.perf_counter()
            handle = start(code, self.limits, on_queue=partial(self._queued, generation), **self.setup())
            with self._wake:
                self._handle = handle
            result = handle.wait()
            with self._wake:
                self._handle = None
                stale = generation != self._generation or self._closed
                if not stale and (result.error or {}).get("type") == "Busy" and self._pending is None:
                    self._pending = (code, time.monotonic() + BUSY_RETRY_S, generation)  # not lost: asked again
                    self.on_wait({"busy": BUSY_RETRY_S})
                    continue
            if stale or result is None:
                continue
            t1 = time.perf_counter()
            scene = columns = failure = None
            view = self.view()
            try:
                if result.ok and result.graph is not None:
                    scene = self.graphs.scene(result.graph, view["layout"])
                t2 = time.perf_counter()
                if scene is not None:
                    columns = scene.columns(colour=view["colour"], size=view["size"], step=view["step"],
                                            shown_grads=view.get("shown_grads"))
            except TooBigToDraw as e:  # a graph the view will not send: a sentence, the last good graph stays
                scene = columns = None
                t2 = time.perf_counter()
                failure = {"type": "TooBigToDraw", "line": None, "column": None, "traceback": "", "message": str(e)}
            except Exception as e:  # a bug on our side must not end this session's runs
                log.exception("drawing a run's graph failed")
                scene = columns = None
                t2 = time.perf_counter()
                failure = {"type": "DrawingError", "line": None, "column": None, "traceback": "",
                           "message": f"the app could not lay out this graph ({type(e).__name__}: {e})."}
            timings = {"run_s": t1 - t0, "runner_s": result.elapsed_s, "layout_s": t2 - t1,
                       "columns_s": time.perf_counter() - t2}
            with self._wake:
                if generation != self._generation:
                    continue
            self.on_result({"code": code, "result": result, "scene": scene, "columns": columns, "view": view,
                            "timings": timings, "failure": failure})
