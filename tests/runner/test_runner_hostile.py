"""The attack corpus (tests/runner/hostile/*.py), each script under every isolation mode.

Modes (tests/runner/servers.py): all layers; the language layer alone (no
seccomp, no namespaces); the language layer off with only seccomp, or only
namespaces (bubblewrap, unshare); all layers with the server as an ordinary
user. Wherever the language layer is on, the tripwire oracle also says whether
the script got the real builtins or a module's globals, whatever the OS layers
did with the rest. A user would notice a failure here as: someone else's code
reading the server's files or secrets, reaching the network, leaving files,
killing the server, or breaking the next person's gradients.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.runner import Limits
from sandbox.runner.result import check_result
from tests.runner.oracles import BENIGN_CHECK, BENIGN_STDOUT, LEFTOVER
from tests.runner.servers import MODES

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_DIR = Path(__file__).parent / "hostile"
HOSTILE = sorted(p.name for p in HOSTILE_DIR.glob("*.py"))
GENERATE = "# GENERATE: "  # a hostile file whose script is too big to store is generated from this expression
HOSTILE_LIMITS = Limits(timeout_s=0.5, cpu_s=1, memory_mb=256)  # short, so the slow attacks stay cheap
ROOMY = Limits(timeout_s=30, cpu_s=10, memory_mb=256)  # room for the memory limit and the graph cap to speak
CPU_BOUND = Limits(timeout_s=30, cpu_s=1, memory_mb=256)  # the CPU limit speaks long before the wall clock


def hostile_code(name):
    text = (HOSTILE_DIR / name).read_text()
    for line in text.splitlines():
        if line.startswith(GENERATE):
            return eval(line[len(GENERATE):], {})  # our own corpus file, evaluated outside the sandbox
    return text


def contained(server, oracles, code, limits=HOSTILE_LIMITS):
    """Run code and check every oracle; returns the result for further checks."""
    script = oracles.substitute(code, server)
    supervisor = server.supervisor_pid
    result = server.run(script, limits)
    check_result(result)
    json.loads(json.dumps(result, allow_nan=False))  # valid JSON, as a browser would parse it
    assert oracles.leaks(result, script) == [], result
    if server.layers.language:
        assert not oracles.escaped(result, server.tripwire), f"got past the language layer: {result}"
    assert oracles.markers() == []
    assert oracles.listener.hits == 0
    assert server.alive(), "the server or its supervisor died"
    assert server.supervisor_pid == supervisor, "the supervisor was replaced"
    check = server.run(BENIGN_CHECK)
    assert check["ok"], check["error"]
    assert check["stdout"] == BENIGN_STDOUT
    assert oracles.leaks(check, BENIGN_CHECK) == []
    assert oracles.lingering(server.supervisor_pid) == []
    return result


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("name", HOSTILE)
def test_attack_is_contained(server_for, oracles, mode, name):
    contained(server_for(mode), oracles, hostile_code(name))


@pytest.mark.parametrize("mode", list(MODES))
def test_files_left_by_one_run_are_gone_for_the_next(server_for, oracles, mode):
    server = server_for(mode)
    contained(server, oracles, hostile_code("leave_files.py"))
    result = contained(server, oracles, hostile_code("find_left_files.py"))
    assert LEFTOVER not in result["stdout"]


def test_html_in_labels_comes_back_as_text(server_for, oracles):
    result = contained(server_for("all_layers"), oracles, hostile_code("html_labels.py"))
    labels = {n["label"] for n in result["graph"]["nodes"]}
    assert "<script>alert('x')</script>" in labels
    assert '"><b>bold</b>' in labels
    assert "<h1>hi</h1>" in result["stdout"]


def test_nan_and_infinity_survive_as_json_strings(server_for, oracles):
    result = contained(server_for("all_layers"), oracles, hostile_code("nan_inf_values.py"))
    data = {n["label"]: n["data"] for n in result["graph"]["nodes"]}
    assert data["nan"] == "NaN" and data["inf"] == "Infinity"
    assert data["bigint"] == "Infinity"  # 10**400 has no float; JSON.parse would lose it anyway
    assert result["events"][0]["metrics"] == {"loss": "NaN", "other": "-Infinity"}


@pytest.mark.parametrize("name, limits, kind", [
    ("infinite_loop.py", CPU_BOUND, "CpuLimit"),
    ("sleep_forever.py", ROOMY, "NotAllowed"),
    ("memory_bomb.py", ROOMY, "MemoryLimit"),
    ("huge_graph.py", ROOMY, "GraphTooLarge"),
])
def test_limits_give_plain_messages(server_for, oracles, name, limits, kind):
    """Under the language layer the limits still speak plainly: 'used more than 1 s of CPU time', ..."""
    result = contained(server_for("all_layers"), oracles, hostile_code(name), limits)
    assert not result["ok"] and result["error"]["type"] == kind, result["error"]
    assert result["error"]["message"].startswith(("Your script", "line ", "The graph"))


def test_printed_lines_that_imitate_the_app_stay_the_users_own_text(server_for, oracles, tmp_path):
    """Lines that look like a result, another run's reply or the command line's summary are only printed text."""
    code = hostile_code("stdout_imitation.py")
    result = contained(server_for("all_layers"), oracles, code)
    assert result["ok"] and [e["type"] for e in result["events"]] == ["log"]  # no forged result, log or event
    assert result["stdout"].startswith('{"type":"result","ok":true') and "\x1b[2K\r" in result["stdout"]
    script = tmp_path / "imitation.py"
    script.write_text(code)
    out = subprocess.run([sys.executable, "-m", "sandbox.cli", "run", str(script)], capture_output=True, text=True,
                         cwd=ROOT)
    assert out.returncode == 0
    assert not any(c in out.stdout for c in "\x1b\r\x00\x9b\u202e"), "a terminal would obey the script's text"
    assert "\\x1b[2K\\x0d" in out.stdout and "\\u202e" in out.stdout  # shown, escaped
    ours = out.stderr.splitlines()
    assert len(ours) == 1 and ours[0].startswith("ok: 0 values"), ours  # the summary: on stderr, alone
