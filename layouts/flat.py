"""``graph_model`` as index arrays, for graphs too big to build networkx dicts on every run.

The same nodes in the same order (an op node just before the value it makes)
and the same edges, without the networkx graph: building that for the demo
step's 130,895 nodes takes longer than laying them out.
"""

import numpy as np

from layouts.model import OP_SUFFIX


class FlatModel:
    """``nodes`` (ids), ``kind`` ("op"/"value"), ``scope``, edges as ``src``/``dst`` index arrays.

    Examples
    --------
    >>> from engine import Value, trace
    >>> from layouts import graph_model
    >>> a = Value(2.0, label="a"); b = Value(-3.0, label="b")
    >>> g = trace(a * b + a).to_dict()
    >>> flat, G = FlatModel(g), graph_model(g)
    >>> flat.nodes == list(G), sorted(flat.edges()) == sorted(G.edges())
    (True, True)
    >>> flat.op_output[flat.nodes[2]] == flat.nodes[3]
    True
    """

    def __init__(self, graph):
        nodes = graph.get("nodes", [])
        ids, kind, scope, op_of = [], [], [], {}
        for n in nodes:
            vid, s = n["id"], n.get("scope", "") or ""
            if n.get("op"):
                op_of[vid] = vid + OP_SUFFIX
                ids.append(op_of[vid])
                kind.append("op")
                scope.append(s)
            ids.append(vid)
            kind.append("value")
            scope.append(s)
        self.nodes, self.kind, self.scope = ids, kind, scope
        self.index = {v: i for i, v in enumerate(ids)}
        self.op_output = {o: v for v, o in op_of.items()}
        edges = graph.get("edges", [])
        index = self.index
        src = np.fromiter((index[u] for u, _ in edges), dtype=np.int64, count=len(edges))
        dst = np.fromiter((index[op_of.get(v, v)] for _, v in edges), dtype=np.int64, count=len(edges))
        ops = np.fromiter((index[o] for o in self.op_output), dtype=np.int64, count=len(op_of))
        outs = ops + 1  # an op node sits just before its value
        src, dst = np.concatenate([src, ops]), np.concatenate([dst, outs])
        key = src * max(len(ids), 1) + dst
        _, first = np.unique(key, return_index=True)  # graph_model keeps one edge per pair (a * a)
        keep = np.sort(first)
        self.src, self.dst = src[keep], dst[keep]

    def __len__(self):
        return len(self.nodes)

    def edges(self):
        """(u, v) id pairs, as networkx's ``G.edges()`` gives them (in another order)."""
        nodes = self.nodes
        return [(nodes[u], nodes[v]) for u, v in zip(self.src.tolist(), self.dst.tolist())]

    def rescope(self, scopes):
        """Draw some values, and the ops that make them, in other scopes: {value id: scope} (a repeat's copy)."""
        for vid, s in scopes.items():
            i = self.index[vid]
            self.scope[i] = s
            if i > 0 and self.op_output.get(self.nodes[i - 1]) == vid:
                self.scope[i - 1] = s

    def value_edges(self):
        """The trace's own edges (child value -> value), as index arrays over the values in trace order."""
        is_value = np.fromiter((k == "value" for k in self.kind), dtype=bool, count=len(self.kind))
        value_of = np.cumsum(is_value) - 1
        into_op = ~is_value[self.dst]  # child -> op node; the op's value sits just after it
        return value_of[self.src[into_op]], value_of[self.dst[into_op] + 1]

    def scopes(self):
        """(node, scope) pairs, as ``G.nodes(data="scope")`` gives them: what ScopeTree reads."""
        return zip(self.nodes, self.scope)
