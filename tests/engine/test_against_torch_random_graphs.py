"""Random expression graphs: every gradient matches PyTorch to 1e-9 relative.

If this breaks, some combination of ops backpropagates wrongly.
"""

import math

import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import Value

# Ops safe on any finite input (kept in range so neither side overflows).
OPS = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "tanh": (lambda a, b: a.tanh() + b, lambda a, b: a.tanh() + b),
    "sigmoid": (lambda a, b: a.sigmoid() * b, lambda a, b: a.sigmoid() * b),
    "relu": (lambda a, b: a.relu() - b, lambda a, b: a.relu() - b),
    "square": (lambda a, b: a**2 + b, lambda a, b: a**2 + b),
    "expdiv": (lambda a, b: (a.tanh()).exp() / (b * b + 1), lambda a, b: a.tanh().exp() / (b * b + 1)),
    "logish": (lambda a, b: (a * a + 1).log() * b, lambda a, b: (a * a + 1).log() * b),
}

programs = st.tuples(
    st.lists(st.floats(-3, 3, allow_nan=False).filter(lambda x: abs(x) > 1e-3), min_size=2, max_size=5),
    st.lists(st.tuples(st.sampled_from(sorted(OPS)), st.integers(0, 99), st.integers(0, 99)), min_size=1, max_size=25),
)


def evaluate(leaves, steps, which):
    pool = list(leaves)
    for name, i, j in steps:
        fn = OPS[name][which]
        pool.append(fn(pool[i % len(pool)], pool[j % len(pool)]))
    return pool[-1]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs)
def test_random_graph_gradients_match_torch(program):
    xs, steps = program
    vs = [Value(x) for x in xs]
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    out, tout = evaluate(vs, steps, 0), evaluate(ts, steps, 1)
    if not math.isfinite(tout.item()) or abs(tout.item()) > 1e12:
        return  # out of float range: not this test's business
    out.backward()
    tout.backward()
    assert math.isclose(out.data, tout.item(), rel_tol=1e-9, abs_tol=1e-12)
    for v, t in zip(vs, ts):
        want = 0.0 if t.grad is None else t.grad.item()
        assert math.isclose(v.grad, want, rel_tol=1e-9, abs_tol=1e-9 * max(1.0, abs(want))), (v.grad, want)
