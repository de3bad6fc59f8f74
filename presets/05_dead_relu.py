"""Dead ReLU: a neuron whose pre-activation is negative
When relu's input is below 0, its local derivative is 0 and the gradient stops.

Look at the weights: every grad is 0. No example that keeps n negative can
teach this neuron anything; a large negative bias is one way to kill it.

Lesson: bring the neuron back to life: make w1.grad non-zero by editing one number
    w1.grad != 0
    numbers changed <= 1
"""
x1 = Value(1.0, label="x1")
x2 = Value(-2.0, label="x2")
w1 = Value(0.5, label="w1")
w2 = Value(0.8, label="w2")
b = Value(-3.0, label="b")

n = x1 * w1 + x2 * w2 + b; n.label = "n (negative)"
out = n.relu(); out.label = "relu(n)"

out.backward()
print("n =", n.data, "-> every gradient is", w1.grad, w2.grad, b.grad)
