"""Force layout: igraph's Fruchterman-Reingold, seeded, with known nodes pinned where they are.

For the hairball view of a graph. igraph does the simulation in C, and from
GRID_MIN nodes on with its grid (repulsion only between nodes a few units
apart): the demo step's 130,895 nodes take seconds, where networkx's spring
layout, O(n^2) per iteration, gave no answer in 300 s. One algorithm at every
size, so a small graph and a big one look alike: on the presets' graphs (6 to
700 nodes) networkx's spring layout drew more crossings and more nodes on top
of one another, and took 100 times as long at 1,000 values
(benchmarks/bench_layouts.py).

From scratch, nodes start at seeded random spots and the result is scaled to
one node per SPACING x SPACING where most nodes are, as roomy at 100 nodes as
at 100,000; in layout units (``scale=None``) nodes closer than MIN_DIST are then
moved apart. With ``fixed`` nodes only the rest moves: the nodes that
are not fixed, started next to their placed neighbours, relax in a simulation
of just them and those neighbours (pinned), so an edit of a big graph costs
what its new part costs.
"""

import math
import random
import threading

import igraph as ig
import numpy as np
from scipy.spatial import cKDTree

from layouts._common import MIN_DIST, NODE_SEP, RANK_SEP, check_args, finish
from layouts.placement import Grid, place_new

ITERATIONS = 100  # simulation steps (igraph's default is 500)
BIG = 50_000  # from this many nodes BIG_ITERATIONS steps: the demo step's 130,895 nodes look alike after 50
BIG_ITERATIONS = 50
# NOTE: igraph's grid variant files each node in a cell once, at the start, and never moves it: nodes that
# drift together from far apart do not repel, so hubs gather crowds (spread afterwards by _unstack)
GRID_MIN = 1000  # from this many nodes igraph's grid variant (its own "auto" threshold)
SPACING = RANK_SEP  # from scratch, one node per SPACING x SPACING of the drawing's box, in layout units
CORE_PERCENT = 95  # the box between these percentiles (and 100 minus them) holds "most nodes", see _spaced
SPIRAL_RINGS = 40  # a crowded node looks this many NODE_SEP steps around its spot before the column search
# NOTE: igraph draws its jitter from one process-wide generator; each layout sets a seeded one for its
# own call, under this lock, so two sessions laying out at once still get repeatable positions
_RNG_LOCK = threading.Lock()


def force_layout(G, pos=None, fixed=None, scale=1, center=None, seed=None, iterations=None, grid=None):
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
        None keeps layout units (one node per SPACING x SPACING on average).
    center : array-like or None, optional (default=None)
        Coordinate pair around which to center the layout.
    seed : int or None, optional (default=None)
        Seed for the random start positions and igraph's jitter: the same
        seed gives the same positions.
    iterations : int or None, optional (default=None)
        Simulation steps; None: ITERATIONS, or BIG_ITERATIONS when BIG nodes or more move.
    grid : Grid or None, optional (default=None)
        With ``fixed``: the occupied points of the fixed nodes, when the
        caller keeps one (saves rebuilding it for big graphs); the other
        nodes' final spots are added to it.

    Returns
    -------
    pos : dict
        A dictionary of positions keyed by node, values (x, y) floats.

    Examples
    --------
    >>> import networkx as nx
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
        fixed = set(fixed)
        return _relax_new(G, pos, [n for n in G if n in fixed], seed, iterations, grid)
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    side = math.sqrt(len(nodes))  # igraph's grid covers a square this wide around the origin
    start = np.random.RandomState(seed).uniform(-side / 2, side / 2, (len(nodes), 2))
    if pos:
        known = [i for i, n in enumerate(nodes) if n in pos]
        start[known] = [pos[nodes[i]] for i in known]
    xy = _simulate(len(nodes), _edges(G, index), start, (), seed, iterations)
    pos = finish(nodes, _spaced(xy), scale, center, None)
    return _unstack(pos, nodes, Grid()) if scale is None else pos  # in layout units no two nodes overlap


def _relax_new(G, pos, fixed, seed, iterations, grid):
    """Fixed nodes stay; the others start beside their placed neighbours and relax among them."""
    if grid is None:
        grid = Grid(pos[n] for n in fixed)
    started = [n for n in G if n not in pos]  # place_new finds them a start spot and marks it on the grid
    pos = place_new(G, pos, fixed, layout="force", grid=grid)
    for n in started:
        grid.remove(pos[n])
    pinned = set(fixed)
    free = [n for n in G if n not in pinned]
    if not free:
        return {n: (float(pos[n][0]), float(pos[n][1])) for n in G}
    moving = set(free)
    touching = {m for n in free for m in _neighbours(G, n) if m not in moving}
    members = [n for n in G if n in moving or n in touching]  # G's order: the same input, the same result
    index = {n: i for i, n in enumerate(members)}
    start = np.array([pos[n] for n in members], dtype=float)
    middle = (start.min(axis=0) + start.max(axis=0)) / 2  # igraph's grid is centred on the origin
    held = [index[n] for n in members if n in touching]
    xy = _simulate(len(members), _edges(G, index, moving), start - middle, held, seed, iterations) + middle
    out = {n: (float(pos[n][0]), float(pos[n][1])) for n in G}
    for n in free:
        out[n] = (float(xy[index[n], 0]), float(xy[index[n], 1]))
    return _unstack(out, free, grid)


def _simulate(n, edges, start, held, seed, iterations):
    """igraph's Fruchterman-Reingold from ``start`` (n x 2), the nodes in ``held`` pinned; an n x 2 array."""
    graph = ig.Graph(n=n, edges=edges)
    if iterations is None:
        iterations = BIG_ITERATIONS if n >= BIG else ITERATIONS
    bounds = {}
    if len(held):
        lo_x, hi_x = np.full(n, -math.inf), np.full(n, math.inf)
        lo_y, hi_y = lo_x.copy(), hi_x.copy()
        lo_x[held] = hi_x[held] = start[held, 0]
        lo_y[held] = hi_y[held] = start[held, 1]
        bounds = {"minx": lo_x.tolist(), "maxx": hi_x.tolist(), "miny": lo_y.tolist(), "maxy": hi_y.tolist()}
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            # GraphBase's method gives plain lists: Graph's wraps them in a Layout (a copy of 130,895 rows)
            coords = ig.GraphBase.layout_fruchterman_reingold(graph, seed=start.tolist(), niter=iterations,
                                                              grid=n >= GRID_MIN, **bounds)
        finally:
            ig.set_random_number_generator(random)  # igraph's own default: the random module
    return np.array(coords, dtype=float).reshape(n, 2)


def _edges(G, index, moving=None):
    """Edges as index pairs, each once, in G's order; with ``moving``, only those touching it."""
    if moving is None:
        return [(index[u], index[v]) for u, v in G.edges()]
    out = []
    for u in index:
        for v in _neighbours(G, u):
            if v in index and (u in moving or v in moving) and (index[u] < index[v] or u == v):
                out.append((index[u], index[v]))
    return out


def _neighbours(G, n):
    """Successors and predecessors (a directed graph), or neighbours, without repeats."""
    if G.is_directed():
        return list(dict.fromkeys([*G.succ[n], *G.pred[n]]))
    return list(G.adj[n])


def _spaced(xy):
    """xy scaled about its centre to one node per SPACING x SPACING where most nodes are.

    "Where most nodes are" is the box from the 5th to the 95th percentile on
    each axis: a big graph's force layout is a dense core with a few long
    strands around it, and the whole bounding box would leave the core crowded.
    """
    if len(xy) < 2:
        return xy
    lo, hi = np.percentile(xy, [100 - CORE_PERCENT, CORE_PERCENT], axis=0)
    inside = int(np.all((xy >= lo) & (xy <= hi), axis=1).sum())
    width, height = hi - lo
    if inside < 2 or width * height == 0:  # a handful of nodes, or all on a line: the whole box
        inside, (width, height) = len(xy), np.ptp(xy, axis=0)
    typical = max(math.sqrt(width * height / inside), max(width, height) / inside)
    if typical == 0:  # every node on one spot (igraph's jitter makes that all but impossible)
        return xy
    middle = xy.mean(axis=0)
    return (xy - middle) * (SPACING / typical) + middle


def _unstack(pos, movable, grid):
    """Move each of ``movable`` that sits on another node to the nearest free spot (fixed ones stay).

    igraph's grid variant lets hubs (a weight read by 100 samples) pull
    crowds of nodes together; each is moved to the nearest free point of a
    spiral around its spot. The search for the next node from the same cell
    resumes where the last one stopped, so a crowd of k nodes costs about k
    tries, not k^2. ``pos`` and ``grid`` are updated in place.
    """
    movable = list(movable)
    searching = []
    for n, near in zip(movable, _near_one_another([pos[n] for n in movable])):
        if not near and grid.is_free(*pos[n]):  # most nodes touch no other: they stay, no search
            grid.add(pos[n])
        else:
            searching.append(n)
    resume = {}  # cell of a crowded spot -> how far along the spiral the last search there ended
    for n in searching:
        x, y = pos[n]
        spot = (x, y)
        if not grid.is_free(x, y):
            cell = (math.floor(x / MIN_DIST), math.floor(y / MIN_DIST))
            k = resume.get(cell, 0)
            while k < len(_SPIRAL) and not grid.is_free(x + _SPIRAL[k][0], y + _SPIRAL[k][1]):
                k += 1
            resume[cell] = k + 1
            spot = (x + _SPIRAL[k][0], y + _SPIRAL[k][1]) if k < len(_SPIRAL) else grid.free_spot(x, y)
        pos[n] = spot
        grid.add(spot)
    return pos


def _near_one_another(points):
    """For each point, whether another one is within MIN_DIST of it."""
    near = np.zeros(len(points), dtype=bool)
    if len(points) > 1:
        near[cKDTree(np.asarray(points, dtype=float)).query_pairs(MIN_DIST, output_type="ndarray").ravel()] = True
    return near


def _spiral(rings):
    """Offsets (dx, dy) on a NODE_SEP lattice within ``rings`` steps, nearest first (ties by angle)."""
    steps = range(-rings, rings + 1)
    points = [(i * NODE_SEP, j * NODE_SEP) for i in steps for j in steps if 0 < i * i + j * j <= rings * rings]
    return sorted(points, key=lambda p: (p[0] ** 2 + p[1] ** 2, math.atan2(p[1], p[0])))


_SPIRAL = _spiral(SPIRAL_RINGS)
