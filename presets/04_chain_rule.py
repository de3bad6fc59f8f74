"""Chain rule: exp, log, tanh, powers and division in one chain
Each op multiplies the gradient flowing back by its own local derivative.

Click any node to see its chain-rule term. d(exp u)/du = exp u, d(log u)/du = 1/u,
d(u**3)/du = 3u**2, and a / b is a * b**-1: look for the **-1 node.

Lesson: find where z divides by y**2: click the value that holds 1 / y**2
    selected.op == **-1
"""
x = Value(0.5, label="x")
y = Value(1.5, label="y")

u = (x * y).exp(); u.label = "u = exp(x*y)"
v = (u + 1).log(); v.label = "v = log(u + 1)"
w = v.tanh() ** 3; w.label = "w = tanh(v)**3"
z = w / (y ** 2); z.label = "z = w / y**2"

z.backward()
print(f"z = {z.data:.5f}, dz/dx = {x.grad:.5f}, dz/dy = {y.grad:.5f}")
