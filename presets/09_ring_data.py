"""Ring data: a 2-8-8-1 network learning two concentric rings
No straight line separates the rings: the hidden layers have to bend the boundary.

Watch the loss fall in the console; the graph is one example's forward pass.
Try act="relu" or fewer neurons and see whether it still learns.
"""
import random

from engine import datasets, losses, optim

random.seed(3)
X, y = datasets.circles(60, noise=0.05, factor=0.4)
model = MLP(2, [8, 8, 1], act="tanh")
opt = optim.Adam(model.parameters(), lr=0.05)

for step in range(30):
    scores = [model(x) for x in X]
    loss = losses.hinge(scores, y)
    acc = sum((s.data > 0) == (t > 0) for s, t in zip(scores, y)) / len(y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    log(step=step, loss=loss.data, acc=acc)
print(f"final loss {loss.data:.4f}, accuracy {acc * 100:.0f}%")

score = model([Value(X[0][0], label="x1"), Value(X[0][1], label="x2")])
score.label = "score"
score.backward()
show(score)
