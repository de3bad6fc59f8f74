"""Expression: L = (a*b + c) * f
The lecture's first graph: follow the gradient from L back to every leaf.

L.grad is 1. f.grad is d = a*b + c, and d.grad is f; the + node passes d.grad
unchanged to e and c; the * node gives a.grad = b * e.grad and b.grad = a * e.grad.
Try changing a constant: the picture stays put and only the numbers move.

Lesson: get a.grad to 12 by editing one number
    a.grad == 12
    numbers changed <= 1
"""
a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = Value(10.0, label="c")
e = a * b; e.label = "e"
d = e + c; d.label = "d"
f = Value(-2.0, label="f")
L = d * f; L.label = "L"

L.backward()
