"""The training panel's state and its pure parts, without a browser: what the panel would show.

A user would notice a failure here as: curves missing rows, a step counter or
speed that lies, a control that forgets its value, edge widths that do not
follow the weights, or a stopped run that keeps drawing.
"""

import math
import threading
import time

import param
import pytest
from bokeh.document import Document

from sandbox.app.training.boundary_view import boundary_columns
from sandbox.app.training.live import LiveRun
from sandbox.app.training.network_view import (
    MAX_EDGE_WIDTH,
    MIN_EDGE_WIDTH,
    NEGATIVE,
    POSITIVE,
    RING_COLOUR,
    network_columns,
)
from sandbox.app.training.trainer import Trainer
from sandbox.app.training.training import StepRate, Training, coalesce, is_training, metric_rows
from sandbox.app.training.training_view import status_text
from sandbox.runner import RunResult


def log(step, **metrics):
    return {"type": "log", "step": step, "metrics": metrics}


def progress(step, state="running", t=None, total=100):
    return {"type": "progress", "step": step, "total": total, "state": state, "t": step * 0.1 if t is None else t}


def test_coalesce_keeps_every_row_but_only_the_latest_view():
    events = [log(0, loss=1.0), {"type": "snapshot", "graph": "old"}, {"type": "stdout", "text": "a"},
              log(1, loss=0.5), {"type": "snapshot", "graph": "new"}, {"type": "stdout", "text": "b"}, progress(2)]
    batch = coalesce(events)
    assert [r["step"] for r in batch["rows"]] == [0, 1]
    assert batch["snapshot"]["graph"] == "new" and batch["stdout"] == "ab" and batch["progress"]["step"] == 2
    assert is_training(batch) and not is_training(coalesce([{"type": "stdout", "text": "hi"}]))


def test_metric_rows_count_on_missing_steps_and_read_json_non_finite_numbers():
    cols = metric_rows([log(None, loss=1.0), log(None, loss="NaN", acc=0.5), log(7, loss="Infinity")], first_step=3)
    assert cols["step"] == [3.0, 4.0, 7.0]
    assert cols["loss"][0] == 1.0 and math.isnan(cols["loss"][1]) and cols["loss"][2] == math.inf
    assert math.isnan(cols["acc"][0]) and cols["acc"][1] == 0.5


def test_steps_per_second_uses_the_runs_own_clock():
    rate = StepRate(window_s=1.0)
    for k in range(20):
        rate.add(k * 0.1, 2 * k)  # 20 steps a second
    assert rate.per_second() == pytest.approx(20.0)
    rate.add(0.0, 0)  # a new run
    assert rate.per_second() is None


def test_a_preview_then_a_live_run_then_stop():
    t = Training()
    batch = coalesce([progress(1, "preview"), log(0, loss=1.0),
                      {"type": "param", "name": "lr", "value": 1.0, "default": 1.0, "low": 0.0, "high": 2.0}])
    t.previewed(batch)
    assert (t.visible, t.phase, t.step, t.total) == (True, "preview", 1, 100)
    assert t.controls == [{"name": "lr", "value": 1.0, "default": 1.0, "low": 0.0, "high": 2.0}]
    assert "preview" in status_text(t) and "Start" in status_text(t)
    t.started()
    for k in range(1, 11):
        t.progressed(progress(k))
    assert (t.phase, t.step) == ("running", 10) and t.rate == pytest.approx(10.0)
    assert "step <b>10</b> / 100 · 10.0 steps/s" in status_text(t)
    t.expect("paused")  # the user pressed Pause: shown at once...
    t.progressed(progress(11))  # ...and a step already under way does not undo it
    assert t.phase == "paused"
    t.progressed(progress(12, "paused"))
    assert (t.phase, t.step) == ("paused", 12)
    t.ended({"type": "Cancelled", "message": "The run was cancelled."})
    assert (t.phase, t.step, t.message) == ("stopped", 12, "")
    t.ended({"type": "Timeout", "message": "Your script ran longer than 300 s and was stopped."})
    assert t.phase == "failed" and "300 s" in t.message


def test_a_control_the_user_set_is_sent_with_its_default_and_forgotten_with_a_new_preset():
    t = Training()
    t.declared([{"type": "param", "name": "lr", "value": 1.0, "default": 1.0, "low": 0.0, "high": 2.0}])
    t.set_value("lr", 0.25)
    assert t.setup() == {"params": {"lr": 0.25}, "defaults": {"lr": 1.0}}
    assert t.controls[0]["value"] == 0.25
    t.forget_values()
    assert t.setup() == {"params": {}, "defaults": {}}


def network_event(weights, weight_grads=None):
    sizes = [len(weights[0][0])] + [len(layer) for layer in weights]
    biases = [[0.0] * len(layer) for layer in weights]
    grads = weight_grads or [[[0.0] * len(row) for row in layer] for layer in weights]
    return {"type": "network", "step": 0, "sizes": sizes, "acts": ["relu"] * len(weights), "weights": weights,
            "biases": biases, "weight_grads": grads, "bias_grads": biases}


def test_edge_width_follows_the_weights_size_and_colour_its_sign():
    ev = network_event([[[0.5, -2.0], [1.0, 0.0]], [[-1.0, 0.25]]],
                       weight_grads=[[[0.0, 0.0], [3.0, 4.0]], [[0.1, 0.0]]])
    cols = network_columns(ev)
    edges = cols["edges"]
    assert edges["weight"] == [0.5, -2.0, 1.0, 0.0, -1.0, 0.25]
    for w, width in zip(edges["weight"], edges["width"]):
        assert width == pytest.approx(MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * abs(w) / 2.0)
    assert edges["colour"][:2] == [POSITIVE, NEGATIVE]
    # edge (layer 0, neuron 1, input 0) runs from input 0 to hidden neuron 1
    assert (edges["x0"][2], edges["x1"][2]) == (0.0, 1.0) and edges["y1"][2] == cols["neurons"]["y"][3]
    rings = dict(zip(cols["neurons"]["name"], cols["neurons"]["ring"]))
    assert rings["layer 1 neuron 1"] == RING_COLOUR  # gradient norm 5, the largest
    assert rings["layer 1 neuron 0"] != RING_COLOUR and rings["layer 2 neuron 0"] != RING_COLOUR
    assert cols["structure"] == (2, 2, 1)


def test_the_boundary_is_an_image_rows_from_the_bottom_with_a_symmetric_colour_scale():
    ev = {"type": "boundary", "step": 0, "box": [-1, 1, -2, 2], "shape": [2, 3], "scores": [-5, 0, 1, 0.5, "NaN", 3],
          "points": [[0, 0], [0.5, 1]], "labels": [1, -1]}
    cols = boundary_columns(ev)
    assert cols["image"].shape == (2, 3) and cols["image"][1, 2] == 3 and math.isnan(cols["image"][1, 1])
    assert cols["limit"] == 2.0 and cols["box"] == [-1, 1, -2, 2]
    assert cols["points"]["colour"][0] != cols["points"]["colour"][1]


class FakeHandle:
    """A live run's handle: the test plays the runner (events, then a result)."""

    def __init__(self, on_event):
        self.on_event, self.sent, self.result = on_event, [], None
        self._done = threading.Event()

    @property
    def done(self):
        return self._done.is_set()

    def send(self, message):
        self.sent.append(message)

    def cancel(self):
        self.finish(RunResult.failure("Cancelled", "The run was cancelled."))

    def finish(self, result):
        self.result = result
        self._done.set()

    def wait(self, timeout=None):
        self._done.wait(timeout)
        return self.result


def fake_start(handles):
    def start(code, live=False, on_event=None, step=False, **setup):
        handles.append(FakeHandle(on_event))
        handles[-1].setup = dict(setup, step=step, live=live)
        return handles[-1]
    return start


def test_a_live_run_delivers_coalesced_updates_then_its_result():
    handles, updates = [], []
    done = threading.Event()

    def deliver(run, update, final):
        updates.append((update, final))
        run.applied()
        if final is not None:
            done.set()

    run = LiveRun(fake_start(handles), "code", {"params": {}}, lambda batch, final: batch, deliver)
    handle = handles[0]
    for k in range(50):
        handle.on_event(log(k, loss=1.0 / (k + 1)))
        handle.on_event({"type": "snapshot", "graph": k})
    time.sleep(0.3)
    handle.finish(RunResult(ok=True))
    assert done.wait(10)
    rows = [r["step"] for update, _ in updates for r in update["rows"]]
    assert rows == list(range(50))  # every row, in order, once
    assert len(updates) < 50  # in a few updates, not one per event
    assert updates[-1][1].ok and run.handle is handle


def test_a_cancelled_live_run_delivers_nothing_more():
    handles, updates = [], []
    run = LiveRun(fake_start(handles), "code", {}, lambda batch, final: batch,
                  lambda run, update, final: updates.append(update))
    run.cancel()
    handles[0].on_event(log(0, loss=1.0))
    time.sleep(0.5)
    assert updates == [] and handles[0].result.error["type"] == "Cancelled"


class Doc(Document):
    """A document whose next-tick callbacks wait in a queue the test runs when it likes."""

    def __init__(self):
        super().__init__()
        self.queue = []

    def add_next_tick_callback(self, callback):
        self.queue.append(callback)

    def run(self):
        while self.queue:
            self.queue.pop(0)()


def test_the_trainer_starts_steers_and_stops_a_live_run():
    handles, doc, printed = [], Doc(), []
    trainer = Trainer(doc, graphs=None, view=lambda: {}, code=lambda: "the code", show_scene=None,
                      show_stdout=printed.append, rerun=lambda: printed.append("rerun"), start=fake_start(handles))
    trainer.value("lr", 0.3)  # nothing runs: the preview runs again with it
    assert printed == ["rerun"]
    trainer.start()
    handle = handles[0]
    assert handle.setup["live"] and handle.setup["params"] == {"lr": 0.3}
    assert trainer.training.phase == "running"
    handle.on_event(progress(5))
    handle.on_event(log(4, loss=0.5))
    deadline = time.monotonic() + 10
    while trainer.training.step != 5 and time.monotonic() < deadline:
        doc.run()
        time.sleep(0.05)
    assert trainer.training.step == 5
    trainer.start()  # Pause
    assert handle.sent[-1] == {"op": "pause"} and trainer.training.phase == "paused"
    trainer.step()
    assert handle.sent[-1] == {"op": "step"}
    trainer.value("lr", 0.9)
    assert handle.sent[-1] == {"op": "params", "values": {"lr": 0.9}}
    trainer.stop()
    handle.on_event(progress(9))  # arrives after Stop: the counter stays frozen
    time.sleep(0.5)
    doc.run()
    assert (trainer.training.phase, trainer.training.step) == ("stopped", 5)
    assert trainer.live is None and handle.result.error["type"] == "Cancelled"


def test_the_console_shows_a_live_runs_newest_lines():
    from sandbox.app.training.trainer import CONSOLE_TAIL_LINES, console_tail

    text = "".join(f"step {k}\n" for k in range(100))
    tail = console_tail(text)
    assert tail.splitlines()[0] == f"… {100 - CONSOLE_TAIL_LINES} lines above"
    assert tail.splitlines()[-1] == "step 99" and len(tail.splitlines()) == CONSOLE_TAIL_LINES + 1
    assert console_tail("one\ntwo\n") == "one\ntwo\n"


def test_a_live_run_that_fails_says_why_in_the_panel():
    t = Training()
    t.started()
    t.progressed(progress(3))
    t.ended({"type": "ZeroDivisionError", "message": "line 9: ZeroDivisionError: <b>division</b> by zero"})
    assert status_text(t).endswith("at step <b>3</b> / 100: line 9: ZeroDivisionError: &lt;b&gt;division&lt;/b&gt; "
                                   "by zero")


def test_a_preview_arriving_while_a_live_run_trains_leaves_the_panel_alone():
    handles = []
    trainer = Trainer(Doc(), graphs=None, view=lambda: {}, code=lambda: "code", show_scene=None,
                      show_stdout=lambda text: None, rerun=lambda: None, start=fake_start(handles))
    trainer.start()
    trainer.preview(RunResult(ok=True, events=[progress(1, "preview")]))
    assert trainer.live is not None and trainer.training.phase == "running"
    trainer.stop()


def test_the_graph_a_paused_run_sent_last_is_drawn_though_nothing_follows_it():
    handles, updates = [], []
    run = LiveRun(fake_start(handles), "code", {}, lambda batch, final: batch,
                  lambda run, update, final: (updates.append(update), run.applied()))
    handles[0].on_event({"type": "snapshot", "graph": "first"})
    time.sleep(0.6)
    handles[0].on_event({"type": "snapshot", "graph": "at the pause"})  # within a second: held back...
    deadline = time.monotonic() + 10
    while not any((u["snapshot"] or {}).get("graph") == "at the pause" for u in updates):
        assert time.monotonic() < deadline, "the held snapshot never went out"  # ...but not for ever
        time.sleep(0.05)
    run.cancel()


def test_a_control_shows_the_scripts_value_without_sending_it_back():
    from sandbox.app.training.training_view import TrainingPanel

    t, moved = Training(), []
    panel = TrainingPanel(t, on_start=None, on_stop=None, on_step=None, on_value=lambda *a: moved.append(a))
    declare = lambda value: t.declared([{"type": "param", "name": "n", "value": value, "default": 3, "low": None,
                                         "high": None}])
    declare(3)
    widget = panel.controls.objects[0]
    assert type(widget).__name__ == "IntInput" and widget.value == 3
    declare(5)  # the script read 5 (the app's value, or an edited default)
    assert widget.value == 5 and moved == []
    with param.edit_constant(widget):  # the user types 7: the browser sets both
        widget.param.update(value=7, value_throttled=7)
    assert moved == [("n", 7)]
