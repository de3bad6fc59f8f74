"""The graph's wire form between the sandbox and the app: smaller, the same graph back, and hostile input refused."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value, trace
from sandbox.runner.result import check_event, check_graph
from sandbox.runner.wire import SchemaError, are_numbers, check_packed, dumps, is_number, loads, pack, unpack


def _graph():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = (a * b + a).tanh()
    c.label = "<b>c</b>"
    d = c * float("nan")
    d.backward()
    return trace(d)


def test_the_wire_form_comes_back_as_the_plain_graph_through_json():
    g = _graph()
    packed = json.loads(dumps(pack(g)))
    check_packed(packed)
    plain = unpack(packed)
    assert [n["id"] for n in plain["nodes"]] == [n.id for n in g.nodes]
    assert plain["edges"] == [list(e) for e in g.edges]
    assert plain["nodes"][-1]["data"] == "NaN"  # non-finite numbers travel as the runner's strings
    check_graph(plain)


def test_the_wire_form_is_a_fraction_of_the_plain_json():
    xs = [Value(float(i)) for i in range(2000)]
    g = trace(sum(x * x for x in xs))
    plain = {"nodes": [n._asdict() for n in g.nodes], "edges": [list(e) for e in g.edges]}
    assert len(dumps(pack(g))) < 0.5 * len(json.dumps(plain, separators=(",", ":")))


@pytest.mark.parametrize("spoil", [
    lambda p: p.pop("scope"),
    lambda p: p["ids"].append("extra"),
    lambda p: p["src"].append(0),
    lambda p: p["dst"].__setitem__(0, 10**6),
    lambda p: p["dst"].__setitem__(0, -1),
    lambda p: p["src"].__setitem__(0, True),
    lambda p: p["labels"].__setitem__(0, 5),
    lambda p: p["scope"].__setitem__(0, 99),
    lambda p: p["data"].__setitem__(0, "1e999"),
    lambda p: p["grad"].__setitem__(0, [1]),
    lambda p: p.update(ids="not a list"),
])
def test_a_malformed_wire_graph_is_refused(spoil):
    packed = json.loads(dumps(pack(_graph())))
    spoil(packed)
    with pytest.raises(SchemaError):
        check_graph(packed)


def test_numbers_are_json_safe_on_the_wire():
    v = Value(1e308) * 10  # overflows to inf
    packed = pack(trace(v))
    assert "Infinity" in packed["data"] and all(not (isinstance(x, float) and math.isinf(x)) for x in packed["data"])


@pytest.mark.parametrize("data", [
    b'{"x": NaN}', b'{"x": Infinity}', b'{"x": -Infinity}', b'{"x": ' + b"9" * 5000 + b"}", b'{"x": 1, "x": 2}',
    b"[" * 17 + b"]" * 17, b"[" * 100_000 + b"]" * 100_000, b'\xff{"x": 1}', b'{"x": 1', b"",
])
def test_a_message_that_breaks_the_wires_rules_is_refused(data):
    """A run's bytes that would break a reply further on (NaN tokens, endless nesting) never get in."""
    with pytest.raises(SchemaError):
        loads(data)


@pytest.mark.parametrize("number", [b"1e999", b"-1e400", b"9" * 400])
def test_a_number_no_float_holds_is_refused_by_the_schema(number):
    """Parsed as infinity or as an int past float range, it fails the message's schema, wherever it stands."""
    for message in (b'{"type":"log","step":1,"metrics":{"loss":' + number + b"}}",
                    b'{"type":"log","step":' + number + b',"metrics":{}}'):
        with pytest.raises(SchemaError):
            check_event(loads(message))
    packed = json.loads(dumps(pack(_graph())))
    packed["data"][0] = loads(number)
    with pytest.raises(SchemaError):
        check_graph(packed)


def test_strict_parsing_keeps_every_value_a_run_sends():
    message = {"type": "log", "step": 2**60, "metrics": {"loss": "NaN", "x": -1.5e300, "y": 0}, "n": [[[[1]]]]}
    assert loads(dumps(message).encode()) == message
    assert loads(dumps(pack(_graph())).encode()) == json.loads(dumps(pack(_graph())))


@settings(derandomize=True, database=None)
@given(st.lists(st.integers() | st.floats() | st.booleans() | st.sampled_from(["NaN", "Infinity", "-Infinity", "x"])
                | st.none(), max_size=8))
def test_a_column_is_numbers_exactly_when_each_item_is(xs):
    """The fast check of a graph's columns says what the item-by-item check says."""
    assert are_numbers(xs) == all(is_number(x) for x in xs)
