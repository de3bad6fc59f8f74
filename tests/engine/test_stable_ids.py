"""Stable node ids: the same script gives equal ids, editing constants keeps them,
appending operations keeps every existing one.

If this breaks, the drawing jumps around while the learner types.
"""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value, trace
from engine.nn import MLP


def run(script):
    """Execute a tiny script and trace every Value it names, as the runner draws them."""
    names = {"Value": Value, "MLP": MLP}
    exec(script, names)
    return trace([v for v in names.values() if isinstance(v, Value)], names=names)


def ids(graph):
    return [n.id for n in graph.nodes]


BASE = """
a = Value(2.0, label="a")
b = Value(-3.0)
c = a * b + 10.0
out = (c * Value(-2.0)).tanh()
"""


def test_same_script_twice_gives_equal_ids():
    assert ids(run(BASE)) == ids(run(BASE))


def test_changing_constants_keeps_every_id():
    edited = BASE.replace("-3.0", "7.5").replace("10.0", "0.5").replace("-2.0", "4.0")
    assert ids(run(edited)) == ids(run(BASE))


def test_appending_operations_keeps_every_existing_id():
    before = set(ids(run(BASE)))
    after = set(ids(run(BASE + "out = (out * out + Value(1.0)).relu()\n")))
    assert before <= after and len(after) > len(before)


def test_leaves_are_named_by_label_then_variable_then_rank():
    g = run(BASE)
    leaf_ids = [n.id for n in g.nodes if not n.op]
    assert "a" in leaf_ids and "b" in leaf_ids  # label, then variable name
    assert any(i.startswith("leaf") for i in leaf_ids)  # the unnamed constants


def test_module_parameters_carry_their_path_and_values_their_scope():
    random.seed(0)
    names = {"mlp": MLP(2, [3, 1])}
    out = names["mlp"]([1.0, 2.0])
    g = trace(out, names=names)
    by_id = {n.id: n for n in g.nodes}
    assert "mlp.layers.0.neurons.2.w.1" in by_id
    assert by_id["mlp.layers.0.neurons.2.w.1"].scope == "mlp.layers.0.neurons.2"
    assert by_id["mlp.layers.0.neurons.2.w.1"].label == "w.1"
    interior_scopes = {n.scope for n in g.nodes if n.op}
    assert "mlp.layers.1.neurons.0" in interior_scopes


def test_repeated_structure_gets_a_counter():
    a = Value(1.0, label="a")
    g = trace(a * a, a * a)
    assert len({n.id for n in g.nodes}) == len(g.nodes) == 3
    assert any(n.id.endswith("~2") for n in g.nodes)


def test_edges_go_child_to_parent_and_nodes_children_first():
    g = run(BASE)
    position = {n.id: i for i, n in enumerate(g.nodes)}
    assert all(position[src] < position[dst] for src, dst in g.edges)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("+*t"), st.integers(0, 20), st.floats(-5, 5)), min_size=1, max_size=15),
       st.integers(0, 14))
def test_ids_survive_constant_edits_and_appends_on_random_scripts(steps, cut):
    def script(steps, shift=0.0):
        lines = ["v0 = Value(1.0, label='x')", "v1 = Value(2.0)"]
        for k, (op, i, c) in enumerate(steps, start=2):
            src = f"v{i % k}"
            expr = {"+": f"{src} + {c + shift!r}", "*": f"{src} * v{(i + 1) % k}", "t": f"{src}.tanh()"}[op]
            lines.append(f"v{k} = {expr}")
        lines.append(f"out = v{len(steps) + 1}")
        return "\n".join(lines)

    base = ids(run(script(steps)))
    assert ids(run(script(steps, shift=0.25))) == base  # constants edited
    head = steps[: cut % len(steps) + 1]
    assert set(ids(run(script(head)))) <= set(ids(run(script(steps))))
