"""Training loop: micrograd's demo, two moons and MLP(2, [16, 16, 1]), live
Press Start to train all 100 steps (typing runs step 0 only); 100% accuracy comes at about step 35.

Hinge loss + 1e-4 L2 and the demo's learning rate 1.0 - 0.9*k/100, exactly as
micrograd's demo trains. The training panel draws the loss and accuracy, the
decision boundary, and the network: edge width is |weight|, colour its sign,
a ring marks neurons whose parameters get large gradients. The graph is
example 0's path through the network with this step's gradients. The lr
control scales the learning rate while it trains: try 0.1, or 2.

Lesson: press Start and train to 100% accuracy
    logged.acc >= 1
"""
import random

from engine import datasets

random.seed(1337)
X, y = datasets.moons(100, noise=0.1)
model = MLP(2, [16, 16, 1])  # 337 parameters
show_network(model)
show_boundary(model, X, y)


def train_step(k):
    """One step of the demo: forward, backward, update (its 65,818 values are freed when it returns)."""
    inputs = [list(map(Value, xrow)) for xrow in X]
    inputs[0][0].label, inputs[0][1].label = "x1", "x2"  # example 0, the one the graph shows
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    total_loss = data_loss + reg_loss
    accuracy = sum((yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)) / len(y)
    model.zero_grad()
    total_loss.backward()
    scores[0].label, losses[0].label = "score", "loss on x[0]"
    show(losses[0])
    learning_rate = param("lr", 1.0, low=0.0, high=2.0) * (1.0 - 0.9 * k / 100)
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return total_loss.data, accuracy, learning_rate


for k in steps(100):
    loss, acc, lr = train_step(k)
    log(step=k, loss=loss, acc=acc, lr=lr)
    print(f"step {k} loss {loss:.4f}, accuracy {acc * 100:.0f}%, lr {lr:.3f}")
