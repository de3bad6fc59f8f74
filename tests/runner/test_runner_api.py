"""The runner's contract as the web app and the command line use it.

A user would notice a failure here as: a wrong or missing graph, an error
without a line number, a run that never ends, the page freezing when several
people run code at once, or `micrograd-sandbox run` exiting with the wrong status.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import engine
from sandbox.runner import Layers, Limits, Runner, RunResult, isolation_status, run, start
from sandbox.runner import command as run_command
from sandbox.runner.client import process_alive
from sandbox.runner.result import check_result
from tests.needs import missing

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def runner():
    r = Runner(Layers())
    yield r
    r.close()


def test_defaults_are_named_and_sane():
    lim = Limits()
    assert (lim.timeout_s, lim.memory_mb, lim.max_stdout_bytes, lim.max_values) == (5.0, 512, 1_000_000, 200_000)


def test_graph_is_the_engines_trace_of_what_the_script_shows(runner):
    code = "a = Value(2.0, label='a')\nb = Value(-3.0)\nc = a * b + a\nc.backward()\nshow(c)\n"
    result = runner.run(code)
    assert result.ok and result.error is None
    a = engine.Value(2.0, label="a")
    b = engine.Value(-3.0)
    c = a * b + a
    c.backward()
    assert result.graph == trace_dict(c, names={"a": a, "b": b, "c": c})
    check_result(result.to_dict())


def trace_dict(*roots, names):
    return json.loads(json.dumps(engine.trace(*roots, names=names).to_dict()))


def test_show_replaces_the_automatic_choice_and_the_last_call_wins(runner):
    result = runner.run("a = Value(1.0, label='a')\nb = Value(2.0, label='b')\nshow(a)\nshow(b)\n")
    assert [n["id"] for n in result.graph["nodes"]] == ["b"]


def test_module_level_run_and_start_use_a_shared_runner():
    assert run("x = Value(3.0)").graph["nodes"][0]["id"] == "x"
    handle = start("y = Value(4.0)")
    assert handle.wait(timeout=60).ok and handle.done


def test_syntax_error_points_at_the_line_and_column(runner):
    result = runner.run("a = Value(1.0)\nb = a +* 2\n")
    assert not result.ok
    assert result.error["type"] == "SyntaxError"
    assert result.error["line"] == 2 and result.error["column"] is not None
    assert result.error["message"].startswith("line 2: ")


def test_runtime_error_lists_only_the_users_frames(runner):
    code = "def f(v):\n    return v.log()\n\nx = Value(-1.0)\ny = f(x)\n"
    result = runner.run(code)
    assert result.error["type"] == "ValueError"
    assert result.error["line"] == 2
    assert result.error["message"].startswith("line 2: ValueError: log(-1.0)")
    assert result.error["traceback"] == ["line 5, in <module>: y = f(x)", "line 2, in f: return v.log()"]


def test_refused_import_names_the_module_and_line(runner):
    result = runner.run("import math\nx = 1\nimport os\n")
    assert result.error["message"].startswith("line 3: import of 'os' is not allowed in the sandbox")
    assert (result.error["line"], result.error["column"]) == (3, 0)


def test_timeout_is_a_plain_sentence(runner):
    result = runner.run("while True:\n    pass\n", Limits(timeout_s=1, cpu_s=30))
    assert result.error == {"type": "Timeout", "message": "Your script ran longer than 1 s and was stopped.",
                            "line": None, "column": None, "traceback": []}


def test_cpu_limit_is_a_plain_sentence(runner):
    result = runner.run("while True:\n    pass\n", Limits(timeout_s=30, cpu_s=1))
    assert result.error["type"] == "CpuLimit"
    assert result.error["message"] == "Your script used more than 1 s of CPU time and was stopped."


def test_memory_limit_is_a_plain_sentence(runner):
    result = runner.run("x = [0] * 10**9\n", Limits(memory_mb=200))
    assert result.error["type"] == "MemoryLimit"
    assert result.error["message"] == "Your script used more than 200 MB of memory and was stopped."


def test_stdout_is_capped_and_marked(runner):
    result = runner.run("for i in range(1000):\n    print('x' * 100)\n", Limits(max_stdout_bytes=1000))
    assert result.ok and result.stdout_truncated
    assert result.stdout == ("x" * 100 + "\n") * 9 + "x" * 91


def test_graph_cap_gives_a_clear_message(runner):
    result = runner.run("a = Value(1.0)\nfor i in range(100):\n    a = a + 1\n", Limits(max_values=50))
    assert result.error["type"] == "GraphTooLarge" and "more than 50 values" in result.error["message"]


def test_events_stream_in_order_while_the_run_goes_on(runner):
    code = ("a = Value(1.0, label='a')\nfor k in range(3):\n    a = a * 2\n    print('step', k)\n"
            "    log(step=k, loss=a)\nsnapshot(a)\n")
    events = []
    handle = runner.start(code, on_event=events.append)
    result = handle.wait(timeout=60)
    assert result.ok
    text = "".join(e["text"] for e in events if e["type"] == "stdout")
    assert text == result.stdout == "step 0\nstep 1\nstep 2\n"
    logs = [e for e in events if e["type"] == "log"]
    assert [(e["step"], e["metrics"]) for e in logs] == [(0, {"loss": 2.0}), (1, {"loss": 4.0}), (2, {"loss": 8.0})]
    assert events[-1]["type"] == "snapshot" and events[-1]["graph"] == result.graph
    assert [e["type"] for e in result.events] == ["log", "log", "log", "snapshot"]


def test_cancel_stops_a_run(runner):
    started = threading.Event()
    handle = runner.start("print('go')\nwhile True:\n    pass\n", Limits(timeout_s=60, cpu_s=60),
                          on_event=lambda e: started.set())
    assert started.wait(60)
    handle.cancel()
    result = handle.wait(timeout=60)
    assert result.error["type"] == "Cancelled" and result.stdout == "go\n"


def test_many_threads_at_once_each_get_their_own_result(runner):
    results = {}

    def one(i):
        results[i] = runner.run(f"x = Value({i}.0)\ny = x * x\ny.backward()\nprint(x.grad)\n")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {i: r.stdout for i, r in results.items()} == {i: f"{2.0 * i}\n" for i in range(12)}


def test_a_dead_zygote_is_replaced(runner):
    os.kill(runner.refresh_status()["zygote_pid"], signal.SIGKILL)
    assert runner.run("x = Value(1.0)\nprint('fine')").stdout == "fine\n"
    assert process_alive(runner.refresh_status()["zygote_pid"])


def test_a_dead_supervisor_is_replaced():
    r = Runner(Layers())
    try:
        handle = r.start("while True:\n    pass\n", Limits(timeout_s=60, cpu_s=60))
        os.kill(r.supervisor_pid, signal.SIGKILL)
        assert handle.wait(timeout=60).error["type"] == "SandboxError"
        assert r.run("print('again')").stdout == "again\n"
    finally:
        r.close()


def test_not_a_string_is_a_result_not_an_exception(runner):
    assert runner.run(None).error["type"] == "TypeError"


def test_isolation_status_names_every_layer():
    status = isolation_status()
    assert {"language", "uid_drop", "rlimits", "seccomp", "namespaces", "os_layers_ok"} <= set(status)
    assert status["namespaces"] in ("bwrap", "unshare", "none")


def test_result_round_trips_through_json(runner):
    result = runner.run("a = Value(float('nan'), label='a')\nb = a * 2\n")
    again = RunResult.from_dict(json.loads(result.to_json()))
    assert again.graph == result.graph and again.graph["nodes"][0]["data"] == "NaN"


def test_runner_side_imports_nothing_heavy():
    code = ("import sys, sandbox.runner, sandbox.runner.command, sandbox.runner.supervisor, sandbox.runner.zygote\n"
            "heavy = [m for m in sys.modules if m.split('.')[0] in ('panel', 'bokeh', 'holoviews', 'numpy')]\n"
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def command_args(*argv):
    parser = argparse.ArgumentParser()
    run_command.add_arguments(parser)
    return parser.parse_args(argv)


def test_command_exit_status_and_json(tmp_path, capsys):
    good = tmp_path / "good.py"
    good.write_text("a = Value(2.0, label='a')\nb = a * a\nb.backward()\nprint(a.grad)\n")
    assert run_command.main(command_args(str(good), "--json")) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["stdout"] == "4.0\n" and out["graph"]["nodes"][0]["id"] == "a"
    assert set(out) >= {"ok", "error", "stdout", "graph", "events", "elapsed_s"}
    bad = tmp_path / "bad.py"
    bad.write_text("x = 1 / 0\n")
    assert run_command.main(command_args(str(bad), "--timeout", "2", "--memory", "256")) == 1
    assert "line 1: ZeroDivisionError" in capsys.readouterr().err
    assert run_command.main(command_args(str(tmp_path / "missing.py"))) == 2


def test_command_line_entry_point(tmp_path):
    script = tmp_path / "s.py"
    script.write_text("print('hello')\n")
    out = subprocess.run([sys.executable, "-m", "sandbox.cli", "run", str(script)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout == "hello\n"


def test_runs_beyond_the_active_limit_wait_and_can_be_cancelled(runner):
    spin = Limits(timeout_s=60, cpu_s=60)
    busy = [runner.start("while True:\n    pass\n", spin) for _ in range(runner.capacity.workers)]
    waiting = runner.start("print('never')", spin)
    waiting.cancel()
    assert waiting.wait(timeout=60).error["type"] == "Cancelled"
    for h in busy:
        h.cancel()
    assert {h.wait(timeout=60).error["type"] for h in busy} == {"Cancelled"}
    assert runner.run("print('next')").stdout == "next\n"


def test_limits_must_be_positive():
    with pytest.raises(ValueError, match="memory_mb"):
        Limits(memory_mb=0)


def test_printed_text_arrives_once_and_in_order_under_the_flush_timer(runner):
    """The timer that streams printed text must never send a chunk twice or drop one."""
    code = "for i in range(30000):\n    print(i)\n    if i % 7 == 0:\n        log(step=i, x=1.0)\n"
    events = []
    result = runner.start(code, Limits(timeout_s=60, cpu_s=60), on_event=events.append).wait(timeout=120)
    expected = "".join(f"{i}\n" for i in range(30000))
    assert result.stdout == expected
    assert "".join(e["text"] for e in events if e["type"] == "stdout") == expected


def test_auto_namespaces_fall_back_when_bubblewrap_fails(monkeypatch):
    from sandbox.runner import namespaces, supervisor

    if not namespaces.available("bwrap"):
        missing("bubblewrap is not installed")
    monkeypatch.setattr(namespaces, "bwrap_command", lambda argv: ["false"])
    sup = supervisor.Supervisor(Layers())
    try:
        assert sup.zygote.mode != "bwrap"
        assert sup.zygote.status["namespaces"] == sup.zygote.mode
        assert sup.zygote.status["namespaces_problem"].startswith("bwrap: the sandbox zygote did not start")
    finally:
        sup.zygote.stop()


def test_lone_surrogates_in_code_output_and_labels_do_not_break_the_run(runner):
    result = runner.run("s = '\\ud800'\nprint('a' + s)\nv = Value(1.0, label='x' + s)\n")
    assert result.ok, result.error
    assert result.stdout == "a?\n" and result.graph["nodes"][0]["label"] == "x?"
    unreadable = runner.run("x = 1\n# \ud800\n")  # Python cannot compile it either
    assert unreadable.error["type"] == "SyntaxError" and "cannot be read" in unreadable.error["message"]
