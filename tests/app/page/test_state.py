"""The session's state: what a learner reads when a run fails, and how steps move."""

from engine import Value, trace
from layouts import PositionCache, graph_model
from sandbox.app.graph.scene import Scene
from sandbox.app.page.state import Session, error_sentence


def test_python_errors_keep_their_name_once():
    e = {"type": "NameError", "message": "line 1: NameError: name 'open' is not defined", "line": 1}
    assert error_sentence(e) == "Line 1: NameError: name 'open' is not defined"


def test_sandbox_refusals_read_as_sentences():
    e = {"type": "NotAllowed", "message": "line 1: import of 'os' is not allowed in the sandbox", "line": 1}
    assert error_sentence(e) == "Line 1: Import of 'os' is not allowed in the sandbox"
    t = {"type": "Timeout", "message": "Your script ran longer than 5 s and was stopped.", "line": None}
    assert error_sentence(t) == "Your script ran longer than 5 s and was stopped."
    lost = {"type": "SandboxError", "message": "The sandbox failed while running your script; please run it again."}
    assert error_sentence(lost) == lost["message"]  # the sandbox's own failure: no Python-looking name


def test_waiting_runs_say_why():
    from sandbox.app.page.state import wait_sentence

    assert wait_sentence({"queued": 2}) == "busy: your run is queued (position 2)"
    assert wait_sentence({"busy": 1.0}) == "the sandbox is full: trying your run again in 1 s"
    assert wait_sentence({}) == ""


def _session():
    a = Value(2.0, label="a")
    out = a * a
    out.backward()
    g = trace(out, names={"a": a}).to_dict()
    G = graph_model(g)
    s = Session()
    s.scene = Scene(g, G, PositionCache().place(G))
    return s


def test_stepping_stops_at_both_ends():
    s = _session()
    s.step_by(1)
    assert s.step_mode == "backward" and s.step == 1
    s.playing = True
    s.step_by(5)
    assert s.step == s.steps == 2 and not s.playing
    s.step_by(-10)
    assert s.step == 0


def test_changing_the_mode_starts_over():
    s = _session()
    s.step_by(2)
    s.step_mode = "forward"
    assert s.step == 0 and s.step_view == ("forward", 0)
