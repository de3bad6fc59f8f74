"""RNN: one cell unrolled over a short sequence
The same weights are used at every step; the hidden state carries what came before.

Follow the gradient from the last output back through every step: it reaches
the cell's weights once per step and they add up (backpropagation through time).

Lesson: unroll one more step: give the sequence a fourth input
    h4.0.grad != 0
"""
import random

from engine import nn

random.seed(0)
cell = nn.RNNCell(nin=2, nhidden=3)
readout = nn.Linear(3, 1)
sequence = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
target = 1.0

h = [Value(0.0, label=f"h0.{i}") for i in range(3)]
for t, x in enumerate(sequence, start=1):
    h = cell(x, h)
    for i, hi in enumerate(h):
        hi.label = f"h{t}.{i}"
prediction = readout(h)[0]
prediction.label = "prediction"
loss = (prediction - target) ** 2
loss.label = "loss"
loss.backward()
print(f"prediction {prediction.data:.4f}, loss {loss.data:.4f}")
