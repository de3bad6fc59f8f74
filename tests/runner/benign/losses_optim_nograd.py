"""The engine's extras: losses, optimizers, no_grad, softmax."""
# ruff: noqa: F821
import random

random.seed(3)
model = MLP(3, [4, 3])
xs = [[1.0, 2.0, -1.0], [0.5, -0.5, 2.0]]
targets = [0, 2]
opt = optim.Adam(model.parameters(), lr=0.05)
for step in range(3):
    loss = sum(losses.cross_entropy(model(x), t) for x, t in zip(xs, targets)) * 0.5
    opt.zero_grad()
    loss.backward()
    opt.step()
    log(step=step, loss=loss)
with no_grad():
    probs = softmax(model(xs[0]))
print([round(p.data, 6) for p in probs], len(probs[0]._prev))
mse_loss = losses.mse([Value(1.0), Value(2.0)], [0.0, 2.5])
mse_loss.backward()
show(loss, mse_loss)
