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

REPEAT_MIN = 8  # fewer equal copies than this are drawn as they are
REPEAT_MIN_VALUES = 500  # ... and copies holding fewer values than this together: folding them hides little
MARK = "×"  # a repeat's path starts with it: no module path can
LEAF = 0  # the shape every leaf has


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


def find_repeats(graph, minimum=REPEAT_MIN, min_values=REPEAT_MIN_VALUES):
    """The repeats of a traced graph dict ({"nodes", "edges"}; nodes children first), outputs first.

    Only computations made at the top level repeat (a script's loop over examples, the terms of a sum):
    inside a module the module's own boxes already fold what it does.
    """
    nodes = graph.get("nodes", [])
    n = len(nodes)
    index = {v["id"]: i for i, v in enumerate(nodes)}
    children, parents = [[] for _ in range(n)], [[] for _ in range(n)]
    for u, v in graph.get("edges", []):
        children[index[v]].append(index[u])
        parents[index[u]].append(index[v])
    shape = _shapes(nodes, children)
    members = {}
    for i, s in enumerate(shape):
        if s != LEAF:
            members.setdefault(s, []).append(i)
    claimed = [False] * n
    found, tried = [], set()
    for i in range(n - 1, -1, -1):
        if claimed[i] or shape[i] in tried or nodes[i].get("scope") or len(members.get(shape[i], ())) < minimum:
            continue
        tried.add(shape[i])
        roots = [m for m in members[shape[i]] if not claimed[m]]
        if len(roots) < minimum:
            continue
        owner = _copies(roots, parents, claimed)
        _attach_sums(nodes, children, parents, owner, claimed, start=min(roots))
        if len(owner) < min_values:
            continue
        copies = [[] for _ in roots]
        for v, c in owner.items():
            copies[c].append(v)
            claimed[v] = True
        found.append([[nodes[v]["id"] for v in sorted(c)] for c in copies])
    return _named(found)


def repeat_scopes(repeats):
    """{node id: the scope it is drawn in} for the values inside copies: the copy's path before its own scope.

    A copy's values keep their module scope inside the copy (``×100.7.model.layers.0.neurons.3``), so an
    opened copy shows the model's layers and neurons doing that one example's work. Nodes not in any copy
    are not in the mapping (they keep their scope).
    """
    return {v: k for r in repeats for i, copy in enumerate(r.copies) for v, k in _in_copy(r.copy_path(i), copy)}


def repeat_labels(repeats):
    """{group path: its short name} for the groups of repeats: ``×100`` and ``copy 7``."""
    labels = {}
    for r in repeats:
        labels[r.path] = r.path.partition("#")[0]
        labels.update({r.copy_path(k): f"copy {k}" for k in range(r.count)})
    return labels


def _in_copy(path, ids):
    return ((v, path) for v in ids)


def _shapes(nodes, children):
    """A small number per value: equal numbers, equal shapes (op, scope, children's shapes in order)."""
    known, shape = {}, []
    for node, kids in zip(nodes, children):
        if not kids:
            shape.append(LEAF)
            continue
        key = (node["op"], node.get("scope") or "", tuple(shape[c] for c in kids))
        shape.append(known.setdefault(key, len(known) + 1))
    return shape


def _copies(roots, parents, claimed):
    """{value: the copy it is in}: each root, and every value all of whose uses are in one copy."""
    owner = {r: c for c, r in enumerate(roots)}
    for v in range(max(roots) - 1, -1, -1):  # parents before children
        if v in owner or claimed[v] or not parents[v]:
            continue
        first = owner.get(parents[v][0], -1)
        if first >= 0 and all(owner.get(p, -1) == first for p in parents[v]):
            owner[v] = first
    return owner


def _attach_sums(nodes, children, parents, owner, claimed, start):
    """Put each step of a sum over the copies into the copy it adds (``sum(losses)``: 0 + l0, + l1, ...).

    A step is an op whose children are copies' values and leaves used by it alone; it continues a chain
    (a child is a step of the same op used by it alone) or starts one (its one use is the same op).
    """
    op = [v["op"] for v in nodes]
    for v in range(start + 1, len(nodes)):
        if v in owner or claimed[v] or not children[v]:
            continue
        kids = children[v]
        copies = [owner[k] for k in kids if k in owner]
        own_leaves = [k for k in kids if k not in owner and not children[k] and parents[k] == [v]]
        if not copies or len(copies) + len(own_leaves) != len(kids):
            continue
        continues = any(op[k] == op[v] and parents[k] == [v] for k in kids if k in owner)
        starts = len(parents[v]) == 1 and op[parents[v][0]] == op[v]
        if continues or starts:
            owner[v] = max(copies)
            owner.update({k: owner[v] for k in own_leaves})


def _named(found):
    """Repeats with their paths: ×N, then ×N#2 for a second repeat of N copies."""
    seen, out = {}, []
    for copies in found:
        n = len(copies)
        seen[n] = seen.get(n, 0) + 1
        path = f"{MARK}{n}" if seen[n] == 1 else f"{MARK}{n}#{seen[n]}"
        out.append(Repeat(path, copies))
    return out
