"""PositionCache: node id -> position, kept across edits so the drawing does not jump.

One per user session. ``place`` keeps every surviving id exactly where it was,
puts new ids next to their already-placed neighbours and forgets vanished
ones; ``relayout`` starts from scratch when the user asks for a tidy drawing.
Positions are in layout units (``scale=None``): ranks 2 apart, nodes at least
``MIN_DIST`` apart, so new nodes can be fitted among old ones.
"""

from layouts.force import force_layout
from layouts.layered import block_layout, layered_layout
from layouts.placement import Grid, place_new

LAYOUTS = {"layered": layered_layout, "force": force_layout}
FORMAT = "micrograd-sandbox/position-cache/1"  # written into to_json, checked by from_json
FORCE_SEED = 0  # force layouts start from the same random spots every time: a script gives one drawing


class PositionCache:
    """Positions by node id that survive edits of the script.

    Examples
    --------
    >>> from engine import Value, trace
    >>> from layouts import graph_model
    >>> a = Value(2.0, label="a"); b = Value(3.0, label="b")
    >>> cache = PositionCache()
    >>> before = cache.place(graph_model(trace(a * b).to_dict()))
    >>> after = cache.place(graph_model(trace(a * b + 1).to_dict()))
    >>> all(after[n] == p for n, p in before.items())
    True
    >>> len(after) - len(before)  # the constant 1, the + op, the sum
    3
    >>> PositionCache.from_json(cache.to_json()).positions == cache.positions
    True
    """

    def __init__(self, positions=None, layout="layered"):
        self.positions = dict(positions or {})
        self.layout = layout
        self._grid = None  # occupied points of the positions, kept up to date across edits

    def __len__(self):
        return len(self.positions)

    def place(self, G, layout=None):
        """Positions for every node of G: surviving ids unchanged, new ones next to their neighbours.

        Parameters
        ----------
        G : networkx graph
            Usually from ``graph_model``.
        layout : {"layered", "force"} or None
            The layout for a first drawing and for new nodes; None keeps the
            cache's. Switching layouts lays everything out anew.

        Returns
        -------
        pos : dict
            id -> (x, y) for exactly the nodes of G.
        """
        layout = self._check(layout)
        survivors = {n: self.positions[n] for n in G if n in self.positions}
        if layout != self.layout or not survivors:
            return self.relayout(G, layout)
        if len(survivors) < len(self.positions):  # vanished ids: dropped, and their room freed
            if self._grid is not None:
                for n, p in self.positions.items():
                    if n not in survivors:
                        self._grid.remove(p)
            self.positions = survivors
        if len(self.positions) < len(G):
            fixed = list(self.positions)
            if self._grid is None:
                self._grid = Grid(self.positions.values())
            if layout == "layered":
                self.positions = place_new(G, self.positions, fixed, grid=self._grid, block_layout=block_layout)
            else:
                self.positions = force_layout(G, pos=self.positions, fixed=fixed, seed=FORCE_SEED, grid=self._grid)
        return dict(self.positions)

    def relayout(self, G, layout=None):
        """Lay G out from scratch and remember it (what a "tidy up" button does)."""
        layout = self._check(layout)
        self.layout = layout
        self.positions = LAYOUTS[layout](G, scale=None) if layout == "layered" else _force_units(G)
        # built now, while a full layout is being paid for anyway, so the first edit is fast too (a force
        # layout's first edit builds it: `render` of a big graph lays out once and never needs it)
        self._grid = Grid(self.positions.values()) if layout == "layered" else None
        return dict(self.positions)

    def to_json(self):
        """Plain data: {"format", "layout", "positions": {id: [x, y]}}."""
        return {"format": FORMAT, "layout": self.layout,
                "positions": {n: [x, y] for n, (x, y) in self.positions.items()}}

    @classmethod
    def from_json(cls, data):
        """The cache ``to_json`` wrote; ValueError for anything else."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a position cache (expected format {FORMAT!r})")
        positions = {str(n): (float(p[0]), float(p[1])) for n, p in data.get("positions", {}).items()}
        return cls(positions, data.get("layout", "layered"))

    def _check(self, layout):
        layout = layout or self.layout
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}; choose one of {sorted(LAYOUTS)}")
        return layout


def _force_units(G):
    """A force layout from scratch in layout units (one node per SPACING x SPACING on average)."""
    return force_layout(G, scale=None, seed=FORCE_SEED)
