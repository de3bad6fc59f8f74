"""Neuron: the tanh neuron from the micrograd lecture
o = tanh(x1*w1 + x2*w2 + b), with b chosen so that n = 0.8814 and o = 0.7071.

Look at n.grad: tanh's local derivative is 1 - o**2 = 0.5, so n.grad = 0.5.
x2 is 0, so w2.grad = x2 * 0.5 = 0: that weight cannot learn from this input.

Lesson: get o above 0.9 by editing one number
    o.data > 0.9
    numbers changed <= 1
"""
x1 = Value(2.0, label="x1")
x2 = Value(0.0, label="x2")
w1 = Value(-3.0, label="w1")
w2 = Value(1.0, label="w2")
b = Value(6.8813735870195432, label="b")

x1w1 = x1 * w1; x1w1.label = "x1*w1"
x2w2 = x2 * w2; x2w2.label = "x2*w2"
x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = "x1*w1 + x2*w2"
n = x1w1x2w2 + b; n.label = "n"
o = n.tanh(); o.label = "o"

o.backward()
print(f"o = {o.data:.4f}, n.grad = {n.grad:.4f}, w1.grad = {w1.grad:.4f}, w2.grad = {w2.grad:.4f}")
