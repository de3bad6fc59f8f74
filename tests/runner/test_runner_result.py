"""RunResult as JSON, and the schema check that stands between the sandbox and the app.

A user would notice a failure here as: a graph with NaN that the browser cannot
parse, or a crafted message from a script reaching the page.
"""

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.runner.result import RunResult, check_event, check_result
from sandbox.runner.wire import SchemaError, dumps, json_number

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20)


@given(json_values)
def test_schema_check_refuses_garbage_with_schema_error_only(value):
    for check in (check_result, check_event):
        try:
            check(value)
        except SchemaError:
            pass


@given(st.floats() | st.integers())
def test_every_number_becomes_json_a_browser_parses(x):
    encoded = json_number(x)
    text = dumps({"x": encoded})
    back = json.loads(text)["x"]
    if isinstance(x, float) and math.isnan(x):
        assert back == "NaN"
    elif isinstance(x, float) and math.isinf(x):
        assert back == ("Infinity" if x > 0 else "-Infinity")
    else:
        assert isinstance(back, (int, float, str))


def test_a_result_survives_the_round_trip():
    r = RunResult.failure("ZeroDivisionError", "line 1: ZeroDivisionError: division by zero", 1, 4,
                          stdout="hi\n", events=[{"type": "log", "step": 1, "metrics": {"loss": "NaN"}}])
    again = RunResult.from_dict(json.loads(r.to_json()))
    assert again == r


def test_edges_must_join_known_nodes():
    node = {"id": "a", "label": "", "op": "", "data": 1.0, "grad": 0.0, "scope": ""}
    bad = {"type": "snapshot", "graph": {"nodes": [node], "edges": [["a", "b"]]}}
    try:
        check_event(bad)
    except SchemaError:
        return
    raise AssertionError("an edge to an unknown node passed the check")


@given(st.lists(json_values, max_size=3))
def test_edges_of_any_shape_give_schema_errors_only(edges):
    node = {"id": "a", "label": "", "op": "", "data": 1.0, "grad": 0.0, "scope": ""}
    try:
        check_event({"type": "snapshot", "graph": {"nodes": [node], "edges": edges}})
    except SchemaError:
        pass


def test_training_events_with_numbers_no_browser_can_hold_are_refused():
    for value in (10**400, float("nan"), "NaN", True):
        with pytest.raises(SchemaError):
            check_event({"type": "param", "name": "lr", "value": value, "default": 1, "low": None, "high": None})
    check_event({"type": "param", "name": "lr", "value": 0.5, "default": 1, "low": 0, "high": 2})


def _network(sizes):
    rows = lambda n_out, n_in: [[0.1] * n_in for _ in range(n_out)]
    weights = [rows(sizes[i + 1], sizes[i]) for i in range(len(sizes) - 1)]
    biases = [[0.0] * n for n in sizes[1:]]
    return {"type": "network", "step": 3, "sizes": sizes, "acts": ["relu"] * (len(sizes) - 1), "weights": weights,
            "biases": biases, "weight_grads": weights, "bias_grads": biases}


def test_network_events_must_match_their_sizes_and_caps():
    check_event(_network([2, 16, 16, 1]))
    bad = _network([2, 3, 1])
    bad["weights"][0][1] = [0.1]  # a neuron with one input where the layer before has two
    for ev in (bad, _network([2, 65, 1]), _network([64] * 3 + [1]) | {"sizes": [64] * 3}, _network([2] * 10)):
        with pytest.raises(SchemaError):
            check_event(ev)


def test_boundary_events_must_be_a_grid_over_a_box():
    ev = {"type": "boundary", "step": None, "box": [0, 1, -1, 1], "shape": [2, 3], "scores": [0.0] * 6,
          "points": [[0.5, 0.5]], "labels": [1]}
    check_event(ev)
    for change in ({"box": [1, 0, -1, 1]}, {"shape": [2, 300]}, {"scores": [0.0] * 5},
                   {"points": [[0.5, "x"]]}, {"labels": []}):
        with pytest.raises(SchemaError):
            check_event({**ev, **change})
