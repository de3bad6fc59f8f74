"""Turn the values a script made into a graph with ids that survive edits.

A node's id depends only on the script's structure, never on memory addresses
or data, so a drawing can keep every node where it was while the user types:

- a leaf: its label; else the top-level name bound to it; else its parameter
  path in a named Module (``mlp.layers.0.neurons.1.w.0``); else an element
  path in a named list (``xs.2``); else its creation rank among the unnamed
  leaves of its scope (``leaf3``, ``mlp.layers.0.neurons.1/leaf0``);
- an interior value: its op and its children's ids, hashed (``*:3f09c2a1b4d7``);
- an id met twice (the same structure computed twice, two leaves with one
  label) gets ``~2``, ``~3``, ... in trace order.

Hence: the same script traced twice gives equal ids; changing a constant keeps
every id; appending operations keeps every existing id.

>>> from engine import Value
>>> a = Value(2.0, label="a"); b = Value(-3.0, label="b")
>>> g = trace(a * b + 1)
>>> [n.id for n in g.nodes][:2], len(g.nodes), len(g.edges)
(['a', 'b'], 5, 4)
"""

import hashlib
from typing import NamedTuple

from engine.nn import Module
from engine.value import Value

ID_HASH_BYTES = 6  # an interior id is its op and 12 hex digits of a hash of its children's ids


class Node(NamedTuple):
    """One value of a traced graph, as plain data."""

    id: str
    label: str
    op: str
    data: float
    grad: float
    scope: str


class Graph:
    """Nodes in topological order (children first) and edges child -> parent, by id."""

    def __init__(self, nodes, edges, values):
        self.nodes = nodes
        self.edges = edges
        self.values = values  # the live Values behind nodes, same order, for refresh()

    def __len__(self):
        return len(self.nodes)

    def refresh(self):
        """Re-read data and grad from the live values (after a training step); ids stay."""
        self.nodes = [n._replace(data=v.data, grad=v.grad) for n, v in zip(self.nodes, self.values)]
        return self

    def to_dict(self):
        """JSON-ready form: {"nodes": [{id, label, op, data, grad, scope}], "edges": [[src, dst]]}."""
        return {"nodes": [n._asdict() for n in self.nodes], "edges": [list(e) for e in self.edges]}


def trace(*roots, names=None):
    """The graph of everything ``roots`` depend on.

    Parameters
    ----------
    *roots : Value, or lists/tuples of Values
        The outputs to draw, in order.
    names : mapping, optional
        The script's top-level names (``globals()``): Values bound there are
        named by their variable, Modules give parameter paths and scopes,
        lists of Values give element paths.
    """
    values = _in_order(list(_flatten(roots)))
    naming = _Naming(names or {})
    unnamed = _rank_unnamed_leaves(values, naming)
    ids, seen_ids, nodes, edges = {}, {}, [], []
    # NOTE: one pass over what may be 200,000 values: children read once, nodes made without
    # NamedTuple's keyword handling, edges appended directly
    label, scope, leaf_name = naming.label, naming.scope, naming.leaf_name
    hasher = hashlib.blake2b(digest_size=ID_HASH_BYTES)  # copied per value: cheaper than a new one each time
    new_node, add_edge, kinds = tuple.__new__, edges.append, {}
    for v in values:
        a = v._a
        if a is not None:
            b = v._b
            if b is None:
                child_ids = (ids[a],)
            elif type(b) is Value:
                child_ids = (ids[a], ids[b])
            else:  # three or more children, a value built by hand
                child_ids = tuple(ids[c] for c in v._prev)
            op = v._op
            kind = kinds.get(op) or kinds.setdefault(op, _op_kind(op))
            h = hasher.copy()
            h.update(f"{kind}({','.join(child_ids)})".encode())
            base = kind + ":" + h.hexdigest()
        else:
            base = leaf_name(v) or unnamed[v]
        n = seen_ids.get(base, 0) + 1
        seen_ids[base] = n
        vid = base if n == 1 else f"{base}~{n}"
        ids[v] = vid
        nodes.append(new_node(Node, (vid, label(v), v._op, v.data, v.grad, scope(v))))
        if a is not None:
            for c in child_ids:
                add_edge((c, vid))
    return Graph(nodes, edges, values)


def _flatten(roots):
    for r in roots:
        if isinstance(r, Value):
            yield r
        elif isinstance(r, (list, tuple)):
            yield from _flatten(r)
        else:
            raise TypeError(f"trace takes Values (or lists of them), got {type(r).__name__}")


def _in_order(roots):
    """Every value reachable from roots, children before parents, first roots first."""
    order, seen = [], set()
    see, done = seen.add, order.append
    for root in roots:
        if root in seen:
            continue
        see(root)
        stack = [(root, iter(root._prev))]
        push, pop = stack.append, stack.pop
        while stack:
            v, children = stack[-1]
            for c in children:
                if c not in seen:
                    see(c)
                    push((c, iter(c._prev)))
                    break
            else:
                pop()
                done(v)
    return order


def _op_kind(op):
    return "**" if op.startswith("**") else op  # '**2' and '**3' are one kind: editing 2 keeps ids


def _rank_unnamed_leaves(values, naming):
    """Unnamed leaves get their creation rank within their scope: leaf0, leaf1, ..."""
    leaves = [v for v in values if not v._prev and not naming.leaf_name(v)]
    leaves.sort(key=lambda v: v._n)
    counts, names = {}, {}
    for v in leaves:
        scope = naming.scope(v)
        k = counts.get(scope, 0)
        counts[scope] = k + 1
        names[v] = f"{scope}/leaf{k}" if scope else f"leaf{k}"
    return names


class _Naming:
    """What the script's top-level names say about values and modules."""

    def __init__(self, names):
        self.var, self.param, self.element, self.owner, self.module_path = {}, {}, {}, {}, {}
        for name, obj in names.items():
            if name.startswith("_"):
                continue
            if isinstance(obj, Value):
                self.var.setdefault(obj, name)
            elif isinstance(obj, Module):
                self._add_module(name, obj)
            elif isinstance(obj, (list, tuple)):
                for i, item in enumerate(obj):
                    if isinstance(item, Value):
                        self.element.setdefault(item, f"{name}.{i}")
        self._unnamed_modules = {}

    def _add_module(self, name, module):
        for path, m in module.named_modules(name + "."):
            self.module_path.setdefault(id(m), path)
        paths = set(self.module_path.values())
        for path, p in module.named_parameters(name + "."):
            if p not in self.param:
                self.param[p] = path
                owner = path
                while owner and owner not in paths:
                    owner = owner.rpartition(".")[0]
                self.owner[p] = owner

    def leaf_name(self, v):
        return getattr(v, "_label", None) or self.var.get(v) or self.param.get(v) or self.element.get(v)

    def label(self, v):
        """What to write on the node: its label, its variable, or its parameter's short path."""
        text = getattr(v, "_label", None) or self.var.get(v)
        if text:
            return str(text)
        path = self.param.get(v)
        if path:
            return path[len(self.owner[v]) + 1:] if self.owner[v] else path
        return self.element.get(v, "")

    def scope(self, v):
        if v in self.owner:
            return self.owner[v]
        m = getattr(v, "_scope", None)
        if m is None:
            return ""
        path = self.module_path.get(id(m))
        if path is None:
            # a module no top-level name reaches (made inside a function): name it by class
            path = self._unnamed_modules.setdefault(id(m), f"{type(m).__name__}{len(self._unnamed_modules)}")
        return path
