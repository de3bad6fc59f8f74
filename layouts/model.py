"""The graph the layouts take: a traced graph drawn the way micrograd's draw_dot draws it.

A value node per Value and, for each value made by an op, a small op node
between the op's inputs and its output (``child -> op node -> value``), so
``c = a * b`` is drawn ``a -> (*) -> c <- (*) <- b``. Big graphs may fold the
op nodes into their values (``fold_ops=True``): half the nodes, same shape.
"""

import networkx as nx

OP_SUFFIX = "/op"  # an op node's id is its value's id plus this: stable whenever the value's id is


def op_id(value_id):
    """The id of the op node that makes ``value_id``.

    >>> op_id("*:3f09c2a1b4d7")
    '*:3f09c2a1b4d7/op'
    """
    return value_id + OP_SUFFIX


def graph_model(graph, fold_ops=False):
    """A directed graph of a trace, with a node per value and one per op.

    Parameters
    ----------
    graph : dict
        A trace as plain data, as ``engine.trace(...).to_dict()`` gives it and
        the runner sends it: ``{"nodes": [{"id", "label", "op", "data",
        "grad", "scope"}, ...], "edges": [[child_id, parent_id], ...]}``,
        nodes children first.
    fold_ops : bool, optional (default=False)
        If True, no op nodes: edges run straight from child to value.

    Returns
    -------
    G : networkx.DiGraph
        Value nodes have ``kind="value"`` and the trace's attributes; op nodes
        (id ``op_id(value_id)``) have ``kind="op"``, ``op``, ``value`` (the
        id of the value they make) and that value's ``scope``. Nodes are added in the trace's order, each
        op node just before its value, so ``list(G)`` is a topological order.

    Examples
    --------
    >>> from engine import Value, trace
    >>> a = Value(2.0, label="a"); b = Value(-3.0, label="b")
    >>> G = graph_model(trace(a * b).to_dict())
    >>> [G.nodes[n]["kind"] for n in G]
    ['value', 'value', 'op', 'value']
    >>> root = G.graph["roots"][0]
    >>> [(op, G.nodes[op]["kind"], G.nodes[op]["op"]) for op in G.pred[root]] == [(op_id(root), "op", "*")]
    True
    >>> graph_model(trace(a * b).to_dict(), fold_ops=True).number_of_nodes()
    3
    """
    G = nx.DiGraph(roots=[])
    nodes = graph.get("nodes", [])
    for node in nodes:
        vid = node["id"]
        if node.get("op") and not fold_ops:
            G.add_node(op_id(vid), kind="op", op=node["op"], value=vid, scope=node.get("scope", ""))
        G.add_node(vid, kind="value", **{k: v for k, v in node.items() if k != "id"})
    for child, parent in graph.get("edges", []):
        if G.nodes[parent].get("op") and not fold_ops:
            G.add_edge(child, op_id(parent))
        else:
            G.add_edge(child, parent)
    if not fold_ops:
        G.add_edges_from((op_id(n["id"]), n["id"]) for n in nodes if n.get("op"))
    G.graph["roots"] = [n for n in G if G.out_degree(n) == 0 and G.nodes[n]["kind"] == "value"]
    return G
