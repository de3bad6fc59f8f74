"""Many people at once: the runner's queue, its kinds of run, and a supervisor that comes back by itself.

A user would notice a failure here as: a run that hangs with no word of why
(no queue position), a long training run that makes everyone's edits slow, or
a first run after a crash that has to wait for the sandbox to start again.
"""

import os
import signal
import time

import pytest

from sandbox.runner import Capacity, Layers, Limits, Runner
from sandbox.runner.client import process_alive
from sandbox.runner.limits import KIND_NICE
from tests.runner.procs import leaves, nice_of

SPIN = "print('go')\nwhile True:\n    pass\n"
LONG = Limits(timeout_s=60, cpu_s=60)
WAIT_S = 60


@pytest.fixture
def small_runner():
    r = Runner(Layers(), Capacity(workers=2, live_workers=1, max_waiting=3))
    yield r
    r.close()


def started(handle_events):
    deadline = time.monotonic() + WAIT_S
    while not handle_events and time.monotonic() < deadline:
        time.sleep(0.01)
    return bool(handle_events)


def test_waiting_runs_hear_their_place_in_line_and_when_they_start(small_runner):
    busy = [small_runner.start(SPIN, LONG) for _ in range(2)]
    places = {1: [], 2: []}
    waiting = [small_runner.start(f"print({i})", LONG, on_queue=places[i].append) for i in (1, 2)]
    deadline = time.monotonic() + WAIT_S
    while (not places[1] or not places[2]) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (places[1], places[2]) == ([1], [2])
    assert small_runner.load() == {"in_flight": 2, "queued": 2}
    busy[0].cancel()
    assert waiting[0].wait(WAIT_S).stdout == "1\n"
    assert places[1] == [1, 0] and places[2][:2] == [2, 1]  # the second moved up when the first started
    busy[1].cancel()
    assert waiting[1].wait(WAIT_S).stdout == "2\n"
    assert places[2] == [2, 1, 0]


def test_a_full_queue_says_busy_at_once(small_runner):
    busy = [small_runner.start(SPIN, LONG) for _ in range(2)]
    queued = [small_runner.start("print(1)", LONG) for _ in range(3)]
    refused = small_runner.start("print('one too many')", LONG).wait(WAIT_S)
    assert refused.error["type"] == "Busy" and "busy" in refused.error["message"]
    for h in busy + queued:
        h.cancel()
    assert small_runner.run("print('room again')").stdout == "room again\n"


def test_live_runs_take_their_own_share_and_edits_pass_them(small_runner):
    events = []
    live = small_runner.start(SPIN, LONG, live=True, on_event=events.append)
    assert started(events)
    places = []
    second_live = small_runner.start(SPIN, LONG, live=True, on_queue=places.append)
    edit = small_runner.start("print('edit passes')", LONG)
    assert edit.wait(WAIT_S).stdout == "edit passes\n"  # one worker was free for edits
    assert places == [1] and not second_live.done  # the live share (1) is full: it waits
    live.cancel()
    assert live.wait(WAIT_S).error["type"] == "Cancelled"
    deadline = time.monotonic() + WAIT_S
    while places[-1] != 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert places == [1, 0]
    second_live.cancel()
    second_live.wait(WAIT_S)


def test_runs_get_the_cpu_priority_of_their_kind(small_runner):
    zygote = small_runner.refresh_status()["zygote_pid"]
    for kind in ("edit", "live"):
        events = []
        handle = small_runner.start(SPIN, LONG, live=kind == "live", on_event=events.append)
        assert started(events)
        children = leaves(zygote)
        assert [nice_of(pid) for pid in children] == [KIND_NICE[kind]]
        handle.cancel()
        handle.wait(WAIT_S)
    assert nice_of(os.getpid()) == 0 and nice_of(zygote) == 0


def test_a_dead_supervisor_is_restarted_before_the_next_run_needs_it():
    r = Runner(Layers())
    try:
        first = r.supervisor_pid or (r.status() and r.supervisor_pid)
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + WAIT_S
        while (r.supervisor_pid in (None, first) or r.restarts == 0) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert r.restarts == 1 and r.supervisor_pid not in (None, first) and process_alive(r.supervisor_pid)
        assert r.run("print('back')").stdout == "back\n"
    finally:
        r.close()


def test_capacity_is_checked():
    with pytest.raises(ValueError, match="live_workers"):
        Capacity(workers=2, live_workers=3)
    assert Capacity.for_workers(3).max_waiting == 3 * 16
