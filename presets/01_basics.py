"""Basics: x + y and x * y
The gradient of + copies to both inputs; the gradient of * swaps them.

Look at x.grad and y.grad: through `s = x + y` each gets 1 (d s/d x = 1), then
through `p = s * y` the gradient is multiplied by the other input. y is used
twice, so its gradient is the sum of both paths.

Lesson: get y.grad to 10 by editing one number
    y.grad == 10
    numbers changed <= 1
"""
x = Value(2.0, label="x")
y = Value(3.0, label="y")

s = x + y      # ds/dx = 1, ds/dy = 1
p = s * y      # dp/ds = y, dp/dy = s
p.label = "p"

p.backward()
print("x.grad =", x.grad, " y.grad =", y.grad)
