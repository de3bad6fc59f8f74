"""graph_model: the trace drawn as draw_dot draws it, from plain JSON data.

If this breaks, the app draws the wrong nodes or edges for a learner's script.
"""

import json

import networkx as nx
from layout_helpers import model, run

from engine import Value, trace
from layouts import graph_model, op_id

CODE = "a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nc = a * b + a\nd = c.relu()\n"


def test_a_value_node_per_value_and_an_op_node_between_inputs_and_output():
    d = run(CODE)
    G = graph_model(json.loads(json.dumps(d)))  # what the app receives: JSON, never Values
    values = [n for n in G if G.nodes[n]["kind"] == "value"]
    ops = [n for n in G if G.nodes[n]["kind"] == "op"]
    assert values == [n["id"] for n in d["nodes"]]
    assert len(ops) == sum(1 for n in d["nodes"] if n["op"])
    for child, parent in d["edges"]:
        assert G.has_edge(child, op_id(parent)) and G.has_edge(op_id(parent), parent)
    assert all(G.in_degree(v) >= 1 and G.out_degree(v) == 1 for v in ops)


def test_value_nodes_keep_the_trace_attributes():
    G = model(CODE)
    a = G.nodes["a"]
    assert (a["label"], a["op"], a["data"], a["grad"], a["scope"]) == ("a", "", 2.0, 0.0, "")


def test_fold_ops_draws_edges_straight_from_child_to_value():
    d = run(CODE)
    G = graph_model(d, fold_ops=True)
    assert set(G) == {n["id"] for n in d["nodes"]}
    assert set(G.edges) == {tuple(e) for e in d["edges"]}


def test_nodes_come_in_topological_order_and_the_roots_are_named():
    G = model(CODE)
    order = {n: i for i, n in enumerate(G)}
    assert all(order[u] < order[v] for u, v in G.edges)
    assert G.graph["roots"] == [n for n in G if G.out_degree(n) == 0]


def test_a_value_used_twice_in_one_op_gives_one_edge():
    a = Value(3.0, label="a")
    G = graph_model(trace(a * a).to_dict())
    assert G.number_of_edges() == 2 and nx.is_directed_acyclic_graph(G)


def test_empty_trace_gives_an_empty_graph():
    assert graph_model({"nodes": [], "edges": []}).number_of_nodes() == 0


def test_the_graph_equals_one_built_through_networkx_public_api():
    G = model(CODE)
    H = nx.DiGraph(roots=G.graph["roots"])
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(G.edges)
    assert nx.utils.graphs_equal(G, H) and list(G) == list(H)
    assert list(G.successors("a")) == list(H.successors("a")) and G.adj["a"] == G.succ["a"]
    G.add_edge("a", "new")  # and it stays an ordinary, editable graph
    assert G.has_edge("a", "new") and "a" in G.pred["new"]
