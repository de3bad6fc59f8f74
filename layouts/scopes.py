"""The module scopes of a traced graph as a tree of groups: a layer holds neurons, a neuron its values.

The engine records each value's scope, the dotted path of the module that made
it (``model.layers.1.neurons.3``); op nodes carry their value's scope. Every
dotted prefix of a scope is a group, so ``model.layers.1`` holds its sixteen
neurons. A group that holds nothing but one other group is the same set of
nodes under two names: the outer name is kept (``model.layers.1`` rather than
the list ``model.layers.1.neurons`` inside it). The root group, ``""``, holds
the values made at the top level.
"""

import re

ROOT = ""  # the group of values made outside any module


class ScopeTree:
    """Groups by scope: ``parent``, ``children`` (by name, numbers as numbers), ``members`` (direct), ``size``.

    Parameters
    ----------
    G : networkx graph or FlatModel
        Usually from ``graph_model``: nodes with a ``scope`` attribute (missing
        or empty: the top level). A FlatModel gives its ``scopes()``.
    labels : mapping, optional
        Short names of some groups, in place of ``label``'s (a repeat's ``×100``, ``copy 7``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("x", {"scope": ""}), ("w", {"scope": "mlp.layers.0.neurons.0"}),
    ...                   ("v", {"scope": "mlp.layers.0.neurons.1"}), ("y", {"scope": "mlp.layers.1.neurons.0"})])
    >>> tree = ScopeTree(G)
    >>> tree.children[""], tree.children["mlp"]
    (['mlp'], ['mlp.layers.0', 'mlp.layers.1'])
    >>> tree.children["mlp.layers.0"], tree.size["mlp"], tree.group_of["y"]
    (['mlp.layers.0.neurons.0', 'mlp.layers.0.neurons.1'], 3, 'mlp.layers.1')
    >>> tree.label("mlp.layers.0.neurons.1"), tree.ancestors("mlp.layers.0.neurons.1")
    ('neurons.1', ['mlp.layers.0', 'mlp'])
    >>> G.add_nodes_from([("h", {"scope": "attn"}), ("k", {"scope": "attn.heads.0"}), ("q", {"scope": "attn.heads.1"})])
    >>> ScopeTree(G).label("attn.heads.1")
    'heads.1'

    >>> ScopeTree(nx.DiGraph()).children
    {'': []}
    """

    def __init__(self, G, labels=None):
        self.labels = dict(labels or {})
        scopes = {}  # scope -> its nodes, in G's order
        pairs = G.scopes() if hasattr(G, "scopes") else G.nodes(data="scope")
        for n, scope in pairs:
            scopes.setdefault(scope or ROOT, []).append(n)
        self.parent, self.children, self.members = {ROOT: None}, {ROOT: []}, {ROOT: []}
        for scope, nodes in scopes.items():
            self._add(scope)
            self.members[scope].extend(nodes)
        self._merge_pass_throughs()
        for kids in self.children.values():
            kids.sort(key=_natural)
        self.group_of = {n: g for g, nodes in self.members.items() for n in nodes}
        self.size = {}
        self.depth = {ROOT: 0}
        for g in self.preorder():
            if g != ROOT:
                self.depth[g] = self.depth[self.parent[g]] + 1
        for g in reversed(self.preorder()):
            self.size[g] = len(self.members[g]) + sum(self.size[c] for c in self.children[g])

    def _add(self, scope):
        """The group for scope and every dotted prefix of it, each under the next shorter one."""
        if scope in self.parent:
            return
        head, dot, _ = scope.rpartition(".")
        parent = head if dot else ROOT
        self._add(parent)
        self.parent[scope] = parent
        self.children[parent].append(scope)
        self.children[scope] = []
        self.members[scope] = []

    def _merge_pass_throughs(self):
        """A group with no values of its own and a single child group takes that child's place."""
        for g in self.preorder():
            while g in self.parent and g != ROOT and not self.members[g] and len(self.children[g]) == 1:
                (child,) = self.children[g]
                self.children[g] = self.children.pop(child)
                self.members[g] = self.members.pop(child)
                for c in self.children[g]:
                    self.parent[c] = g
                del self.parent[child]

    def preorder(self):
        """Every group, parents before their children, siblings in trace order (the root first)."""
        out, stack = [], [ROOT]
        while stack:
            g = stack.pop()
            out.append(g)
            stack.extend(reversed(self.children[g]))
        return out

    def ancestors(self, group):
        """The groups that contain group, innermost first, the root left out."""
        out = []
        g = self.parent.get(group)
        while g:
            out.append(g)
            g = self.parent[g]
        return out

    def label(self, group):
        """A group's short name: its path below its parent's, with the list's name kept (``neurons.3``)."""
        if group in self.labels:
            return self.labels[group]
        parent = self.parent.get(group) or ""
        rest = group[len(parent) + 1:] if parent and group.startswith(parent + ".") else group
        if rest.isdigit():  # a list's element under the list's own group: heads.0, not 0
            rest = f"{parent.rpartition('.')[2]}.{rest}"
        return rest

    def nodes_in(self, group):
        """Every node inside group, at any depth (in the order of the groups, then of the trace)."""
        out, stack = [], [group]
        while stack:
            g = stack.pop()
            out.extend(self.members[g])
            stack.extend(reversed(self.children[g]))
        return out


def _natural(path):
    """Sort key: ``layers.2`` before ``layers.10``."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.]", path)]
