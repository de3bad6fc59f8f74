"""The expression from the micrograd lecture: L = (a*b + c) * f."""
# ruff: noqa: F821 -- Value and show are the sandbox's builtins
a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = Value(10.0, label="c")
e = a * b
e.label = "e"
d = e + c
d.label = "d"
f = Value(-2.0, label="f")
L = d * f
L.label = "L"
L.backward()
print(f"L = {L.data:.4f}, dL/da = {a.grad:.4f}, dL/db = {b.grad:.4f}")
show(L)
