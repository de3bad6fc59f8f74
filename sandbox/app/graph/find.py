"""Find a value by id or label, and its path to the output. No Bokeh here.

Matches rank the way a person means them: the exact id, then the exact label,
then an id ending with what was typed (``neurons.3.w.7`` finds
``model.layers.1.neurons.3.w.7``), then ids and labels containing it; ties
keep the trace's order (inputs first).

>>> from engine import Value, trace
>>> a = Value(2.0, label="a"); b = Value(-3.0, label="b")
>>> g = trace(a * b + a).to_dict()
>>> ids = [n["id"] for n in g["nodes"]]
>>> matches(g["nodes"], "b"), matches(g["nodes"], "A") == ["a"], matches(g["nodes"], "nothing")
(['b'], True, [])
>>> edges = {(u, v) for u, v in g["edges"]}
>>> path = path_to_output(edges, "b")
>>> path[0], path[-1] == ids[-1]
('b', True)
"""

from collections import deque

MAX_MATCHES = 200  # find lists at most this many matches (Enter steps through them)


def matches(nodes, query, limit=MAX_MATCHES):
    """Ids of the value nodes matching query (case-insensitive), best first."""
    q = (query or "").strip().lower()
    if not q:
        return []
    ranked = []
    for i, n in enumerate(nodes):
        vid, label = n["id"].lower(), (n.get("label") or "").lower()
        if vid == q:
            rank = 0
        elif label == q:
            rank = 1
        elif vid.endswith("." + q) or vid.endswith("/" + q):
            rank = 2
        elif q in vid:
            rank = 3
        elif q in label:
            rank = 4
        else:
            continue
        ranked.append((rank, i, n["id"]))
    ranked.sort()
    return [vid for _, _, vid in ranked[:limit]]


def path_to_output(edges, start):
    """The shortest path from start along the edges (child -> parent) to a node nothing reads.

    ``edges`` is any iterable of (u, v) pairs; the path includes start.
    """
    succ = {}
    for u, v in edges:
        succ.setdefault(u, []).append(v)
    came = {start: None}
    queue = deque([start])
    end = start
    while queue:
        u = queue.popleft()
        if not succ.get(u):
            end = u
            break
        for v in succ[u]:
            if v not in came:
                came[v] = u
                queue.append(v)
    path = []
    while end is not None:
        path.append(end)
        end = came[end]
    return path[::-1]


def path_columns(path, point_of):
    """The path as one polyline through where each node shows (repeated points, e.g. in a folded box, once)."""
    xs, ys = [], []
    for node in path or ():
        p = point_of(node)
        if p is None or (xs and (xs[-1], ys[-1]) == tuple(p)):
            continue
        xs.append(float(p[0]))
        ys.append(float(p[1]))
    return {"x": xs, "y": ys}
