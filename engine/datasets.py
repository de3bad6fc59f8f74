"""Small 2D classification data sets in pure Python (no numpy, no downloads).

Each returns ``(X, y)``: X a list of [x1, x2] floats, y a list of labels in
{-1, +1} (the form micrograd's demo trains on). The same seed gives the same data.

>>> X, y = moons(4, noise=0.0, seed=0)
>>> len(X), sorted(set(y))
(4, [-1, 1])
"""

import math
import random


def moons(n=100, noise=0.1, seed=1337):
    """Two interleaving half circles, like sklearn's make_moons."""
    rng = random.Random(seed)
    n_out = n // 2
    n_in = n - n_out
    X, y = [], []
    for i in range(n_out):
        t = math.pi * i / max(n_out - 1, 1)
        X.append([math.cos(t), math.sin(t)])
        y.append(-1)
    for i in range(n_in):
        t = math.pi * i / max(n_in - 1, 1)
        X.append([1 - math.cos(t), 0.5 - math.sin(t)])
        y.append(1)
    return _shuffled(_jitter(X, noise, rng), y, rng)


def circles(n=100, noise=0.05, factor=0.5, seed=1337):
    """Two concentric rings: the inner ring (radius factor) is +1, the outer -1."""
    rng = random.Random(seed)
    X, y = [], []
    for i in range(n):
        inner = i % 2 == 1
        t = 2 * math.pi * rng.random()
        r = factor if inner else 1.0
        X.append([r * math.cos(t), r * math.sin(t)])
        y.append(1 if inner else -1)
    return _shuffled(_jitter(X, noise, rng), y, rng)


def spirals(n=100, noise=0.05, turns=1.5, seed=1337):
    """Two interleaved spirals, one per class."""
    rng = random.Random(seed)
    X, y = [], []
    for i in range(n):
        label = 1 if i % 2 else -1
        t = (i // 2) / max(n // 2, 1) * turns * 2 * math.pi
        r = t / (turns * 2 * math.pi)
        sign = 1 if label == 1 else -1
        X.append([sign * r * math.cos(t), sign * r * math.sin(t)])
        y.append(label)
    return _shuffled(_jitter(X, noise, rng), y, rng)


def xor(n=100, noise=0.1, seed=1337):
    """Four clusters at the corners: +1 where the signs of x1 and x2 agree."""
    rng = random.Random(seed)
    X, y = [], []
    for i in range(n):
        sx, sy = (1 if i % 2 else -1), (1 if (i // 2) % 2 else -1)
        X.append([0.5 * sx, 0.5 * sy])
        y.append(1 if sx == sy else -1)
    return _shuffled(_jitter(X, noise, rng), y, rng)


def _jitter(X, noise, rng):
    return [[a + rng.gauss(0, noise), b + rng.gauss(0, noise)] for a, b in X]


def _shuffled(X, y, rng):
    order = list(range(len(X)))
    rng.shuffle(order)
    return [X[i] for i in order], [y[i] for i in order]
