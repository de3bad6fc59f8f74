"""The graph's wire form between the sandbox and the app: smaller, the same graph back, and hostile input refused."""

import json
import math

import pytest

from engine import Value, trace
from sandbox.runner.result import SchemaError, check_graph, dumps
from sandbox.runner.wire import check_packed, pack, unpack


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
