"""Ring data: a 2-8-8-1 network learning two concentric rings, live
No straight line separates the rings: the hidden layers have to bend the boundary.

Press Start and watch the boundary close into a ring around the inner points.
The graph is example 0's score through the network. Try act="relu", fewer
neurons, or the lr control while it trains, and see whether it still learns.

Lesson: press Start and train until every point is on its side (100% accuracy)
    logged.acc >= 1
"""
import random

from engine import datasets, losses, optim

random.seed(3)
X, y = datasets.circles(100, noise=0.05, factor=0.4)
model = MLP(2, [8, 8, 1], act="tanh")
opt = optim.Adam(model.parameters(), lr=0.02)
show_network(model)
show_boundary(model, X, y)

for step in steps(150):
    inputs = [[Value(a), Value(b)] for a, b in X]
    inputs[0][0].label, inputs[0][1].label = "x1", "x2"
    scores = [model(x) for x in inputs]
    scores[0].label = "score"
    loss = losses.hinge(scores, y)
    loss.label = "loss"
    acc = sum((s.data > 0) == (t > 0) for s, t in zip(scores, y)) / len(y)
    opt.zero_grad()
    loss.backward()
    show(scores[0])
    opt.lr = param("lr", 0.02, low=0.001, high=0.2)
    opt.step()
    log(step=step, loss=loss.data, acc=acc, lr=opt.lr)
print(f"final loss {loss.data:.4f}, accuracy {acc * 100:.0f}%")
