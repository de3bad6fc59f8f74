"""Bigram: a character-level model of names
An embedding table gives next-letter scores; softmax and -log(prob) give the loss.

Each row of the table belongs to one letter. The graph shows the loss of one
letter pair: follow its gradient back to one table row. Press Start to train
100 steps and watch the loss fall towards what letter counts alone allow.

Lesson: press Start and train until the logged loss is below 2.5
    logged.loss < 2.5
"""
import random

from engine import nn, losses, optim

random.seed(42)
names = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia", "harper",
         "evelyn", "abigail", "emily", "ella", "elizabeth", "camila", "luna", "sofia",
         "avery", "mila", "aria", "scarlett", "penelope", "layla", "chloe", "victoria",
         "madison", "eleanor", "grace", "nora", "riley", "zoey", "hannah", "hazel"]
letters = sorted(set("".join(names)))
vocab = ["."] + letters              # "." marks the start and the end of a name
index = {ch: i for i, ch in enumerate(vocab)}
pairs = [(index[a], index[b]) for name in names for a, b in zip("." + name, name + ".")]

table = nn.Embedding(len(vocab), len(vocab))   # row i: scores for the letter after vocab[i]
opt = optim.Adam(table.parameters(), lr=0.1)

for step in steps(100):  # typing trains one step; Start trains all of them
    batch = random.sample(pairs, 32)
    loss = sum(losses.cross_entropy(table(a), b) for a, b in batch) * (1 / len(batch))
    opt.zero_grad()
    loss.backward()
    opt.lr = param("lr", 0.1, low=0.01, high=1.0)
    opt.step()
    log(step=step, loss=loss.data)
print(f"{len(vocab)} letters, {len(pairs)} letter pairs, loss after training {loss.data:.3f}")

a, b = pairs[0]
nll = losses.cross_entropy(table(a), b)
nll.label = f"-log P({vocab[b]} | {vocab[a]})"
nll.backward()
show(nll)
