"""Layouts remembered by the shape of what was laid out, for every session of the process.

A layout of index arrays depends on the arrays only (the node count, the
edges, the start order, the effort), never on the ids or labels: two graphs of
the same shape get the same positions. A class working through the same preset,
a script re-run with a new constant in a new place, a neuron box whose content
did not change while a top-level value did: all shapes seen before. So
``memo.get(parts, make)`` answers those from memory and lays out only what is
new. Bounded by the floats it holds; least recently used shapes go first.
"""

import hashlib
import threading
from collections import OrderedDict

import numpy as np

BUDGET_FLOATS = 4_000_000  # 32 MB of positions at most, whatever the number of sessions
BIGGEST_FLOATS = 1_000_000  # a result above this is not kept: it would push out hundreds of others


class ShapeMemo:
    """Results of ``make()`` by the digest of ``parts`` (arrays, numbers, strings); LRU within a budget.

    >>> memo, calls = ShapeMemo(budget=10), []
    >>> make = lambda: calls.append(1) or np.zeros((2, 2))
    >>> a = memo.get([np.arange(3), "plan"], make); b = memo.get([np.arange(3), "plan"], make)
    >>> len(calls), a is not b, bool((a == b).all())
    (1, True, True)
    >>> _ = memo.get([np.arange(4)], make); _ = memo.get([np.arange(5)], make); len(memo)  # 12 floats > 10
    2
    """

    def __init__(self, budget=BUDGET_FLOATS, biggest=BIGGEST_FLOATS):
        self.budget, self.biggest = budget, biggest
        self._kept = OrderedDict()  # digest -> tuple of arrays
        self._floats = 0
        self._lock = threading.Lock()  # sessions lay out on threads of their own
        self.hits = self.misses = 0

    def __len__(self):
        return len(self._kept)

    def get(self, parts, make):
        """make()'s result (an array or a tuple of arrays and numbers) for these parts, made at most once.

        Callers get copies: a result they change in place stays right in here.
        """
        digest = _digest(parts)
        with self._lock:
            kept = self._kept.get(digest)
            if kept is not None:
                self._kept.move_to_end(digest)
                self.hits += 1
                return _copy(kept)
            self.misses += 1
        made = make()
        size = _floats(made)
        if size <= self.biggest:
            with self._lock:
                if digest not in self._kept:
                    self._kept[digest] = _copy(made)
                    self._floats += size
                while self._floats > self.budget and self._kept:
                    _, dropped = self._kept.popitem(last=False)
                    self._floats -= _floats(dropped)
        return made


def _digest(parts):
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        if isinstance(p, np.ndarray):
            h.update(f"{p.dtype.str}{p.shape}".encode())
            h.update(np.ascontiguousarray(p).tobytes())
        else:
            h.update(repr(p).encode())
        h.update(b"\x00")
    return h.digest()


def _copy(made):
    if isinstance(made, tuple):
        return tuple(x.copy() if isinstance(x, np.ndarray) else x for x in made)
    return made.copy()


def _floats(made):
    items = made if isinstance(made, tuple) else (made,)
    return sum(x.size for x in items if isinstance(x, np.ndarray)) or 1


LAYOUTS = ShapeMemo()  # the process's: layered.py and grouped.py remember their layouts here
