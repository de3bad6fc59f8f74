"""Positions for a traced graph, and the id-keyed cache that keeps them across edits.

Depends on the engine's plain-data trace, networkx, numpy and scipy only:
never on Panel, Bokeh, HoloViews or the sandbox (engine <- layouts <- app).

>>> from engine import Value, trace
>>> from layouts import graph_model, layered_layout, count_crossings
>>> a = Value(2.0, label="a"); b = Value(-3.0, label="b")
>>> G = graph_model(trace(a * b + a).to_dict())
>>> pos = layered_layout(G)
>>> len(pos) == len(G), count_crossings(G, pos)
(True, 0)
"""

from layouts.cache import PositionCache
from layouts.crossings import count_crossings
from layouts.dot import to_dot
from layouts.force import force_layout
from layouts.grouped import grouped_layout
from layouts.layered import layered_layout
from layouts.model import graph_model, op_id
from layouts.scopes import ScopeTree

__all__ = ["PositionCache", "ScopeTree", "count_crossings", "force_layout", "graph_model", "grouped_layout",
           "layered_layout", "op_id", "to_dot"]
