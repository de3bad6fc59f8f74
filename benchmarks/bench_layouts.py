"""Layouts against graphviz dot on micrograd loss graphs, side by side in one run.

Graphs: an MLP's hinge loss + 1e-4 L2 over N two-moons samples (micrograd's
demo loss, engine.nn.MLP), about 100, 3,000, 13,000 and 65,000 values (and
200, 500, 700: sizes where dot still answers within seconds), drawn
as draw_dot draws them (a node per value and per op). For each: our layered
layout's time and edge crossings, and dot's on the draw_dot-style DOT of the
same graph (``dot -Tplain`` for its positions; given DOT_TIMEOUT_S, then "no
answer"). Crossings are counted the same way for both: straight segments
between node centres (``layouts.count_crossings``). Then the incremental
re-place after one-line edits of the 13,000-value script (graph_model +
PositionCache.place), and optionally (--libraries) igraph's layout_sugiyama
and grandalf on the same graphs. Our times are the best of REPEATS runs, wall
clock and (cpu) this process's CPU time, which a busy machine inflates less.
Targets (issue 4): 13,000 values under 1 s,
65,000 under 5 s, crossings at most 1.2x dot's where dot finishes, re-place
after a one-line edit of 13,000 values under 200 ms.

Then the force layout at 1,000, 13,000 and 65,000 values (issue 15): networkx's
spring layout (what the force layout was), igraph's Fruchterman-Reingold called
bare (random start, the same number of steps as ours), and ours (force_layout
through PositionCache, in layout units, crowds spread), each in a forked child
given FORCE_TIMEOUT_S; then ours re-placing after one-line edits, and how many
nodes those edits moved. "crowded": nodes with another within MIN_DIST once
scaled like ours; crossings where they fit in render's limit. Target: 65,000
values from scratch well inside the 10 s that ``render --layout force`` has.

    python benchmarks/bench_layouts.py [--sizes 100,3k,13k,65k] [--libraries] [--no-dot]
                                       [--force-sizes 1k,13k,65k] [--no-layered] [--no-force]
"""

import argparse
import gc
import multiprocessing as mp
import random
import subprocess
import tempfile
import time
from pathlib import Path

from engine import Value, trace
from engine.datasets import moons
from engine.losses import hinge
from engine.nn import MLP
from layouts import PositionCache, count_crossings, graph_model, layered_layout, to_dot
from layouts.force import BIG, BIG_ITERATIONS, ITERATIONS, _near_one_another, _spaced
from sandbox.render import CROSSINGS_LIMIT

DOT_TIMEOUT_S = 120  # dot gets this long per graph, then "no answer"
LIBRARY_TIMEOUT_S = 120  # the same for igraph and grandalf
FORCE_TIMEOUT_S = 120  # each force layout from scratch gets this long, then "no answer"
FORCE_SIZES = {"1k": (1, [12, 12, 1]), "13k": (19, [16, 16, 1]), "65k": (100, [16, 16, 1])}  # 1,014 to 65,818 values
# name: (samples, MLP layer sizes). 200-700 are extra: the largest graphs dot still lays out in seconds
SIZES = {"100": (1, [4, 1]), "200": (1, [4, 4, 1]), "500": (1, [8, 8, 1]), "700": (2, [8, 8, 1]),
         "3k": (3, [16, 16, 1]), "13k": (19, [16, 16, 1]), "65k": (100, [16, 16, 1])}
REPEATS = 3  # our layouts are timed as the best of this many runs (dot and the libraries once)


def loss_trace(samples, sizes, l2=1e-4, extra=""):
    """The trace dict of micrograd's demo loss over ``samples`` points, as the runner sends it."""
    random.seed(1337)
    X, y = moons(samples)
    model = MLP(2, sizes)
    scores = [model([Value(a) for a in x]) for x in X]
    if extra == "scale scores":  # a line inserted before the loss: every loss node changes
        scores = [s * 1.0 for s in scores]
    loss = hinge(scores, y) + l2 * sum(p * p for p in model.parameters())
    if extra == "append op":  # a line appended at the end
        loss = loss * 2
    return trace(loss, names={"mlp": model}).to_dict()


def best_time(fn, repeats=REPEATS):
    """(best wall seconds, best CPU seconds of this process, result): CPU time shows through a busy machine."""
    wall, cpu, out = [], [], None
    for _ in range(repeats):
        gc.collect()  # start each run with no garbage pending (GC stays on: it is part of the cost)
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return min(wall), min(cpu), out


def run_dot(G, timeout=DOT_TIMEOUT_S):
    """(seconds, positions) of graphviz dot on draw_dot-style DOT of G, or (None, None) past the timeout."""
    names = {n: f"n{i}" for i, n in enumerate(G)}
    back = {v: k for k, v in names.items()}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "g.dot"
        src.write_text(to_dot(G, names=names))
        t = time.perf_counter()
        try:
            out = subprocess.run(["dot", "-Tplain", str(src)], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, None
        dt = time.perf_counter() - t
    pos = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] == "node":
            pos[back[parts[1]]] = (float(parts[2]), float(parts[3]))
    return dt, pos


def igraph_sugiyama(G, layers=None):
    """igraph's layout_sugiyama, turned so ranks run left to right like ours: node -> (layer, position)."""
    import igraph as ig

    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()], directed=True)
    layout = g.layout_sugiyama(layers=[layers[n] for n in nodes] if layers else None)
    return {n: (layout[i][1], layout[i][0]) for i, n in enumerate(nodes)}


def grandalf_sugiyama(G):
    """grandalf's SugiyamaLayout per connected component: node -> (layer, position)."""
    from grandalf.graphs import Edge, Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    class View:
        w, h = 10, 10

    vs = {n: Vertex(n) for n in G}
    for v in vs.values():
        v.view = View()
    graph = Graph(list(vs.values()), [Edge(vs[u], vs[v]) for u, v in G.edges()])
    pos, shift = {}, 0.0
    for component in graph.C:
        sug = SugiyamaLayout(component)
        sug.init_all()
        sug.draw(3)
        xs = [v.view.xy[0] for v in component.sV]
        for v in component.sV:
            x, y = v.view.xy
            pos[v.data] = (y, x - min(xs) + shift)
        shift += max(xs) - min(xs) + 20
    return pos


def _in_child(queue, fn, G):
    t = time.perf_counter()
    pos = fn(G)
    queue.put((time.perf_counter() - t, pos))


def with_timeout(fn, G, timeout=LIBRARY_TIMEOUT_S):
    """(seconds, positions) of fn(G) in a forked child, or (None, None) past the timeout."""
    queue = mp.get_context("fork").Queue()
    child = mp.get_context("fork").Process(target=_in_child, args=(queue, fn, G))
    child.start()
    try:
        return queue.get(timeout=timeout)
    except Exception:
        return None, None
    finally:
        child.kill()
        child.join()


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else "-"


def fmt_time(s, skipped=False):
    return "skipped" if skipped else "no answer" if s is None else f"{s:.3f} s"


def fmt_int(x):
    return "-" if x is None else f"{x:,}"


def compare(sizes, with_dot, libraries):
    print(f"{'graph':>6} {'values':>7} {'nodes':>7} | {'model':>8} {'ours':>9} {'(cpu)':>9} {'crossings':>12} |"
          f" {'dot':>10} {'crossings':>12} | {'dot/ours time':>13} {'ours/dot cross':>14}")
    rows = {}
    for tag in sizes:
        samples, hidden = SIZES[tag]
        d = loss_trace(samples, hidden)
        t_model, _, G = best_time(lambda d=d: graph_model(d))
        t_ours, cpu_ours, pos = best_time(lambda G=G: layered_layout(G, scale=None))
        ours_x = count_crossings(G, pos)
        t_dot, dot_pos = run_dot(G) if with_dot else (None, None)
        dot_x = count_crossings(G, dot_pos) if dot_pos else None
        rows[tag] = (G, pos)
        print(f"{tag:>6} {len(d['nodes']):>7,} {len(G):>7,} | {t_model:>6.3f} s {t_ours:>7.3f} s {cpu_ours:>7.3f} s"
              f" {ours_x:>12,} |"
              f" {fmt_time(t_dot, not with_dot):>10} {fmt_int(dot_x):>12} |"
              f" {ratio(t_dot, t_ours):>13} {ratio(ours_x, dot_x):>14}",
              flush=True)
        if libraries:
            from layouts.layered import layered_ranks

            for name, fn in [("igraph", igraph_sugiyama),
                             ("igraph+our ranks", lambda G: igraph_sugiyama(G, layered_ranks(G))),
                             ("grandalf", grandalf_sugiyama)]:
                t_lib, lib_pos = with_timeout(fn, G)
                lib_x = count_crossings(G, lib_pos) if lib_pos else None
                print(f"{'':>6} {name:>24} {fmt_time(t_lib):>10} {fmt_int(lib_x):>12} crossings"
                      f"  (time {ratio(t_lib, t_ours)} ours, crossings {ratio(lib_x, ours_x)} ours)", flush=True)
    return rows


def incremental(tag="13k"):
    """graph_model + PositionCache.place after one-line edits of the script, best of REPEATS."""
    samples, hidden = SIZES[tag]
    print(f"\nre-place after a one-line edit of the {tag} script (graph_model + PositionCache.place):")
    base = loss_trace(samples, hidden)
    for name, d in [("change a constant (1e-4 -> 2e-4)", loss_trace(samples, hidden, l2=2e-4)),
                    ("append an op (loss * 2)", loss_trace(samples, hidden, extra="append op")),
                    ("insert a line before the loss", loss_trace(samples, hidden, extra="scale scores"))]:
        def replace(d=d):
            cache = PositionCache()
            cache.place(graph_model(base))
            gc.collect()
            t, c = time.perf_counter(), time.process_time()
            cache.place(graph_model(d))
            return time.perf_counter() - t, time.process_time() - c

        times = [replace() for _ in range(REPEATS)]
        wall, cpu = min(t for t, _ in times), min(c for _, c in times)
        print(f"  {name:<36} {wall * 1000:7.1f} ms  (cpu {cpu * 1000:5.1f} ms; target 200 ms)")


def networkx_spring(G):
    """networkx's spring layout as the force layout called it before igraph: node -> (x, y)."""
    import networkx as nx

    return {n: tuple(p) for n, p in nx.spring_layout(G, seed=0, method="force").items()}


def igraph_fr(G):
    """igraph's Fruchterman-Reingold from a random start, as many steps as ours: node -> (x, y)."""
    import igraph as ig

    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()])
    coords = g.layout_fruchterman_reingold(niter=BIG_ITERATIONS if len(nodes) >= BIG else ITERATIONS).coords
    return dict(zip(nodes, map(tuple, coords)))


def ours_force(G):
    return PositionCache(layout="force").place(G)


def crowded(G, pos, scale_like_ours):
    """Share of nodes with another within MIN_DIST (after scaling to our spacing, for the libraries)."""
    import numpy as np

    xy = np.array([pos[n] for n in G], dtype=float)
    return float(_near_one_another(_spaced(xy) if scale_like_ours else xy).mean())


def force_rows(sizes, timeout):
    """networkx spring, igraph bare and ours from scratch, then ours after edits, at each size."""
    print(f"\nforce layout from scratch (each in a forked child, {timeout} s each; crossings up to "
          f"{CROSSINGS_LIMIT:,} edge pieces):")
    print(f"{'graph':>6} {'values':>7} {'nodes':>7} | {'':16} {'time':>10} {'crowded':>8} {'crossings':>13}")
    for tag in sizes:
        samples, hidden = FORCE_SIZES[tag]
        d = loss_trace(samples, hidden)
        G = graph_model(d)
        results = [(name, *with_timeout(fn, G, timeout)) for name, fn in
                   [("networkx spring", networkx_spring), ("igraph FR", igraph_fr), ("ours", ours_force)]]
        for k, (name, seconds, pos) in enumerate(results):
            share = "-" if pos is None else f"{100 * crowded(G, pos, name != 'ours'):.1f}%"
            cross = count_crossings(G, pos, limit=CROSSINGS_LIMIT) if pos else None
            head = f"{tag:>6} {len(d['nodes']):>7,} {len(G):>7,}" if k == 0 else f"{'':>22}"
            print(f"{head} | {name:16} {fmt_time(seconds):>10} {share:>8} {fmt_int(cross):>13}", flush=True)
        for edit, changed in [("change a constant", loss_trace(samples, hidden, l2=2e-4)),
                              ("append an op", loss_trace(samples, hidden, extra="append op")),
                              ("insert a line before the loss", loss_trace(samples, hidden, extra="scale scores"))]:
            cache = PositionCache(layout="force")
            before = cache.place(G)
            H = graph_model(changed)
            gc.collect()
            t, c = time.perf_counter(), time.process_time()
            after = cache.place(H)
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            moved = sum(after[n] != p for n, p in before.items() if n in after)
            print(f"{'':>22} | ours, {edit:<30} {wall * 1000:8.1f} ms (cpu {cpu * 1000:7.1f} ms): "
                  f"{len(set(after) - set(before)):,} new nodes, {moved} moved", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated: " + ", ".join(SIZES))
    parser.add_argument("--libraries", action="store_true", help="also igraph's layout_sugiyama and grandalf")
    parser.add_argument("--no-dot", action="store_true", help="skip graphviz dot")
    parser.add_argument("--force-sizes", default=",".join(FORCE_SIZES),
                        help="comma-separated: " + ", ".join(FORCE_SIZES))
    parser.add_argument("--force-timeout", type=float, default=FORCE_TIMEOUT_S)
    parser.add_argument("--no-layered", action="store_true", help="skip the layered layout's rows")
    parser.add_argument("--no-force", action="store_true", help="skip the force layout's rows")
    args = parser.parse_args()
    if not args.no_layered:
        compare(args.sizes.split(","), not args.no_dot, args.libraries)
        incremental()
    if not args.no_force:
        force_rows(args.force_sizes.split(","), args.force_timeout)


if __name__ == "__main__":
    main()
