"""Runs in the background: the typing pause, the newest edit wins, and a failure never stops the worker."""

import threading

from sandbox.app.page.runs import RunScheduler

WAIT_S = 30  # a run through the sandbox on a loaded machine


def _collect():
    got, done = [], threading.Event()

    def on_result(outcome):
        got.append(outcome)
        done.set()
    return got, done, on_result


def test_the_newest_edit_is_the_one_drawn():
    got, done, on_result = _collect()
    runs = RunScheduler(on_result, pause_s=0.05)
    try:
        runs.request("a = Value(1.0, label='a')")
        runs.request("b = Value(2.0, label='b')")
        assert done.wait(WAIT_S)
        done.clear()
        assert not done.wait(0.5)  # the replaced edit never reports
        assert [o["code"] for o in got] == ["b = Value(2.0, label='b')"]
        assert [n["label"] for n in got[0]["scene"].graph["nodes"]] == ["b"]
    finally:
        runs.close()


class _BrokenGraphs:
    def scene(self, graph, layout="layered", relayout=False):
        raise RuntimeError("layout bug")


def test_a_drawing_failure_is_reported_and_the_next_run_still_happens():
    got, done, on_result = _collect()
    runs = RunScheduler(on_result, graphs=_BrokenGraphs(), pause_s=0)
    try:
        runs.request("a = Value(1.0)", now=True)
        assert done.wait(WAIT_S)
        assert got[0]["failure"]["type"] == "DrawingError" and got[0]["scene"] is None
        done.clear()
        runs.request("b = Value(1.0)", now=True)
        assert done.wait(WAIT_S)
    finally:
        runs.close()


def test_an_edit_of_numbers_only_keeps_the_layout_and_shows_the_new_numbers():
    from engine import Value, trace
    from sandbox.app.page.runs import GraphSession

    def graph(c):
        a = Value(c, label="a")
        out = a * 2
        out.backward()
        return trace(out, names={"a": a}).to_dict()

    graphs = GraphSession()
    first = graphs.scene(graph(1.0))
    second = graphs.scene(graph(5.0))
    assert second.positions is first.positions and second.by_id["a"]["data"] == 5.0
    assert graphs.scene(graph(5.0), relayout=True).positions == first.positions
