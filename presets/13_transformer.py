"""Transformer: a tiny GPT, the boss level
Embeddings, one block of two-head causal attention and an MLP, then next-token logits.

It learns to continue "abcd...": a three-token context predicts the next letter
(press Start to train and watch the loss fall).
The graph is the whole network's loss on one short sequence: click any weight
to see how its gradient was assembled from everything downstream.

Lesson: press Start to train, then get the drawn loss below 0.5
    loss.data < 0.5
"""
import random

from engine import nn, losses, optim

random.seed(7)
text = "abcdefgh"
vocab = sorted(set(text))
model = nn.GPT(vocab_size=len(vocab), dim=4, num_heads=2, num_layers=1, context=3)
opt = optim.Adam(model.parameters(), lr=0.05)
seq = [vocab.index(c) for c in text]


def sequence_loss(start):
    idx, targets = seq[start:start + 3], seq[start + 1:start + 4]
    logits = model(idx)
    return sum(losses.cross_entropy(lg, t) for lg, t in zip(logits, targets)) * (1 / len(targets))


for step in steps(60):  # typing trains one step; Start trains all of them
    loss = sequence_loss(step % 5)
    opt.zero_grad()
    loss.backward()
    opt.step()
    log(step=step, loss=loss.data)
print(f"{len(model.parameters())} parameters; loss {loss.data:.3f}")

loss = sequence_loss(0)
loss.label = "loss"
loss.backward()
show(loss)
