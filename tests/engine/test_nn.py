"""nn modules, losses and optimizers: shapes, gradients, and parity with PyTorch.

If this breaks, the bigram, RNN, attention and GPT presets teach wrong numbers.
"""

import math
import random

import pytest
import torch

from engine import Value
from engine.losses import cross_entropy, hinge, mse
from engine.nn import GPT, MLP, Embedding, Linear, MultiHeadAttention, Neuron, RNNCell, SelfAttention, softmax
from engine.optim import SGD, Adam


def finite_difference_check(loss_fn, params, eps=1e-6, tol=1e-5):
    loss = loss_fn()
    for p in params:
        p.grad = 0.0
    loss.backward()
    for p in params:
        old = p.data
        p.data = old + eps
        up = loss_fn().data
        p.data = old - eps
        down = loss_fn().data
        p.data = old
        numeric = (up - down) / (2 * eps)
        assert math.isclose(p.grad, numeric, rel_tol=tol, abs_tol=tol), (p.grad, numeric)


@pytest.mark.parametrize("act", ["relu", "tanh", "sigmoid", "linear"])
def test_neuron_activations(act):
    random.seed(1)
    n = Neuron(3, act=act)
    finite_difference_check(lambda: n([0.5, -1.0, 2.0]), n.parameters())


def test_unknown_activation_lists_the_choices():
    with pytest.raises(ValueError, match="relu, tanh, sigmoid, linear"):
        Neuron(2, act="gelu")


def test_mlp_parameter_names_are_dotted_paths():
    random.seed(0)
    names = [name for name, _ in MLP(2, [3, 1]).named_parameters()]
    assert names[:3] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.b"]
    assert len(names) == 2 * 3 + 3 + 3 + 1


def test_softmax_sums_to_one_and_survives_large_logits():
    probs = softmax([Value(1000.0), Value(1001.0), Value(999.0)])
    assert abs(sum(p.data for p in probs) - 1) < 1e-12


def test_cross_entropy_matches_torch():
    logits = [Value(x) for x in (0.5, -1.0, 2.0, 0.1)]
    loss = cross_entropy(logits, 2)
    loss.backward()
    t = torch.tensor([0.5, -1.0, 2.0, 0.1], dtype=torch.float64, requires_grad=True)
    tl = torch.nn.functional.cross_entropy(t.unsqueeze(0), torch.tensor([2]))
    tl.backward()
    assert abs(loss.data - tl.item()) < 1e-12
    assert all(abs(v.grad - g) < 1e-12 for v, g in zip(logits, t.grad.tolist()))


def test_mse_and_hinge_values():
    assert mse([Value(1.0), Value(3.0)], [0.0, 1.0]).data == 2.5
    assert hinge([Value(2.0), Value(-0.5)], [1, 1]).data == 0.75
    with pytest.raises(ValueError, match="2 predictions but 1 targets"):
        mse([Value(1.0), Value(2.0)], [1.0])


def test_embedding_rnn_attention_gradients():
    random.seed(2)
    emb, cell = Embedding(5, 3), RNNCell(3, 4)
    head, heads = SelfAttention(3, 2), MultiHeadAttention(4, 2)

    def loss():
        h = [Value(0.0)] * 4
        for token in (1, 4, 2):
            h = cell(emb(token), h)
        att = heads([h, [x * 0.5 for x in h]])
        single = head([emb(0), emb(3)])
        return sum(x * x for row in att for x in row) + sum(x for row in single for x in row)

    params = emb.parameters() + cell.parameters() + heads.parameters() + head.parameters()
    finite_difference_check(loss, random.sample(params, 25))


def test_tiny_gpt_runs_and_learns_a_step():
    random.seed(3)
    model = GPT(vocab_size=5, dim=4, num_heads=2, num_layers=1, context=3)
    seq, targets = [1, 2, 3], [2, 3, 4]

    def loss():
        return sum(cross_entropy(logits, t) for logits, t in zip(model(seq), targets)) * (1 / 3)

    finite_difference_check(loss, random.sample(model.parameters(), 15))
    opt = Adam(model.parameters(), lr=0.05)
    before = loss().data
    for _ in range(5):
        opt.zero_grad()
        loss().backward()
        opt.step()
    assert loss().data < before
    with pytest.raises(ValueError, match="context"):
        model([1, 2, 3, 4])


def test_linear_without_bias_has_no_bias_parameters():
    lin = Linear(3, 2, bias=False)
    assert len(lin.parameters()) == 6


def test_adam_and_sgd_match_torch():
    for ours_cls, torch_cls, kwargs in [(Adam, torch.optim.Adam, {"lr": 0.1}),
                                        (SGD, torch.optim.SGD, {"lr": 0.1, "momentum": 0.9})]:
        ws = [Value(0.5), Value(-1.5)]
        tw = torch.tensor([0.5, -1.5], dtype=torch.float64, requires_grad=True)
        opt, topt = ours_cls(ws, **kwargs), torch_cls([tw], **kwargs)
        for _ in range(5):
            opt.zero_grad()
            loss = (ws[0] * ws[1] - 1) ** 2 + ws[0] ** 2
            loss.backward()
            opt.step()
            topt.zero_grad()
            tl = (tw[0] * tw[1] - 1) ** 2 + tw[0] ** 2
            tl.backward()
            topt.step()
        assert all(abs(w.data - t) < 1e-12 for w, t in zip(ws, tw.tolist())), (ours_cls, ws, tw)


def test_user_module_subclass_gets_a_scope():
    from engine import trace
    from engine.nn import Module

    class Square(Module):
        def __call__(self, x):
            return x * x

    sq = Square()
    g = trace(sq(Value(3.0)), names={"sq": sq})
    assert g.nodes[-1].scope == "sq"


def test_parameters_are_named_parameters_in_the_same_order():
    """parameters() skips building paths; an optimizer must still get exactly named_parameters' Values."""
    random.seed(3)
    models = [MLP(2, [3, 1]), Embedding(5, 3), RNNCell(3, 4), SelfAttention(3, 2), MultiHeadAttention(4, 2),
              Linear(3, 2, bias=False), GPT(vocab_size=5, dim=4, num_heads=2, num_layers=1, context=3)]
    for model in models:
        named = [p for _, p in model.named_parameters()]
        assert len(model.parameters()) == len(named) > 0
        assert all(a is b for a, b in zip(model.parameters(), named))
