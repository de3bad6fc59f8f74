"""What every layout shares: networkx's argument rules, scaling and centring."""

import numpy as np

NODE_SEP = 1.0  # distance between neighbours in a rank, in layout units (scale=None)
RANK_SEP = 2.0  # distance between ranks: draw_dot's records are wider than they are tall
MIN_DIST = 0.5  # no two nodes closer than this in layout units: what "no overlap" means here


def check_args(G, pos, fixed, center):
    """networkx's rules: ``fixed`` needs ``pos`` and positions for every fixed node."""
    if fixed is not None:
        if pos is None:
            raise ValueError("nodes are fixed without positions given")
        missing = [n for n in fixed if n in G and n not in pos]
        if missing:
            raise ValueError(f"fixed nodes without a position: {missing[:5]}")
    if center is not None and len(center) != 2:
        raise ValueError("center must be a pair (x, y)")


def finish(nodes, xy, scale, center, fixed):
    """Rescale to ``scale`` around ``center`` (as networkx does unless nodes are fixed)."""
    xy = np.asarray(xy, dtype=float).reshape(len(nodes), 2)
    if fixed is None and scale is not None and len(nodes):
        xy = xy - xy.mean(axis=0)
        lim = np.abs(xy).max()
        if lim > 0:
            xy = xy * (scale / lim)
    if center is not None and fixed is None:
        xy = xy + np.asarray(center, dtype=float)
    return dict(zip(nodes, map(tuple, xy.tolist())))
