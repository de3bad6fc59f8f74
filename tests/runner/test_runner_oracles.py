"""The oracles themselves: each one must see what it watches for, or the corpus proves nothing."""

import os
import socket
import time

from tests.runner.oracles import CANARY, EARLIER, LEFTOVER, SECRET, SECRET_NAME

WAIT_S = 5.0  # the listener's threads count a hit a moment after it happens


def test_leaks_are_seen(oracles):
    result = {"stdout": f"{CANARY} {SECRET}", "graph": {"nodes": [{"label": EARLIER + LEFTOVER}]}}
    assert sorted(oracles.leaks(result, "")) == ["canary", "earlier run", "leftover", "secret"]
    assert oracles.leaks(result, f"{CANARY} {SECRET} {EARLIER} {LEFTOVER}") == []  # the script's own text
    assert os.environ[SECRET_NAME] == SECRET and oracles.canary.read_text() == CANARY


def test_markers_are_seen(oracles):
    path = oracles.marker_dir / "made-by-the-oracle-test"
    path.write_text("x")
    try:
        assert path in oracles.markers()
    finally:
        path.unlink()
    assert oracles.markers() == []


def test_connections_are_seen(oracles):
    before = oracles.listener.hits
    socket.create_connection(("127.0.0.1", oracles.listener.port), timeout=5).close()
    deadline = time.monotonic() + WAIT_S
    while oracles.listener.hits == before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert oracles.listener.hits == before + 1
    oracles.listener.hits = before  # the corpus expects no hits at all


def test_the_tripwire_is_seen(server_for, oracles):
    """A script that got the real builtins (here the language layer is off) shows the decoy; the verdict says so."""
    server = server_for("seccomp_only")
    for code in ("import builtins\nprint(sorted(vars(builtins)))", "print(Value.backward.__globals__)"):
        result = server.run(code)
        assert oracles.escaped(result, server.tripwire), result
        assert result["error"]["type"] == "SandboxEscape" and result["stdout"] == ""  # nothing of it is shown
    assert not oracles.escaped(server.run("print(sorted(globals()))"), server.tripwire)
    assert oracles.escaped({"stdout": f"x{server.tripwire}"}, server.tripwire)  # however it came back
