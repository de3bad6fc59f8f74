"""Per-run overhead of the sandbox runner, beside its two anchors, for one small script.

- in-process: ``execute`` called directly in this process (the same script, the
  same tracing and JSON, no walls at all): the floor;
- fresh interpreter: ``python3 -c`` running the same script (import the engine,
  execute, print JSON): what a sandbox without a warm zygote would pay;
- runner: ``sandbox.runner.run`` with every layer on (supervisor, zygote in
  namespaces, fork, uid drop, rlimits, seccomp, schema check).

Prints p50 and p95 per run in ms, side by side, and the runner's overhead
(runner minus in-process) with its ratio to each anchor. Target (issue 3):
p50 overhead <= 10 ms (a fresh interpreter costs about 60-90 ms here).

``--against DIR`` also times the runner of another checkout (say, main's)
beside this one's: each in a process of its own, taking turns in blocks of
AGAINST_BLOCK runs, so both see the same load on a shared machine (run one
after the other, two runs of the same code gave p50 overheads of 18.2 and
25.0 ms on 2026-12-04).

    python benchmarks/bench_runner.py [--runs 200] [--against ../main]
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox.runner import Layers, Limits, Runner  # noqa: E402
from sandbox.runner.execute import execute  # noqa: E402

SCRIPT = """\
a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = a * b + a ** 2
d = c.tanh()
d.backward()
print(a.grad, b.grad)
"""
FRESH_INTERPRETER = (
    "import sys; sys.path.insert(0, {root!r})\n"
    "from sandbox.runner.execute import execute\n"
    "from sandbox.runner.limits import Limits\n"
    "execute({script!r}, Limits(), True, print)\n"
)
TARGET_P50_OVERHEAD_MS = 10.0
WARMUP_RUNS = 5
AGAINST_BLOCK = 10  # runs per turn when two checkouts take turns
# One checkout's runner, timed in blocks on request: its sandbox package comes from root, whatever its version.
TURN_TAKER = """\
import json, sys, time
sys.path.insert(0, {root!r})
from sandbox.runner import Layers, Runner
runner = Runner(Layers())
for _ in range({warmup}):
    runner.run({script!r})
print("ready", flush=True)
for line in sys.stdin:
    times = []
    for _ in range(int(line)):
        t = time.perf_counter()
        result = runner.run({script!r})
        times.append(time.perf_counter() - t)
        assert result.ok, result.error
    print(json.dumps(times), flush=True)
runner.close()
"""


def percentiles(seconds):
    ms = sorted(s * 1000 for s in seconds)
    return statistics.median(ms), ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]


def time_in_process(runs):
    limits, times = Limits(), []
    for _ in range(runs):
        sink = []
        t = time.perf_counter()
        execute(SCRIPT, limits, True, sink.append)
        times.append(time.perf_counter() - t)
    return times


def time_fresh_interpreter(runs):
    cmd = [sys.executable, "-c", FRESH_INTERPRETER.format(root=str(ROOT), script=SCRIPT)]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"the fresh interpreter failed (exit {done.returncode}):\n{done.stderr}")
        times.append(time.perf_counter() - t)
    return times


def time_runner(runner, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = runner.run(SCRIPT)
        times.append(time.perf_counter() - t)
        assert result.ok, result.error
    return times


def time_taking_turns(roots, runs):
    """{root: seconds per run} for each checkout's runner, the checkouts taking turns block by block."""
    procs = {root: subprocess.Popen([sys.executable, "-c", TURN_TAKER.format(root=str(root), warmup=WARMUP_RUNS,
                                                                              script=SCRIPT)],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd="/")
             for root in roots}
    for p in procs.values():
        if p.stdout.readline().strip() != "ready":
            raise RuntimeError("a checkout's runner did not start")
    times = {root: [] for root in roots}
    for block in range(max(1, runs // AGAINST_BLOCK)):
        for root in (roots if block % 2 == 0 else roots[::-1]):  # neither always goes first
            procs[root].stdin.write(f"{AGAINST_BLOCK}\n")
            procs[root].stdin.flush()
            times[root] += json.loads(procs[root].stdout.readline())
    for p in procs.values():
        p.stdin.close()
        p.wait()
    return times


def print_against(other, runs):
    ours = ROOT
    times = time_taking_turns([other, ours], runs)
    print(f"\ntaking turns, {AGAINST_BLOCK} runs each, all layers:")
    stats = {root: percentiles(t) for root, t in times.items()}
    for root in (other, ours):
        p50, p95 = stats[root]
        print(f"{'runner of ' + str(root):60.60s} {len(times[root]):5d} {p50:8.2f} {p95:8.2f}")
    (o50, o95), (u50, u95) = stats[other], stats[ours]
    print(f"this checkout / {other}: p50 {u50 / o50:.2f}x, p95 {u95 / o95:.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per method (fresh interpreter: a quarter)")
    parser.add_argument("--against", type=Path, metavar="DIR", help="another checkout whose runner to time beside")
    args = parser.parse_args()

    runner = Runner(Layers())
    status = runner.status()
    for _ in range(WARMUP_RUNS):
        runner.run(SCRIPT)
    time_in_process(WARMUP_RUNS)
    rows = {
        "in-process execute": time_in_process(args.runs),
        "fresh interpreter (python3 -c)": time_fresh_interpreter(max(10, args.runs // 4)),
        "runner (all layers)": time_runner(runner, args.runs),
    }
    runner.close()

    layers = ", ".join(k for k in ("uid_drop", "rlimits", "seccomp", "language") if status[k])
    print(f"layers: {layers}, namespaces={status['namespaces']}")
    print(f"{'method':34s} {'runs':>5s} {'p50 ms':>8s} {'p95 ms':>8s}")
    stats = {name: percentiles(times) for name, times in rows.items()}
    for name, (p50, p95) in stats.items():
        print(f"{name:34s} {len(rows[name]):5d} {p50:8.2f} {p95:8.2f}")
    base50, base95 = stats["in-process execute"]
    run50, run95 = stats["runner (all layers)"]
    fresh50, fresh95 = stats["fresh interpreter (python3 -c)"]
    over50, over95 = run50 - base50, run95 - base95
    print(f"runner overhead vs in-process:    p50 {over50:.2f} ms, p95 {over95:.2f} ms "
          f"(target p50 <= {TARGET_P50_OVERHEAD_MS:g} ms: {'met' if over50 <= TARGET_P50_OVERHEAD_MS else 'MISSED'})")
    print(f"runner / in-process:              p50 {run50 / base50:.1f}x, p95 {run95 / base95:.1f}x")
    print(f"runner / fresh interpreter:       p50 {run50 / fresh50:.2f}x, p95 {run95 / fresh95:.2f}x")
    if args.against is not None:
        print_against(args.against.resolve(), args.runs)


if __name__ == "__main__":
    main()
