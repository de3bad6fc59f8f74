"""MLP loss: MLP(3, [4, 4, 1]) on the lecture's four examples
A small network, its predictions and a squared-error loss, all in one graph.

Hover a node: its scope names the neuron that made it (e.g. mlp.layers.0.neurons.1).
Every parameter's grad says how the loss changes if that weight grows; pred0..pred3
are the network's four answers, to be pushed towards 1, -1, -1, 1.

Lesson: train it by hand (p.data -= 0.01 * p.grad for every parameter) until the loss is below 1
    loss.data < 1
"""
import random
random.seed(1337)

mlp = MLP(3, [4, 4, 1])
xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
ys = [1.0, -1.0, -1.0, 1.0]

preds = [mlp(x) for x in xs]
for i, p in enumerate(preds):
    p.label = f"pred{i}"
loss = sum((p - y) ** 2 for p, y in zip(preds, ys))
loss.label = "loss"
loss.backward()
print(f"loss = {loss.data:.4f}")
