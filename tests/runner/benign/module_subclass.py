"""A user's own Module subclass with parameters, __call__ and super().__init__."""
# ruff: noqa: F821
import random


class Affine(Module):
    def __init__(self, scale):
        super().__init__()
        self.w = Value(scale, label="w")
        self.b = Value(0.5, label="b")

    def __call__(self, x):
        return self.w * x + self.b

    def __repr__(self):
        return f"Affine(w={self.w.data})"


class Stack(Module):
    def __init__(self):
        self.parts = [Affine(2.0), Affine(-1.0)]

    def __call__(self, x):
        for p in self.parts:
            x = p(x).tanh()
        return x


random.seed(0)
net = Stack()
out = net(Value(0.3, label="x"))
out.backward()
print(net.parts, [round(p.grad, 6) for p in net.parameters()], random.random())
show(out)
