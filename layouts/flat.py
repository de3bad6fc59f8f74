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

    def __init__(self, graph, scopes=None):
        nodes = graph.get("nodes", [])
        ids, kind, scope, op_of = [], [], [], {}
        scopes = scopes or {}  # id -> the scope to draw it in, where not its own (a repeat's copy)
        for n in nodes:
            vid = n["id"]
            s = scopes.get(vid, n.get("scope", "") or "")
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

    def scopes(self):
        """(node, scope) pairs, as ``G.nodes(data="scope")`` gives them: what ScopeTree reads."""
        return zip(self.nodes, self.scope)
