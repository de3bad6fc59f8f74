"""The control channel and the training state of a run, in-process: what Pause, Step and a control do.

A user would notice a failure here as: Step running two steps or none, Pause
taking effect late, a slider value lost or a garbled message reaching a script.
"""

import socket

import pytest

from sandbox.runner.control import (
    MAX_CONTROL_BYTES,
    Channel,
    control_line,
    parse_control,
    parse_setup,
)
from sandbox.runner.limits import Limits
from sandbox.runner.training import LOG_BURST, LOG_ROWS_PER_S, Training


@pytest.mark.parametrize("message", [{"op": "pause"}, {"op": "resume"}, {"op": "step"},
                                     {"op": "params", "values": {"lr": 0.1, "n": 3}}])
def test_the_four_controls_pass_unchanged(message):
    assert parse_control(message) == message


@pytest.mark.parametrize("message", [
    None, [], {"op": "exec"}, {"op": "pause", "now": True}, {"op": "params"}, {"op": "params", "values": {"lr": "1"}},
    {"op": "params", "values": {"": 1}}, {"op": "params", "values": {f"p{i}": 1 for i in range(17)}},
    {"op": "params", "values": {"lr": float("inf")}}, {"op": "params", "values": {"lr": True}},
])
def test_anything_else_is_dropped(message):
    assert parse_control(message) is None
    assert control_line(message) is None


def test_a_bad_setup_is_an_edit_runs_setup():
    assert parse_setup({"live": "yes", "params": {"lr": "x"}}) == {"live": False, "params": {}, "defaults": {},
                                                                    "step": False}
    assert parse_setup({"live": True, "params": {"lr": 0.5}, "defaults": {"lr": 0.1}})["params"] == {"lr": 0.5}


def test_the_channel_reads_whole_lines_and_drops_overlong_ones():
    ours, theirs = socket.socketpair()
    closed = []
    channel = Channel(theirs.fileno(), on_closed=lambda: closed.append(True) or (_ for _ in ()).throw(EOFError))
    ours.sendall(control_line({"op": "setup", "live": True})[:5])
    ours.sendall(control_line({"op": "setup", "live": True})[5:])
    setup, _ = channel.read_setup()
    assert setup["live"] is True
    assert channel.messages() == []
    ours.sendall(b'{"op":"pa')
    assert channel.messages() == []  # half a line waits for the rest
    ours.sendall(b'use"}\n' + b"x" * (MAX_CONTROL_BYTES + 10) + b"\n" + control_line({"op": "step"}))
    assert channel.messages() == [{"op": "pause"}, {"op": "step"}]
    ours.close()
    with pytest.raises(EOFError):
        channel.messages(wait=True)
    assert closed == [True]
    theirs.close()


class FakeChannel:
    """Messages the app 'sent' before each checkpoint; waiting for more while paused takes the next batch."""

    def __init__(self, batches):
        self.batches = list(batches)

    def messages(self, wait=False):
        if not self.batches:
            assert not wait, "paused with no message left to resume it"
            return []
        return self.batches.pop(0)


def live_training(batches, step=False):
    events = []
    setup = {"live": True, "params": {}, "defaults": {}, "step": step}
    return Training(events.append, setup, Limits.live(), FakeChannel(batches)), events


def run_loop(training, n):
    """The steps a loop body ran, and the progress states it reported."""
    ran = []
    for k in training.steps(n):
        ran.append(k)
    return ran


def states(events):
    return [(e["state"], e["step"]) for e in events if e["type"] == "progress"]


def test_pause_stops_at_the_checkpoint_that_reads_it_and_step_runs_exactly_one_more():
    # checkpoint 0: nothing; 1: pause (then, paused: step); 2: paused again (then: resume)
    training, events = live_training([[], [{"op": "pause"}], [{"op": "step"}], [], [{"op": "resume"}]])
    assert run_loop(training, 4) == [0, 1, 2, 3]
    assert [s for s in states(events) if s[0] == "paused"] == [("paused", 1), ("paused", 2)]
    assert states(events)[-1] == ("done", 4)


def test_step_from_the_start_pauses_after_the_first_step():
    training, events = live_training([[], [], [{"op": "resume"}]], step=True)
    run_loop(training, 3)
    assert [s for s in states(events) if s[0] == "paused"] == [("paused", 1)]


def test_a_control_changed_while_paused_is_read_by_the_next_step():
    training, events = live_training([[], [{"op": "pause"}], [{"op": "params", "values": {"lr": 0.5}}],
                                      [{"op": "resume"}]])
    seen = []
    for _ in training.steps(3):
        seen.append(training.param("lr", 0.1, low=0.0, high=1.0))
    assert seen == [0.1, 0.5, 0.5]


def test_an_edit_run_previews_one_step_and_ignores_controls():
    events = []
    training = Training(events.append, parse_setup(None), Limits(), FakeChannel([[{"op": "pause"}]] * 5))
    assert run_loop(training, 100) == [0]
    assert states(events) == [("preview", 1)]


def test_controls_can_be_read_in_a_live_run_before_the_script_declares_them():
    training, _ = live_training([[{"op": "params", "values": {"lr": 0.7}}], []])
    for _ in training.steps(2):
        lr = training.param("lr", 0.1)
    assert lr == 0.7


def test_a_flood_of_log_rows_is_thinned_in_a_live_run_and_the_last_row_still_goes_out():
    ticks = iter(range(10**6))  # a clock 10 us further on at every reading: the flood lasts well under a second
    events = []
    training = Training(events.append, {"live": True, "params": {}, "defaults": {}, "step": False}, Limits.live(),
                        clock=lambda: next(ticks) * 1e-5)
    for k in range(20_000):
        training.logged({"type": "log", "step": k, "metrics": {}}, k)
    training.finish()
    rows = [e["step"] for e in events if e["type"] == "log"]
    elapsed = next(ticks) * 1e-5
    # the burst, then the steady rate for the time the flood took, then the last row
    assert len(rows) <= LOG_BURST + LOG_ROWS_PER_S * elapsed + 1 < 20_000 and rows[-1] == 19_999
    assert len(rows) >= LOG_BURST


def test_network_and_boundary_views_are_sent_no_more_often_than_their_interval():
    clock = iter(i * 0.01 for i in range(10**6))
    events = []
    training = Training(events.append, {"live": True, "params": {}, "defaults": {}, "step": False}, Limits.live(),
                        clock=lambda: next(clock))
    from engine.nn import MLP
    training.show_network(MLP(2, [3, 1]))
    for k in range(200):  # 200 checkpoints 0.01-0.03 s apart: a few seconds of training
        training.checkpoint(k)
    sent = [e for e in events if e["type"] == "network"]
    assert 3 <= len(sent) <= 40  # at most every 0.2 s, and within 5% of the time
