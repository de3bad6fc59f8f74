"""Faults survived: a run's child, the zygote or the supervisor killed with kill -9 in the middle of a run.

A user would notice a failure here as: a spinner that never stops, a message
that explains nothing, or a sandbox that stays broken for the next edit.
"""

import os
import signal
import time

import pytest

from sandbox.runner.client import LOST_MESSAGE, process_alive
from sandbox.runner.run_state import INTERNAL_ERROR
from tests.runner.procs import cmdline, leaves, parent_of, parent_of_or_none

SLOW = "print('started')\nwhile True:\n    pass\n"  # says something, then runs until stopped
WAIT_S = 30
ZYGOTE = "sandbox.runner.zygote"  # in the command line of the zygote and of every run it forks
STREAMED_S = 1.0  # printed text is streamed to the supervisor within this (a run that said nothing is relaunched)


def after(tab, code_token):
    """Type a script that labels and prints a token; True once its result shows without an error."""
    tab.type(f"t = Value(1.0, label='{code_token}')\nprint('{code_token}')\n")
    return tab.wait(lambda t: code_token in t.labels() and code_token in t.console() and not t.error(), WAIT_S)


def runs_now(server):
    """The pids of the runs going on: forked by the zygote, so with the zygote's very command line."""
    zygote = server.health()["zygote_pid"]  # bubblewrap's pid; the Python zygote is below it
    return [p for p in leaves(zygote) if ZYGOTE in cmdline(p) and cmdline(p) == cmdline(parent_of_or_none(p))]


def run_child(server, earlier=()):
    """The pid of the one new run going on now (not one of `earlier`, which may still be on its way out)."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        runs = [p for p in runs_now(server) if p not in earlier]
        if len(runs) == 1:
            return runs[0]
        time.sleep(0.05)
    raise AssertionError(f"no single new run below the zygote: {runs_now(server)}")


@pytest.fixture
def server_and_tab(start_server, open_tab):
    server = start_server()
    tab = open_tab(server.url)
    assert after(tab, "warm")
    return server, tab


def start_slow_run(tab, server):
    """Start a run that prints, then spins; its child's pid once what it printed has reached the supervisor."""
    earlier = runs_now(server)  # the warm-up's run is killed once it has answered: it may linger a moment
    tab.type(SLOW)
    child = run_child(server, earlier)
    time.sleep(STREAMED_S)
    assert process_alive(child), "the slow run ended by itself"
    return child


def test_a_run_killed_mid_run_says_so_and_the_next_run_works(server_and_tab):
    server, tab = server_and_tab
    os.kill(start_slow_run(tab, server), signal.SIGKILL)
    error = tab.wait(lambda t: t.error(), WAIT_S)
    assert error == "Your script was stopped by signal 9 (SIGKILL)."
    assert after(tab, "after_child")


def test_the_zygote_killed_mid_run_gives_a_plain_error_and_a_new_zygote(server_and_tab):
    server, tab = server_and_tab
    zygote = parent_of(start_slow_run(tab, server))  # the Python zygote itself (inside bubblewrap)
    os.kill(zygote, signal.SIGKILL)
    assert tab.wait(lambda t: t.error(), WAIT_S) == INTERNAL_ERROR
    assert after(tab, "after_zygote")
    assert not process_alive(zygote)


def test_the_supervisor_killed_mid_run_is_restarted_before_the_next_run(server_and_tab):
    server, tab = server_and_tab
    start_slow_run(tab, server)
    first = server.health()["supervisor_pid"]
    os.kill(first, signal.SIGKILL)
    assert tab.wait(lambda t: t.error(), WAIT_S) == LOST_MESSAGE
    deadline = time.monotonic() + WAIT_S
    while server.health()["supervisor_restarts"] < 1 and time.monotonic() < deadline:
        time.sleep(0.1)  # the watcher, not the next run, brings it back
    health = server.health()
    assert health["supervisor_restarts"] == 1 and health["supervisor_pid"] not in (None, first)
    assert after(tab, "after_supervisor")
    assert server.alive()
