"""Walking the graph by hand through _prev and _op, as learners do when they draw it."""
# ruff: noqa: F821
a = Value(1.5, label="a")
b = a * a + a.exp() - a.relu() / 3
b.backward()


def walk(v, seen):
    if v in seen:
        return
    seen.add(v)
    for c in v._prev:
        walk(c, seen)


nodes = set()
walk(b, nodes)
ops = sorted({v._op for v in nodes if v._op})
print(len(nodes), ops, f"{a.grad:.6f}")
b._backward()
show(b)
