"""Vanishing gradients: a deep chain of sigmoids
Each sigmoid multiplies the gradient by at most 0.25, so it shrinks layer by layer.

Follow the gradient back from the output: it drops roughly fourfold per layer,
and the first input's grad is tiny. Change sigmoid to tanh and compare.

Lesson: get x.grad above 0.01: change the activation or the depth
    x.grad > 0.01
"""
x = Value(1.0, label="x")
h = x
for layer in range(8):
    h = (h * 1.5 + 0.1).sigmoid()
    h.label = f"h{layer + 1}"
out = h
out.backward()
print(f"x.grad = {x.grad:.2e}")
