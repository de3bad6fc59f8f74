"""The micrograd demo's training step, engine against micrograd 0.1.0, in one run.

MLP(2, [16, 16, 1]) on 100 two-moons points, SVM max-margin loss + 1e-4 L2,
full batch, lr 1.0 - 0.9*k/100, the same seed and data for both engines.
Prints ms per step, the speed ratio, peak traced memory per value, and the
largest loss difference over the steps. Targets (issue 2): >= 10x faster,
losses equal to 1e-12, memory per value <= 1/3 of micrograd's.

    python benchmarks/bench_engine.py [--steps 20]
"""

import argparse
import gc
import random
import statistics
import time
import tracemalloc

from engine.datasets import moons


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


def run(Value, MLP, X, y, steps):
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    losses, times = [], []
    for k in range(steps):
        t = time.perf_counter()
        loss = demo_step(Value, model, X, y, k)
        times.append(time.perf_counter() - t)
        losses.append(loss.data)
    n_values = count_values(loss)
    del loss
    gc.collect()
    tracemalloc.start()
    demo_step(Value, model, X, y, steps)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return losses, times, n_values, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    X, y = moons(100, noise=0.1, seed=1337)
    results = {name: run(V, M, X, y, args.steps) for name, (V, M) in engines().items()}
    (mg_losses, mg_t, mg_n, mg_peak), (losses, t, n, peak) = results.values()
    mg_ms, ms = 1e3 * statistics.median(mg_t), 1e3 * statistics.median(t)
    print(f"micrograd demo step, {args.steps} steps, median ms per step")
    print(f"{'engine':<18}{'values/step':>12}{'ms/step':>10}{'bytes/value':>13}")
    for name, (_, times, nv, pk) in results.items():
        print(f"{name:<18}{nv:>12,}{1e3 * statistics.median(times):>10.1f}{pk / nv:>13.0f}")
    diff = max(abs(a - b) for a, b in zip(mg_losses, losses))
    print(f"speed: {mg_ms / ms:.1f}x micrograd (target >= 10x)")
    print(f"memory per value: {(peak / n) / (mg_peak / mg_n):.2f} of micrograd's (target <= 0.33)")
    print(f"largest loss difference over {args.steps} steps: {diff:.2e} (target <= 1e-12)")
    print(f"final loss: micrograd {mg_losses[-1]:.6f}, engine {losses[-1]:.6f}")


if __name__ == "__main__":
    main()
