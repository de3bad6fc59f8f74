"""The micrograd demo's training step, engine against micrograd 0.1.0, in one run.

MLP(2, [16, 16, 1]) on 100 two-moons points, SVM max-margin loss + 1e-4 L2,
full batch, lr 1.0 - 0.9*k/100, the same seed and data for both engines.
Prints ms per step (median wall clock, and this process's CPU time, which a
busy machine inflates less), the speed ratio, peak traced memory per value,
and the largest loss difference over the steps. Both engines run first with
Python's collector as it comes, then as a run's process in the sandbox has it
(gc.freeze() after the imports, the first threshold GC_THRESHOLDS[0]). Then
trace() of one step's graph, as the runner traces what a script shows.
Targets (issues 2, 15): >= 12x faster with the collector as it comes, losses
equal to 1e-12, memory per value <= 1/3 of micrograd's.

    python benchmarks/bench_engine.py [--steps 20]
"""

import argparse
import contextlib
import gc
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.datasets import moons  # noqa: E402

TARGET_RATIO = 12.0


def demo_step(Value, model, X, y, k):
    """One step of micrograd's demo notebook, written as the notebook writes it."""
    inputs = [list(map(Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    total_loss = data_loss + reg_loss
    model.zero_grad()
    total_loss.backward()
    learning_rate = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return total_loss


def engines():
    from micrograd.engine import Value as MgValue
    from micrograd.nn import MLP as MgMLP

    from engine import Value
    from engine.nn import MLP
    return {"micrograd 0.1.0": (MgValue, MgMLP), "engine": (Value, MLP)}


def count_values(root):
    seen, stack = {root}, [root]
    while stack:
        for c in stack.pop()._prev:
            if c not in seen:
                seen.add(c)
                stack.append(c)
    return len(seen)


@contextlib.contextmanager
def sandbox_collector():
    """Python's collector as a run's process has it (sandbox/runner: zygote.py, execute.py)."""
    from sandbox.runner.execute import GC_THRESHOLDS

    before = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def run(Value, MLP, X, y, steps, measure_memory=True):
    """(losses, wall seconds per step, CPU seconds per step, values in a step's graph, peak traced bytes)."""
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    losses, times, cpu = [], [], []
    for k in range(steps):
        t, c = time.perf_counter(), time.process_time()
        loss = demo_step(Value, model, X, y, k)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        losses.append(loss.data)
    n_values = count_values(loss)
    del loss
    gc.collect()
    peak = None
    if measure_memory:
        tracemalloc.start()
        demo_step(Value, model, X, y, steps)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return losses, times, cpu, n_values, peak


def trace_time(Value, MLP, X, y, repeats=3):
    """Best seconds of engine.trace() over one demo step's graph, with the model's names; and its size."""
    from engine import trace

    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    loss = demo_step(Value, model, X, y, 0)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        graph = trace(loss, names={"model": model})
        best = min(best, time.perf_counter() - t)
    return best, len(graph)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    X, y = moons(100, noise=0.1, seed=1337)
    (mg_name, (MgValue, MgMLP)), (name, (Value, MLP)) = engines().items()
    mg_steps = max(3, args.steps // 4)  # micrograd takes a second a step
    rows = {"collector as it comes": {mg_name: run(MgValue, MgMLP, X, y, mg_steps),
                                      name: run(Value, MLP, X, y, args.steps)}}
    with sandbox_collector():
        rows["collector as in the sandbox"] = {mg_name: run(MgValue, MgMLP, X, y, mg_steps, False),
                                              name: run(Value, MLP, X, y, args.steps, False)}
    print(f"micrograd demo step, median per step ({mg_steps} steps of micrograd, {args.steps} of the engine)")
    print(f"{'':30}{'engine':<18}{'values/step':>12}{'ms/step':>10}{'(cpu)':>9}{'bytes/value':>13}{'x micrograd':>13}")
    for collector, results in rows.items():
        mg_ms, mg_cpu = (1e3 * statistics.median(results[mg_name][i]) for i in (1, 2))
        for engine_name, (_, times, cpu, nv, pk) in results.items():
            ms, cms = 1e3 * statistics.median(times), 1e3 * statistics.median(cpu)
            per_value = f"{pk / nv:13.0f}" if pk else f"{'':13}"
            ratio = f"{mg_ms / ms:6.1f} (cpu {mg_cpu / cms:4.1f})" if engine_name != mg_name else f"{'(anchor)':>13}"
            print(f"{collector:30}{engine_name:<18}{nv:>12,}{ms:>10.1f}{cms:>9.1f}{per_value}  {ratio}")
    first = rows["collector as it comes"]
    (mg_losses, mg_t, _, mg_n, mg_peak), (losses, t, _, n, peak) = first[mg_name], first[name]
    speed = statistics.median(mg_t) / statistics.median(t)
    print(f"speed: {speed:.1f}x micrograd with the collector as it comes (target >= {TARGET_RATIO:g}x)")
    print(f"memory per value: {(peak / n) / (mg_peak / mg_n):.2f} of micrograd's (target <= 0.33)")
    diff = max(abs(a - b) for a, b in zip(mg_losses, losses))
    print(f"largest loss difference over {len(mg_losses)} steps: {diff:.2e} (target <= 1e-12)")
    print(f"final loss after {len(mg_losses)} steps: micrograd {mg_losses[-1]:.6f}, engine {losses[mg_steps - 1]:.6f}")
    seconds, size = trace_time(Value, MLP, X, y)
    print(f"trace() of one step's graph ({size:,} values, names from the model): {seconds:.3f} s")


if __name__ == "__main__":
    main()
