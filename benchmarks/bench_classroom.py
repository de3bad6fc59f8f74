"""A classroom on one server: edit-to-result latency under load, beside the same users on an idle server.

All through real websocket sessions (benchmarks/classroom_load.py), one
`micrograd-sandbox serve` on loopback:

- anchor (idle server): each benign script alone, one tab, one edit at a time;
- throughput: 5 tabs editing as fast as their results come back: runs per
  second, and the server's own CPU per run (its processes' CPU time over the
  runs, the sandbox's processes not counted);
- load: N tabs at once (default 20) editing every 2 s for 60 s: small benign
  scripts, one heavy training loop and hostile neighbours (infinite loop,
  memory bomb, fork bomb from tests/runner/hostile/);
- RSS: the server's resident memory with no tab and with N tabs open, per tab.

Every figure is measured for each server asked for, one after another in the
same run, and printed side by side: this checkout (anchor), ``--against REF``
(the same load on a server of an older commit, e.g. main, so a change's gain
is measured on the same day's machine) and ``--num-procs 1,2`` (server
processes on one port).

Targets on 2 cores (issue 17): small scripts p95 under 2 s and p50 under 0.4 s
with 20 tabs, three of them hostile and one heavy.

    python benchmarks/bench_classroom.py [--sessions 20] [--seconds 60] [--also 30,40]
                                         [--against main ...] [--num-procs 1,2]
"""

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.classroom_load import (  # noqa: E402
    HOSTILE_NAMES,
    REPO,
    START_DELAY_S,
    ServerProcess,
    benign,
    hostile,
    percentile,
    register_panel_models,
    run_class,
)

TARGET_P95_S, TARGET_P50_S = 2.0, 0.4
EVERY_S = 2.0  # each tab edits this often under load
IDLE_EDITS = 20  # edits per script kind on the idle server
THROUGHPUT_TABS, THROUGHPUT_S = 5, 20.0


@dataclass
class Server:
    """One server to measure: a label, a source tree and serve's arguments; its figures once measured."""

    label: str
    checkout: Path
    args: tuple = ()
    figures: dict = field(default_factory=dict)


def latencies(users):
    return [x for u in users for x in u.latencies]


def idle_anchor(url):
    """The same scripts, each alone on the server: (small latencies, heavy latencies)."""
    small = run_class(url, [benign()], every_s=0.2, edits=IDLE_EDITS)
    heavy = run_class(url, [benign("heavy")], every_s=0.2, edits=max(3, IDLE_EDITS // 4))
    return latencies(small), latencies(heavy)


def throughput(server):
    """(runs per second, server CPU ms per run, failures) with THROUGHPUT_TABS tabs editing flat out."""
    cpu0, t0 = server.cpu_s(), time.monotonic()
    users = run_class(server.url, [benign() for _ in range(THROUGHPUT_TABS)], every_s=0.0,
                      duration_s=THROUGHPUT_S, stagger_s=0.1)
    runs = len(latencies(users))
    rate = runs / (time.monotonic() - t0 - users[0].opened_s - START_DELAY_S)
    return rate, 1000 * (server.cpu_s() - cpu0) / max(runs, 1), sum(len(u.failures) for u in users)


def under_load(server, sessions, seconds):
    """sessions tabs (small ones, one heavy, the hostile ones): their figures."""
    small_tabs = sessions - 1 - len(HOSTILE_NAMES)
    scripts = ([benign() for _ in range(small_tabs)] + [benign("heavy")]
               + [hostile(name) for name in HOSTILE_NAMES])
    cpu0, client0, gc0 = server.cpu_s(), client_cpu_s(), server.health().get("gc")
    users = run_class(server.url, scripts, every_s=EVERY_S, duration_s=seconds)
    gc1 = server.health().get("gc")  # older servers do not say
    benign_users = users[:small_tabs + 1]
    runs = sum(len(u.latencies) for u in benign_users)
    return {"small": latencies(users[:small_tabs]), "heavy": users[small_tabs].latencies,
            "opened_s": users[0].opened_s, "client_cpu_s": client_cpu_s() - client0,
            "full_collections": gc1 and {k: gc1["gen2"][k] - gc0["gen2"][k] for k in ("collections", "total_s")},
            "failures": [f"{u.name} {f}" for u in benign_users for f in u.failures],
            "mixups": sum(len(u.mixups) for u in users), "dropped": sum(u.problem is not None for u in users),
            "cpu_ms": 1000 * (server.cpu_s() - cpu0) / max(runs, 1), "rss": server.rss_mb()}


def client_cpu_s():
    """CPU seconds this process (the simulated tabs) has used: it shares the machine with the server."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(servers, loads, seconds):
    """Each phase on every server in turn (all started first): the machine's speed drifts, so interleave."""
    processes = []
    try:
        for server in servers:
            processes.append(ServerProcess(*server.args, checkout=server.checkout))
            health = processes[-1].health()
            print(f"{server.label}: pid {health['pid']}, workers {health['workers']}, "
                  f"namespaces={health['isolation']['namespaces']}, seccomp={health['isolation']['seccomp']}",
                  flush=True)
        pairs = list(zip(servers, processes))
        for server, process in pairs:
            run_class(process.url, [benign()], every_s=0.1, edits=3)  # warm the server up
            server.figures["rss_idle"] = process.rss_mb()
        for server, process in pairs:
            server.figures["idle_small"], server.figures["idle_heavy"] = idle_anchor(process.url)
        for server, process in pairs:
            f = server.figures
            f["rate"], f["cpu_ms"], f["rate_failures"] = throughput(process)
        for sessions in loads:
            for server, process in pairs:
                server.figures[sessions] = under_load(process, sessions, seconds)
                print(f"  {server.label}, {sessions} tabs: small p95 "
                      f"{percentile(server.figures[sessions]['small'], 0.95):.2f} s", flush=True)
        for server, process in pairs:
            server.figures["alive"] = process.alive()
            server.figures["restarts"] = process.health()["supervisor_restarts"]
    finally:
        for process in processes:
            process.stop()


def checkout_of(ref):
    """A temporary copy of the repository at ref (git archive), to serve from."""
    target = Path(tempfile.mkdtemp(prefix="bench-classroom-"))
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    sha = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", ref], check=True, capture_output=True,
                         text=True).stdout.strip()
    return target, sha


def report(servers, loads):
    width = max(22, *(len(s.label) + 2 for s in servers))
    line = lambda name, cells: print(f"{name:44s}" + "".join(f"{c:>{width}s}" for c in cells))  # noqa: E731
    p = lambda xs: f"{percentile(xs, 0.5):.3f} / {percentile(xs, 0.95):.3f}"  # noqa: E731
    print(f"\nedit -> result, seconds p50 / p95 ({len(HOSTILE_NAMES)} hostile tabs: {', '.join(HOSTILE_NAMES)}; "
          "1 heavy: a training loop)")
    line("", [s.label for s in servers])
    line("small scripts, idle server (anchor)", [p(s.figures["idle_small"]) for s in servers])
    line("training loop, idle server (anchor)", [p(s.figures["idle_heavy"]) for s in servers])
    line(f"throughput, runs/s ({THROUGHPUT_TABS} tabs flat out)", [f"{s.figures['rate']:.1f}" for s in servers])
    line("  server CPU per run, ms", [f"{s.figures['cpu_ms']:.1f}" for s in servers])
    for n in loads:
        line(f"{n} tabs: all open after, s", [f"{s.figures[n]['opened_s']:.1f}" for s in servers])
        line(f"{n} tabs: small scripts", [p(s.figures[n]["small"]) for s in servers])
        line(f"{n} tabs: training loop", [p(s.figures[n]["heavy"]) for s in servers])
        line(f"{n} tabs: server CPU per benign run, ms", [f"{s.figures[n]['cpu_ms']:.1f}" for s in servers])
        line(f"{n} tabs: failed / mixed up / dropped",
             [f"{len(s.figures[n]['failures'])} / {s.figures[n]['mixups']} / {s.figures[n]['dropped']}"
              for s in servers])
        line(f"{n} tabs: full collections (gen 2), their s", [full_collections(s.figures[n]["full_collections"])
                                                             for s in servers])
        line(f"{n} tabs: CPU of the simulated tabs, s", [f"{s.figures[n]['client_cpu_s']:.0f}" for s in servers])
        line(f"{n} tabs: server RSS, MB (per tab)",
             [f"{s.figures[n]['rss']:.0f} ({(s.figures[n]['rss'] - s.figures['rss_idle']) / n:.1f})"
              for s in servers])
    line("server alive at the end, supervisor restarts",
         [f"{s.figures['alive']}, {s.figures['restarts']}" for s in servers])
    first = servers[0]
    for other in servers[1:]:
        for n in loads:
            mine, theirs = first.figures[n]["small"], other.figures[n]["small"]
            print(f"{n} tabs, {first.label} / {other.label}: small p50 "
                  f"{percentile(mine, 0.5) / percentile(theirs, 0.5):.2f}x, p95 "
                  f"{percentile(mine, 0.95) / percentile(theirs, 0.95):.2f}x; CPU per run "
                  f"{first.figures[n]['cpu_ms'] / other.figures[n]['cpu_ms']:.2f}x")
    for s in servers:
        for n in loads:
            small, failures = s.figures[n]["small"], s.figures[n]["failures"]
            for f in failures[:4]:  # what the page showed, so a failure can be told from a slow result
                print(f"  {s.label}, {n} tabs: {f}")
            if n >= 20:
                met = (percentile(small, 0.95) < TARGET_P95_S and percentile(small, 0.5) < TARGET_P50_S
                       and not failures)
                print(f"{s.label}, {n} tabs: small p50 {percentile(small, 0.5):.2f} s, p95 "
                      f"{percentile(small, 0.95):.2f} s (targets < {TARGET_P50_S:g} s, < {TARGET_P95_S:g} s, "
                      f"none failed: {'met' if met else 'MISSED'})")


def full_collections(counted):
    return f"{counted['collections']}, {counted['total_s']:.2f}" if counted else "not reported"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="tabs in the load (default 20)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each load (default 60)")
    parser.add_argument("--also", default="", help="more loads to try, e.g. 30,40 (tab counts)")
    parser.add_argument("--against", action="append", default=[], metavar="REF",
                        help="also measure a server of this git commit (e.g. main), side by side (repeatable)")
    parser.add_argument("--num-procs", default="1", metavar="N[,N...]",
                        help="server processes on one port, for this checkout (e.g. 1,2)")
    args = parser.parse_args()
    loads = [args.sessions] + [int(n) for n in args.also.split(",") if n]

    register_panel_models()
    servers = [Server("this checkout" + (f", {n} procs" if n != "1" else ""), REPO,
                      ("--num-procs", n) if n != "1" else ()) for n in args.num_procs.split(",")]
    for ref in args.against:
        checkout, sha = checkout_of(ref)
        servers.append(Server(ref if ref.startswith(sha) else f"{ref} ({sha})", checkout))
    try:
        measure(servers, loads, args.seconds)
    finally:
        for server in servers:
            if server.checkout != REPO:
                shutil.rmtree(server.checkout, ignore_errors=True)
    report(servers, loads)


if __name__ == "__main__":
    main()
