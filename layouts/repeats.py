"""Repeated structure in a traced graph: the same computation done once per example, found so it draws once.

micrograd's demo scores 100 examples with one model. Below each example's
loss term hangs a copy of the whole forward pass on that example (its inputs,
every neuron's products and sums, its hinge), and every copy reads the same
parameters. Drawn node by node that is a hundred interleaved copies; folded,
it is one box that says ×100.

Two values have the same *shape* when they come from the same op, in the same
module scope, on children of the same shapes; every leaf has one shape, so a
parameter and an input look alike (the copies differ only in which leaves they
read). A *repeat* is REPEAT_MIN or more values of one shape, none inside
another's copy; each one's *copy* is what hangs below it alone: the values
whose every use is in that copy. What several copies read (the parameters)
belongs to none. Outputs are found first, so a repeat is as big as it can be:
the demo's hinge terms, not the products inside them.

A sum over the copies (``sum(losses)``) is a chain of additions, one per copy;
each addition goes into the copy it adds, so a folded repeat also hides the
long staircase that sums it. The same holds for ``sum(p * p for p in
model.parameters())``: 337 copies of ``p * p`` (each reads its own parameter,
which the model's forward pass reads too, so the parameter stays outside).

A repeat's group is ``×N`` (``×N#2`` for a second one of N copies), its copies
``×N.0``, ``×N.1``, ...: paths no module can have, so they never meet a scope.

>>> from engine import Value, trace
>>> w = Value(0.5, label="w")
>>> losses = [(w * Value(float(i)) + 1).relu() for i in range(10)]
>>> graph = trace(sum(losses)).to_dict()
>>> (repeat,) = find_repeats(graph, min_values=50)
>>> repeat.path, repeat.count, repeat.values_each
('×10', 10, 6)
>>> scopes = repeat_scopes([repeat])
>>> "w" in scopes, sorted({scopes[v] for v in repeat.copies[3]})
(False, ['×10.3'])
>>> find_repeats(graph)  # 61 values: too few to fold
[]
"""

from dataclasses import dataclass

import numpy as np

from layouts._arrays import csr

REPEAT_MIN = 8  # fewer equal copies than this are drawn as they are
REPEAT_MIN_VALUES = 500  # ... and copies holding fewer values than this together: folding them hides little
MARK = "×"  # a repeat's path starts with it: no module path can
LEAF = 0x5EAF  # the shape every leaf has


@dataclass
class Repeat:
    """Copies of one computation: ``copies[k]`` is the ids of the k-th copy's values, in trace order."""

    path: str
    copies: list

    @property
    def count(self):
        return len(self.copies)

    @property
    def values_each(self):
        """Values in one copy (the last: a sum's first step may add one more leaf to the first, its 0)."""
        return len(self.copies[-1])

    def copy_path(self, k):
        return f"{self.path}.{k}"


def find_repeats(graph, flat=None, minimum=REPEAT_MIN, min_values=REPEAT_MIN_VALUES):
    """The repeats of a traced graph dict ({"nodes", "edges"}; nodes children first), outputs first.

    Only computations made at the top level repeat (a script's loop over examples, the terms of a sum):
    inside a module the module's own boxes already fold what it does. ``flat``, a FlatModel of the graph,
    saves numbering its edges again.
    """
    nodes = graph.get("nodes", [])
    n = len(nodes)
    if n == 0:
        return []
    g = _Arrays.of(graph, flat)
    shape = _shapes(nodes, g)
    inner = np.flatnonzero(g.kid_count > 0)
    classes, first, counts = np.unique(shape[inner], return_index=True, return_counts=True)
    last = np.zeros(len(classes), dtype=np.int64)
    np.maximum.at(last, np.searchsorted(classes, shape[inner]), inner)
    top = np.array([not nodes[i].get("scope") for i in inner[first]], dtype=bool)
    claimed = np.zeros(n, dtype=bool)
    found = []
    for c in np.argsort(-last, kind="stable"):  # the class nearest the output first: repeats as big as they can be
        if counts[c] < minimum or not top[c]:
            continue
        members = inner[shape[inner] == classes[c]]
        roots = members[~claimed[members]]
        if len(roots) < minimum:
            continue
        owner = _copies(roots, g, claimed)
        _attach_sums(nodes, g, owner, claimed)
        held = np.flatnonzero(owner >= 0)
        if len(held) < min_values:
            continue
        claimed[held] = True
        by_copy = held[np.argsort(owner[held], kind="stable")]
        bounds = np.cumsum(np.bincount(owner[held], minlength=len(roots)))[:-1]
        found.append([[nodes[v]["id"] for v in part.tolist()] for part in np.split(by_copy, bounds)])
    return _named(found)


def repeat_scopes(repeats):
    """{node id: the scope it is drawn in} for the values inside copies: their copy's path.

    A copy is drawn as one picture of its computation (each value's own module shows in its hover):
    the modules' boxes inside every copy would repeat the model's boxes a hundred times.
    """
    return {v: r.copy_path(k) for r in repeats for k, copy in enumerate(r.copies) for v in copy}


def repeat_labels(repeats):
    """{group path: its short name} for the groups of repeats: ``×100`` and ``copy 7``."""
    labels = {}
    for r in repeats:
        labels[r.path] = r.path.partition("#")[0]
        labels.update({r.copy_path(k): f"copy {k}" for k in range(r.count)})
    return labels


class _Arrays:
    """The value graph as index arrays: each value's children (in order) and parents, as offsets and lists."""

    def __init__(self, n, src, dst):
        self.kid_start, self.kids = csr(n, dst, src)  # stable: children in the order the op took them
        self.par_start, self.pars = csr(n, src, dst)
        self.kid_count = np.diff(self.kid_start)
        self.par_count = np.diff(self.par_start)

    @classmethod
    def of(cls, graph, flat=None):
        """From the trace's edges (by id), or from a FlatModel of it, which has numbered them already."""
        nodes, edges = graph.get("nodes", []), graph.get("edges", [])
        if flat is not None:
            return cls(len(nodes), *flat.value_edges())
        index = {v["id"]: i for i, v in enumerate(nodes)}
        children, users = zip(*edges) if edges else ((), ())
        src = np.fromiter(map(index.__getitem__, children), dtype=np.int64, count=len(edges))
        dst = np.fromiter(map(index.__getitem__, users), dtype=np.int64, count=len(edges))
        return cls(len(nodes), src, dst)

    def kids_of(self, idx):
        """(children of the values idx, concatenated; the offset of each value's first child in them)."""
        return _gather(self.kid_start, self.kids, idx)

    def parents_of(self, idx):
        return _gather(self.par_start, self.pars, idx)


def _gather(start, items, idx):
    lengths = start[idx + 1] - start[idx]
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    flat = np.repeat(start[idx] - offsets, lengths) + np.arange(lengths.sum())
    return items[flat], offsets


def _mix(x):
    """splitmix64's finaliser: a well-spread 64-bit number from any (wrapping arithmetic on uint64)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _shapes(nodes, g):
    """A 64-bit number per value: equal numbers, equal shapes (op, scope, children's shapes in order).

    Values are hashed a level at a time, leaves first (Kahn's algorithm in numpy); a child's shape is mixed
    with its position, so ``a - b`` and ``b - a`` differ.
    """
    n = len(nodes)
    kinds = {}
    kind = np.fromiter((kinds.setdefault((v["op"], v.get("scope") or ""), len(kinds)) for v in nodes),
                       dtype=np.uint64, count=n)
    shape = np.full(n, LEAF, dtype=np.uint64)
    waiting = g.kid_count.copy()
    frontier = np.flatnonzero(waiting == 0)
    with np.errstate(over="ignore"):
        while len(frontier):
            parents, _ = g.parents_of(frontier)
            np.subtract.at(waiting, parents, 1)
            ready = np.sort(parents[waiting[parents] == 0])
            ready = ready[np.concatenate([ready[:1] >= 0, ready[1:] != ready[:-1]])]  # np.unique, but cheaper
            if len(ready) == 0:
                break
            kids, offsets = g.kids_of(ready)
            position = np.arange(len(kids)) - np.repeat(offsets, g.kid_count[ready])
            terms = _mix(shape[kids] + (position.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15))
            shape[ready] = _mix(np.add.reduceat(terms, offsets) ^ _mix(kind[ready] + np.uint64(1)))
            frontier = ready
    return shape


def _copies(roots, g, claimed):
    """Per value, the copy it is in (-1: none): each root, and every value all of whose uses are in one copy."""
    owner = np.full(len(g.kid_count), -1, dtype=np.int64)
    owner[roots] = np.arange(len(roots))
    frontier = roots
    while len(frontier):
        kids, _ = g.kids_of(frontier)
        candidates = np.unique(kids)
        candidates = candidates[(owner[candidates] < 0) & ~claimed[candidates]]
        if len(candidates) == 0:
            break
        parents, offsets = g.parents_of(candidates)
        lo = np.minimum.reduceat(owner[parents], offsets)
        hi = np.maximum.reduceat(owner[parents], offsets)
        ok = (lo == hi) & (lo >= 0)
        owner[candidates[ok]] = lo[ok]
        frontier = candidates[ok]
    return owner


def _attach_sums(nodes, g, owner, claimed):
    """Put each step of a sum over the copies into the copy it adds (``sum(losses)``: 0 + l0, + l1, ...).

    A step is an op whose children are copies' values and leaves used by it alone; it continues a chain
    (a child is a step of the same op used by it alone) or starts one (its one use is the same op).
    """
    held = np.flatnonzero(owner >= 0)
    users, _ = g.parents_of(held)
    candidates = np.unique(users)
    candidates = candidates[(owner[candidates] < 0) & ~claimed[candidates]]
    op = lambda i: nodes[i]["op"]
    for v in candidates.tolist():  # in trace order: a chain's earlier steps first
        kids = g.kids[g.kid_start[v]:g.kid_start[v + 1]].tolist()
        parents = g.pars[g.par_start[v]:g.par_start[v + 1]].tolist()
        copies = [int(owner[k]) for k in kids if owner[k] >= 0]
        own_leaves = [k for k in kids if owner[k] < 0 and g.kid_count[k] == 0 and g.par_count[k] == 1]
        if not copies or len(copies) + len(own_leaves) != len(kids):
            continue
        continues = any(op(k) == op(v) and g.par_count[k] == 1 for k in kids if owner[k] >= 0)
        starts = len(parents) == 1 and op(parents[0]) == op(v)
        if continues or starts:
            owner[v] = max(copies)
            owner[own_leaves] = owner[v]


def _named(found):
    """Repeats with their paths: ×N, then ×N#2 for a second repeat of N copies."""
    seen, out = {}, []
    for copies in found:
        n = len(copies)
        seen[n] = seen.get(n, 0) + 1
        path = f"{MARK}{n}" if seen[n] == 1 else f"{MARK}{n}#{seen[n]}"
        out.append(Repeat(path, copies))
    return out
