"""The two services the app stands on: the runner (user code) and layouts (positions).

The app never execs user code: every run goes through `sandbox.runner`, which
runs it in a forked, isolated child of its supervisor.
"""

from layouts import PositionCache, graph_model
from sandbox.runner import start

__all__ = ["PositionCache", "graph_model", "start"]
