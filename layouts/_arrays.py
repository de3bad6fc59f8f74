"""A graph as integer arrays, the form the numpy parts of the layouts work on."""

import networkx as nx
import numpy as np


def as_arrays(G):
    """Nodes in an acyclic order, and edges (src, dst) as index arrays with src before dst.

    The order is G's own when that is already topological (graph_model's is),
    else a topological sort; edges against it (cycles, in a graph that is not
    a DAG) are turned around, as dot does, so every layout sees a DAG.
    Self-loops and duplicate edges are dropped: they draw no crossing.
    """
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    m = G.number_of_edges()
    src = np.fromiter((index[u] for u, _ in G.edges()), dtype=np.int64, count=m)
    dst = np.fromiter((index[v] for _, v in G.edges()), dtype=np.int64, count=m)
    if G.is_directed() and np.any(src > dst) and nx.is_directed_acyclic_graph(G):
        nodes = list(nx.lexicographical_topological_sort(G, key=index.__getitem__))
        perm = np.fromiter((index[n] for n in nodes), dtype=np.int64, count=len(nodes))
        where = np.empty_like(perm)
        where[perm] = np.arange(len(perm))
        src, dst = where[src], where[dst]
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    keep = lo != hi
    pairs = np.unique(np.stack([lo[keep], hi[keep]], axis=1), axis=0) if m else np.zeros((0, 2), np.int64)
    return nodes, pairs[:, 0].copy(), pairs[:, 1].copy()


def csr(n, keys, values):
    """For each of n nodes, the values whose key is that node: (start offsets, values sorted by key)."""
    by = np.argsort(keys, kind="stable")
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=start[1:])
    return start, values[by]
