"""A few steps of micrograd's demo: MLP on two moons, hinge loss, p.data -= lr * p.grad."""
# ruff: noqa: F821
import random

from micrograd.engine import Value
from micrograd.nn import MLP

random.seed(1337)
X, y = datasets.moons(16, noise=0.1)
model = MLP(2, [4, 4, 1])


def loss_fn():
    inputs = [list(map(Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
    return data_loss + reg_loss, sum(accuracy) / len(accuracy)


for k in range(4):
    total_loss, acc = loss_fn()
    model.zero_grad()
    total_loss.backward()
    learning_rate = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    log(step=k, loss=total_loss, accuracy=acc)
    print(f"step {k} loss {total_loss.data:.6f}, accuracy {acc * 100}%")
show(total_loss)
