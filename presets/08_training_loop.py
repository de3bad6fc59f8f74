"""Training loop: micrograd's demo, two moons and MLP(2, [16, 16, 1])
Hinge loss + L2 and a decaying learning rate, exactly as the micrograd demo trains.

The console shows loss and accuracy per step (log() sends them to the charts).
The graph shows one example's forward pass through the trained network; the
full loss graph of a step has 65,818 values.
"""
import random

from engine import datasets

random.seed(1337)
X, y = datasets.moons(100, noise=0.1)
model = MLP(2, [16, 16, 1])  # 337 parameters


def loss_and_accuracy():
    inputs = [list(map(Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
    return data_loss + reg_loss, sum(accuracy) / len(accuracy)


for k in range(5):  # the demo runs 100 steps: raise this and watch the loss fall (5 s per run)
    total_loss, acc = loss_and_accuracy()
    model.zero_grad()
    total_loss.backward()
    learning_rate = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    log(step=k, loss=total_loss.data, acc=acc)
    print(f"step {k} loss {total_loss.data:.4f}, accuracy {acc * 100:.0f}%")

score = model([Value(X[0][0], label="x1"), Value(X[0][1], label="x2")])
score.label = "score"
score.backward()
show(score)
