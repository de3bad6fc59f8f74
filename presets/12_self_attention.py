"""Self-attention: one head over three tokens
Each token's query meets every earlier key; softmax turns the scores into weights.

Look at the softmax nodes (exp, then division by their sum): the weights for
each token add up to 1, and the output is the weighted sum of the values.

Lesson: let every token attend to all three tokens, earlier and later (9 exp nodes)
    exp nodes == 9
"""
import random

from engine import nn

random.seed(1)
dim, head_size = 4, 2
tokens = [[Value(random.uniform(-1, 1), label=f"x{t}.{d}") for d in range(dim)] for t in range(3)]
head = nn.SelfAttention(dim, head_size, causal=True)

out = head(tokens)
loss = sum(v * v for row in out for v in row)
loss.label = "loss"
loss.backward()
print("outputs:", [[round(v.data, 3) for v in row] for row in out])
