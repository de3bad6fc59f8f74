"""`micrograd-sandbox serve` for many people: /health, queue positions, rate limits, --public, sessions freed.

A user would notice a failure here as: a run that hangs without a word while
others' runs go first, a public server that starts without its walls, a tab
flood that slows a whole class, or a server whose memory grows with every
student who ever opened it.
"""

import argparse
import time
from functools import partial
from pathlib import Path

import pytest

from presets import list_presets
from sandbox.app import server as serve_command
from sandbox.app.serving.policy import PUBLIC_LIMITS, SESSION_BURST, Policy
from sandbox.app.serving.sessions import Classroom, client_address
from sandbox.runner import run
from sandbox.runner.limits import WORKERS

WAIT_S = 30
SPIN = "while True:\n    pass\n"


def labelled(token):
    return f"t = Value(1.0, label='{token}')\nprint('{token}')\n"


def shows(token):
    return lambda t: token in t.labels() and token in t.console() and not t.error()


def held_or_ran(tab, token):
    """"held" while the rate limit holds the edit back, "ran" once its result shows."""
    if "too many runs at once: yours starts in" in tab.status():
        return "held"
    return "ran" if shows(token)(tab) else None


def test_health_says_which_layers_hold_and_who_is_connected(start_server, open_tab):
    server = start_server()
    health = server.health()
    assert health["ok"] and health["public"] is False
    assert health["isolation"]["os_layers_ok"] and health["isolation"]["namespaces"] in ("bwrap", "unshare")
    assert set(health["isolation"]) >= {"language", "uid_drop", "rlimits", "seccomp"}
    assert health["runs"] == {"in_flight": 0, "queued": 0}
    tab = open_tab(server.url)
    tab.type(labelled("hello"))
    assert tab.wait(shows("hello"))
    assert server.health()["sessions"]["open"] == 1


def test_a_run_waiting_for_a_worker_says_its_place_in_line(start_server, open_tab):
    server = start_server("--workers", "1")
    hog, waiting = open_tab(server.url), open_tab(server.url)
    # each tab runs the default preset as it opens: until both have drawn it, "in flight" may be one of those
    # (and a slow machine saw the run counted there finish while the test looked for the queued one)
    assert all(tab.wait(lambda t: t.labels() and not t.error(), WAIT_S) for tab in (hog, waiting))
    assert server.health()["runs"] == {"in_flight": 0, "queued": 0}
    hog.type(SPIN)  # holds the only worker until its 5 s are up
    deadline = time.monotonic() + WAIT_S
    while server.health()["runs"]["in_flight"] < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    waiting.type(labelled("my_turn"))
    assert waiting.wait(lambda t: "busy: your run is queued (position 1)" in t.status(), WAIT_S)
    assert server.health()["runs"] == {"in_flight": 1, "queued": 1}
    assert waiting.wait(shows("my_turn"))  # and it runs once the worker is free
    assert hog.wait(lambda t: t.error(), WAIT_S) == "Your script ran longer than 5 s and was stopped."


def test_public_mode_rate_limits_a_flooding_tab_and_still_runs_its_last_edit(start_server, open_tab):
    server = start_server("--public")
    assert server.health()["public"] and "supervisor_pid" not in server.health()  # no pids for the public
    tab = open_tab(server.url)
    held = []
    for k in range(SESSION_BURST + 4):  # each edit as soon as the last result is back: beyond the burst
        token = f"flood{k}"
        tab.type(labelled(token))
        first = tab.wait(partial(held_or_ran, token=token))
        if first == "held":
            held.append(k)
        assert tab.wait(shows(token)), f"edit {k} never ran"  # held, never dropped
    assert held and held[0] >= SESSION_BURST - 1, held


def test_closed_tabs_free_their_sessions_and_state(start_server, open_tab):
    server = start_server("--session-lifetime", "1")
    for round_ in range(2):
        tabs = [open_tab(server.url) for _ in range(4)]
        for i, tab in enumerate(tabs):
            tab.type(labelled(f"r{round_}t{i}"))
        assert all(tab.wait(shows(f"r{round_}t{i}")) for i, tab in enumerate(tabs))
        assert server.health()["sessions"]["open"] == 4
        for tab in tabs:
            tab.close()
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            sessions = server.health()["sessions"]
            if sessions["open"] == 0 and sessions["states"] == 0:
                break
            time.sleep(0.3)
        assert sessions["open"] == 0 and sessions["states"] == 0, sessions  # destroyed, and their IDEs freed
    assert server.health()["sessions"]["served"] == 8
    assert server.health()["runs"] == {"in_flight": 0, "queued": 0}


def test_num_procs_serves_from_several_processes_that_stop_with_the_one_started(start_server, open_tab):
    """`serve --num-procs 2`: two processes serve the port, sharing the machine's workers, and stop together.

    Before, a SIGTERM to the process started (what systemd or Ctrl+C sends) left its forked servers
    holding the port, so a restarted server could not bind it; and each process ran as many scripts at
    once as a lone server would, so two processes ran twice as many on the same cores.
    """
    server = start_server("--num-procs", "2")
    deadline = time.monotonic() + WAIT_S
    while len(server.pids()) < 3 and time.monotonic() < deadline:  # the one started and the two it forked
        time.sleep(0.2)
    pids = server.pids()
    assert len(pids) == 3, pids
    tab = open_tab(server.url)
    tab.type(labelled("forked"))
    assert tab.wait(shows("forked"))
    assert server.health()["workers"]["workers"] == max(1, WORKERS // 2)
    server.proc.terminate()
    server.proc.wait(WAIT_S)
    deadline = time.monotonic() + WAIT_S
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in pids if Path(f"/proc/{pid}").exists()] == []


def test_public_refuses_to_start_without_the_os_layers(monkeypatch, capsys):
    import sandbox.runner as runner

    monkeypatch.setattr(runner, "configure", lambda capacity=None: None)
    monkeypatch.setattr(runner, "isolation_status", lambda: {"seccomp": False, "namespaces": "none",
                                                             "os_layers_ok": False})
    monkeypatch.setattr(serve_command, "serve", lambda **kwargs: pytest.fail("it must not serve"))
    parser = argparse.ArgumentParser()
    serve_command.add_arguments(parser)
    assert serve_command.main(parser.parse_args(["--public"])) == serve_command.EXIT_REFUSED
    assert "--public needs the sandbox's OS layers" in capsys.readouterr().err


@pytest.mark.parametrize("preset", [p["name"] for p in list_presets()])
def test_every_preset_fits_the_public_limits(preset):
    code = next(p["code"] for p in list_presets() if p["name"] == preset)
    result = run(code, PUBLIC_LIMITS)
    assert result.ok, result.error


def test_a_classroom_caps_tabs_per_address_and_trusts_only_a_local_proxy():
    room = Classroom(Policy(max_sessions_per_address=2, session_rate=(1.0, 1), address_rate=(10.0, 10)))
    tabs = [_Tab(), _Tab()]
    gates = [room.join(t, "10.0.0.7") for t in tabs]
    assert not room.admit("10.0.0.7") and room.admit("10.0.0.8")
    assert gates[0].delay() == 0.0 and gates[0].delay() > 0  # a burst of one, then wait
    room.leave(tabs[0])
    assert room.admit("10.0.0.7")
    assert client_address("127.0.0.1", {"X-Real-IP": "203.0.113.5"}) == "203.0.113.5"
    assert client_address("198.51.100.2", {"X-Real-IP": "203.0.113.5"}) == "198.51.100.2"  # spoofed: ignored


class _Tab:
    """Stands for an IDE session (the classroom holds them weakly)."""
