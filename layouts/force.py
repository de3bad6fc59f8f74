"""Force layout: networkx's spring layout, seeded from known positions, known nodes fixed.

For the hairball view of big models. ``method="force"`` because networkx's
"energy" method (picked automatically from 500 nodes in networkx 3.7) is far
slower with fixed nodes (10k nodes: about 180 s against 0.24 s).
"""

import networkx as nx

from layouts._common import check_args
from layouts.placement import Grid, place_new

ITERATIONS = 50  # networkx's default
K_FIXED = 1.0  # optimal distance in layout units when nodes are fixed (pos is in those units)


def force_layout(G, pos=None, fixed=None, scale=1, center=None, seed=None, iterations=ITERATIONS):
    """Position nodes by Fruchterman-Reingold force simulation.

    Parameters
    ----------
    G : networkx graph
    pos : dict or None, optional (default=None)
        Initial positions. Nodes without one start next to their positioned
        neighbours (not at random) when ``fixed`` is given, else at random.
    fixed : list or None, optional (default=None)
        Nodes to keep at their ``pos``. ``ValueError`` without ``pos``.
    scale : number or None, optional (default=1)
        Scale factor for positions; not used with ``fixed`` (as in networkx).
    center : array-like or None, optional (default=None)
        Coordinate pair around which to center the layout.
    seed : int, RandomState instance or None, optional (default=None)
        Seed for the random initial positions.
    iterations : int, optional (default=50)
        Simulation steps.

    Returns
    -------
    pos : dict
        A dictionary of positions keyed by node, values (x, y) floats.

    Examples
    --------
    >>> G = nx.path_graph(4)
    >>> pos = force_layout(G, seed=1)
    >>> sorted(pos) == [0, 1, 2, 3]
    True
    >>> pos2 = force_layout(nx.path_graph(5), pos=pos, fixed=[0, 1, 2, 3])
    >>> all(pos2[n] == pos[n] for n in pos)
    True
    >>> force_layout(nx.Graph())
    {}
    """
    check_args(G, pos, fixed, center)
    if len(G) == 0:
        return {}
    if fixed is not None:
        fixed = [n for n in fixed if n in G]
        pos = place_new(G, pos, fixed, layout="force")
        if len(fixed) == len(G):
            return {n: tuple(map(float, pos[n])) for n in G}
    k = K_FIXED if fixed else None
    out = nx.spring_layout(G, k=k, pos=pos, fixed=fixed or None, iterations=iterations, scale=scale,
                           center=center, seed=seed, method="force")
    out = {n: (float(p[0]), float(p[1])) for n, p in out.items()}
    if fixed:
        out = _unstack(out, fixed)
    return out


def _unstack(pos, fixed):
    """Move free nodes the simulation left on top of another node to the nearest free spot."""
    fixed = set(fixed)
    grid = Grid(pos[n] for n in fixed)
    for n, p in pos.items():
        if n not in fixed:
            pos[n] = grid.free_spot(*p)
            grid.add(pos[n])
    return pos
