"""Every way micrograd code imports its classes."""
# ruff: noqa: F821
import micrograd
from micrograd import nn
from micrograd.engine import Value as V
from micrograd.nn import MLP, Layer, Neuron

import engine.nn
from engine import Value as EV

assert V is EV is Value and nn.MLP is MLP is engine.nn.MLP and micrograd.nn.Layer is Layer
n = Neuron(3)
layer = Layer(3, 2)
x = [V(1.0), V(-2.0), V(0.5)]
h = layer(x)
out = n(h + [V(1.0)])
out.backward()
print(n, layer)
show(out)
