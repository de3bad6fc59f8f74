"""`micrograd-sandbox render`: a script in, a laid-out graph out (JSON or DOT).

If this breaks, the command line gives no file, a file the app cannot read,
or a drawing that moved although the script did not change.
"""

import json
import subprocess
import sys

import pytest
from layout_helpers import run

from sandbox import render
from tests.needs import missing

SCRIPT = "a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nc = (a * b + a).relu()\nc.backward()\n"
KEYS = {"id", "label", "op", "data", "grad", "scope", "kind", "x", "y"}


def test_lay_out_writes_the_documented_json(tmp_path):
    G, pos, crossings = render.lay_out(run(SCRIPT), "layered")
    out = tmp_path / "g.json"
    render.write_json(out, G, pos, crossings)
    doc = json.loads(out.read_text())
    assert all(set(n) == KEYS for n in doc["nodes"])
    assert {n["kind"] for n in doc["nodes"]} == {"value", "op"}
    assert {tuple(e) for e in doc["edges"]} == set(G.edges) and doc["crossings"] == 0


def test_the_cache_file_keeps_positions_between_two_renders(tmp_path):
    cache = tmp_path / "cache.json"
    _, first, _ = render.lay_out(run(SCRIPT), "layered", cache)
    _, second, _ = render.lay_out(run(SCRIPT + "d = c * c\n"), "layered", cache)
    assert all(second[n] == p for n, p in first.items())


def test_dot_output_is_draw_dot_like_and_graphviz_reads_it(tmp_path):
    G, pos, crossings = render.lay_out(run(SCRIPT), "layered")
    out = tmp_path / "g.dot"
    render.write_dot(out, G, pos, crossings)
    text = out.read_text()
    assert "rankdir=LR" in text and "shape=record" in text and "{ a | data 2.0000 | grad" in text
    dot = subprocess.run(["dot", "-Tplain", str(out)], capture_output=True, text=True)
    if dot.returncode == 127:
        missing("graphviz not installed")
    assert dot.returncode == 0 and dot.stdout.startswith("graph")


def test_the_command_end_to_end_through_the_runner(tmp_path):
    pytest.importorskip("sandbox.runner")
    script = tmp_path / "s.py"
    script.write_text(SCRIPT)
    out = tmp_path / "g.json"
    cmd = [sys.executable, "-m", "sandbox.cli", "render", str(script), "-o", str(out), "--layout", "force"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(out.read_text())["nodes"]) == len(render.lay_out(run(SCRIPT), "force")[0]) == 8


def test_a_failing_script_reports_its_line_and_writes_nothing(tmp_path):
    pytest.importorskip("sandbox.runner")
    script = tmp_path / "bad.py"
    script.write_text("a = Value(1.0)\nb = a * undefined\n")
    out = tmp_path / "g.json"
    cmd = [sys.executable, "-m", "sandbox.cli", "render", str(script), "-o", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "line 2" in done.stderr and not out.exists()


def test_an_unknown_suffix_is_refused(tmp_path, capsys):
    args = type("Args", (), {"output": str(tmp_path / "g.svg"), "file": "x.py", "layout": "layered",
                             "cache": None, "fold_ops": False})()
    assert render.main(args) == 2
