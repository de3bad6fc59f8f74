"""One neuron by hand: o = tanh(x1*w1 + x2*w2 + b), from the lecture."""
# ruff: noqa: F821
x1 = Value(2.0, label="x1")
x2 = Value(0.0, label="x2")
w1 = Value(-3.0, label="w1")
w2 = Value(1.0, label="w2")
b = Value(6.8813735870195432, label="b")
n = x1 * w1 + x2 * w2 + b
o = n.tanh()
o.backward()
for v in (x1, x2, w1, w2):
    print(v.label, round(v.grad, 6))
show(o)
