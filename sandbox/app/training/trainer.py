"""The training panel's effects: one-step previews from edit runs, live runs on Start, their updates drawn.

Everything here runs on the server's event loop except ``_prepare``, which a
LiveRun calls on its worker thread (layouts and columns are made there), and
``_deliver``, which hands the result to the loop with ``add_next_tick_callback``.
Training itself runs in the sandbox, never here.
"""

from functools import partial

import panel as pn

from sandbox.app.training.boundary_view import boundary_columns
from sandbox.app.training.live import LiveRun
from sandbox.app.training.network_view import network_columns
from sandbox.app.training.training import Training, coalesce, metric_rows
from sandbox.app.training.training_view import TrainingPanel

MAX_CONSOLE_CHARS = 20_000  # printed text of a live run kept for the console
CONSOLE_TAIL_LINES = 4  # ...of which the console shows the newest lines: what a training loop printed last


def console_tail(text, lines=CONSOLE_TAIL_LINES):
    """The last lines of a live run's output, saying how many came before."""
    parts = text.rstrip("\n").split("\n")
    if len(parts) <= lines:
        return text
    return f"… {len(parts) - lines:,} lines above\n" + "\n".join(parts[-lines:]) + "\n"


class Trainer:
    """Owns the Training state, its panel and the live run (at most one per session).

    doc: the session's document; graphs: its GraphSession; view(): the drawing settings;
    code(): the code to train; show_scene(scene, columns, view) and show_stdout(text) draw on the page;
    rerun(): an edit run of the code (a control moved while nothing trains); start: `sandbox.runner.start`
    with a training run's limits (the page gives them: they are the server's policy); on_end(result): a live
    run's RunResult, when it ran to its end or failed (not when stopped).
    """

    def __init__(self, doc, graphs, view, code, show_scene, show_stdout, rerun, start, on_end=None):
        self.doc, self.graphs, self.view, self.code = doc, graphs, view, code
        self.on_end = on_end
        self.show_scene, self.show_stdout, self.rerun, self._start = show_scene, show_stdout, rerun, start
        self.training = Training()
        self.panel = TrainingPanel(self.training, on_start=self.start, on_stop=self.stop, on_step=self.step,
                                   on_value=self.value)
        self.live = None
        self._rows = 0  # log rows of the live run so far
        self._fresh = True  # the live run's first rows start the curves afresh
        self._stdout = ""

    def setup(self):
        """What every edit run is sent: the user's control values."""
        return self.training.setup()

    # -- edit runs --

    def preview(self, result):
        """An edit run came back (on the loop): a training script shows its preview in the panel.

        While a live run trains, the preview is old news (Start was pressed after the edit; a newer
        edit would have stopped the live run), so it leaves the panel alone.
        """
        if self.live is not None:
            return
        batch = coalesce(result.events)
        self.training.previewed(batch)
        if self.training.visible:
            self._draw(self._views(batch, first_step=0), reset=True)

    def status_prefix(self):
        """What the toolbar's status line says first after an edit run of a training script."""
        t = self.training
        if t.phase == "preview":
            return f"<b>{t.step}-step preview</b> of {t.total} · <b>Start</b> trains · "
        if t.live:
            return "<b>training</b> (see below) · "
        return ""

    # -- the buttons --

    def start(self):
        """Start a live run; while one runs, pause it; while it is paused, go on."""
        if self.live is None:
            return self._launch(step=False)
        if self.training.phase == "running":
            self.live.send({"op": "pause"})
            self.training.expect("paused")
        else:
            self.live.send({"op": "resume"})
            self.training.expect("running")

    def step(self):
        """One step: from nothing, a live run that pauses after its first step."""
        if self.live is None:
            return self._launch(step=True)
        self.live.send({"op": "step"})
        self.training.expect("paused")

    def stop(self):
        """End the live run at once; the counter stays where it was."""
        if self.live is not None:
            self.live.cancel()
            self.live = None
            self.training.ended({"type": "Cancelled"})

    def value(self, name, value):
        """A control moved: the live run reads it at its next step; otherwise the preview runs again."""
        self.training.set_value(name, value)
        if self.live is not None:
            self.live.send({"op": "params", "values": {name: value}})
        else:
            self.rerun()

    def close(self):
        self.stop()

    def _launch(self, step):
        self._rows, self._fresh, self._stdout = 0, True, ""
        self.training.started()
        if step:
            self.training.expect("paused")
        self.live = LiveRun(self._start, self.code(), self.training.setup(), self._prepare, self._deliver, step=step)

    # -- a live run's updates --

    def _views(self, batch, first_step):
        """The cheap part of an update: curve rows, network and boundary columns, progress."""
        update = {"progress": batch["progress"], "stdout": batch["stdout"]}
        if batch["rows"]:
            update["rows"] = metric_rows(batch["rows"], first_step)
        if batch["network"] is not None:
            update["network"] = network_columns(batch["network"])
        if batch["boundary"] is not None:
            update["boundary"] = boundary_columns(batch["boundary"])
        return update

    def _prepare(self, batch, final):
        """On the LiveRun's thread: the update, with the graph laid out (positions reused) and its columns."""
        update = self._views(batch, self._rows)
        self._rows += len(batch["rows"])
        graph = final.graph if final is not None and final.ok else (batch["snapshot"] or {}).get("graph")
        if graph and graph["nodes"]:
            view = self.view()
            scene = self.graphs.scene(graph, view["layout"])
            columns = scene.columns(colour=view["colour"], size=view["size"], step=view["step"],
                                    shown_grads=view.get("shown_grads"))
            update["scene"] = (scene, columns, view)
        return update

    def _deliver(self, run, update, final):
        self.doc.add_next_tick_callback(partial(self._apply, run, update, final))

    def _apply(self, run, update, final):
        try:
            if run is not self.live:
                return  # stopped, or replaced by a newer run: what it still says is old news
            with pn.io.hold(self.doc):  # one message to the browser for the whole update
                if update is not None:
                    self._draw(update, reset=False)
            if final is not None:
                self.live = None
                self.training.ended(final.error)
                self.show_stdout(console_tail(final.stdout[-MAX_CONSOLE_CHARS:]))
                if self.on_end is not None:
                    self.on_end(final)
        finally:
            run.applied()

    def _draw(self, update, reset):
        if update.get("progress") is not None:
            self.training.progressed(update["progress"])
        if "rows" in update:
            if reset or self._fresh:
                self.panel.curves.show(update["rows"], self.training.total)
                self._fresh = False
            else:
                self.panel.curves.add(update["rows"], self.training.total)
        for kind in ("network", "boundary"):
            if reset or kind in update:
                self.panel.show_view(kind, kind in update)
            if kind in update:
                getattr(self.panel, kind).draw(update[kind])
        if "scene" in update:
            self.show_scene(*update["scene"])
        if update.get("stdout") and not reset:
            self._stdout = (self._stdout + update["stdout"])[-MAX_CONSOLE_CHARS:]
            self.show_stdout(console_tail(self._stdout))
