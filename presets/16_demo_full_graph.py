"""Demo full graph: all 65,818 values of one step of micrograd's demo
The demo's whole loss (two moons, MLP(2, [16, 16, 1]), hinge loss + L2) as one graph.

It opens as an outline: the model (its 337 parameters), the 100 examples'
forward passes stacked in one box (×100: click it to see one example's whole
computation), the 337 terms of the L2 sum (×337) and the loss. Click the model
to open its layers and neurons, double-click inside an open group to fold it
again, or type a name in the find box (try neurons.3.w.7) to jump to that weight
and light its path to the loss. Zoom in and the names, op symbols and then the
numbers appear. Value colours are gradients; a folded group's colour is the
norm of its parameters' gradients.
Set trained to 1, 2, ... to train first: the same graph with new numbers.
"""
import random

from engine import datasets

random.seed(1337)
X, y = datasets.moons(100, noise=0.1)
model = MLP(2, [16, 16, 1])  # 337 parameters
trained = 0  # training steps taken before the one drawn


def loss_of_everything():
    inputs = [list(map(Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    return data_loss + reg_loss


def train(k):
    """One step of the demo's training, in a function so no top-level name holds a weight."""
    loss = loss_of_everything()
    model.zero_grad()
    loss.backward()
    learning_rate = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= learning_rate * p.grad


for k in range(trained):
    train(k)
loss = loss_of_everything()
model.zero_grad()
loss.backward()
loss.label = "loss"
print(f"loss {loss.data:.4f} after {trained} training steps")
show(loss)
