"""Neural network modules built from Values: micrograd's Neuron, Layer and MLP, and more.

Neuron, Layer and MLP keep micrograd's signatures and draw their random weights
in the same order, so the same seed gives the same weights as micrograd.

Every value made inside a module's ``__call__`` remembers that module as its
scope (a subclass's own ``__call__`` is wrapped for this automatically), and
``named_parameters`` gives each parameter a dotted path such as
``layers.0.neurons.1.w.0``; the tracer turns both into stable names.
"""

import functools
import math
import random

from engine import value as _value
from engine.value import Value

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")


def _scoped(call):
    """Wrap a module's __call__ so values made inside it belong to the module."""

    @functools.wraps(call)
    def scoped_call(self, *args, **kwargs):
        # NOTE: _value._scope set here rather than through enter_scope: a demo step makes 3,700 module calls
        before, _value._scope = _value._scope, self
        try:
            return call(self, *args, **kwargs)
        finally:
            _value._scope = before

    scoped_call._scoped = True
    return scoped_call


class Module:
    """Base class: parameters, named_parameters, zero_grad."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        call = cls.__dict__.get("__call__")
        if call is not None and not getattr(call, "_scoped", False):
            cls.__call__ = _scoped(call)

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0

    def parameters(self):
        """Every Value held in attributes, lists and submodules, in named_parameters' order."""
        out, stack = [], [self]
        while stack:  # no paths to build: a training loop asks for these three times a step
            obj = stack.pop()
            if isinstance(obj, Value):
                out.append(obj)
            elif isinstance(obj, Module):
                stack.extend(reversed([v for k, v in vars(obj).items() if not k.startswith("_")]))
            elif isinstance(obj, (list, tuple)):
                stack.extend(reversed(obj))
        return out

    def named_parameters(self, prefix=""):
        """(dotted path, Value) for every Value held in attributes, lists and submodules."""
        for name, obj in _members(self, prefix):
            if isinstance(obj, Value):
                yield name, obj
            elif isinstance(obj, Module):
                yield from obj.named_parameters(name + ".")

    def named_modules(self, prefix=""):
        """(dotted path, Module) for this module and every submodule."""
        yield prefix.rstrip("."), self
        for name, obj in _members(self, prefix):
            if isinstance(obj, Module):
                yield from obj.named_modules(name + ".")


def _members(module, prefix):
    """Attributes in definition order, lists and tuples unrolled as name.0, name.1, ..."""
    stack = [(prefix + k, v) for k, v in vars(module).items() if not k.startswith("_")]
    stack.reverse()
    while stack:
        name, obj = stack.pop()
        if isinstance(obj, (list, tuple)):
            stack.extend(reversed([(f"{name}.{i}", o) for i, o in enumerate(obj)]))
        else:
            yield name, obj


def activate(v, act):
    """Apply an activation by name: relu, tanh, sigmoid or linear."""
    if act == "relu":
        return v.relu()
    if act == "tanh":
        return v.tanh()
    if act == "sigmoid":
        return v.sigmoid()
    if act == "linear":
        return v
    raise ValueError(f"unknown activation {act!r}; choose one of {', '.join(ACTIVATIONS)}")


class Neuron(Module):
    """w . x + b, then an activation (micrograd: ReLU when nonlin, else linear)."""

    def __init__(self, nin, nonlin=True, act=None):
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0)
        self.nonlin = nonlin
        self.act = act or ("relu" if nonlin else "linear")
        if self.act not in ACTIVATIONS:
            raise ValueError(f"unknown activation {act!r}; choose one of {', '.join(ACTIVATIONS)}")

    def __call__(self, x):
        act = self.b
        for wi, xi in zip(self.w, x):  # the same sums, in micrograd's order
            act = act + wi * xi
        return activate(act, self.act)

    def __repr__(self):
        return f"{self.act.capitalize() if self.act != 'relu' else 'ReLU'}Neuron({len(self.w)})"


class Layer(Module):
    """nout neurons over the same inputs (one output is returned bare, as in micrograd)."""

    def __init__(self, nin, nout, **kwargs):
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def __repr__(self):
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """Layers of neurons; every layer but the last uses act (micrograd: relu)."""

    def __init__(self, nin, nouts, act="relu"):
        sz = [nin] + list(nouts)
        self.layers = [Layer(sz[i], sz[i + 1], nonlin=i != len(nouts) - 1, act=act if i != len(nouts) - 1 else "linear")
                       for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def __repr__(self):
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"


class Linear(Module):
    """y = W x (+ b): like a linear Layer, but always returns a list."""

    def __init__(self, nin, nout, bias=True):
        scale = 1 / math.sqrt(nin)
        self.w = [[Value(random.uniform(-scale, scale)) for _ in range(nin)] for _ in range(nout)]
        self.b = [Value(0) for _ in range(nout)] if bias else None

    def __call__(self, x):
        out = []
        for j, row in enumerate(self.w):
            act = row[0] * x[0]
            for wi, xi in zip(row[1:], x[1:]):
                act = act + wi * xi
            out.append(act + self.b[j] if self.b else act)
        return out


class Embedding(Module):
    """A lookup table: token number -> a vector of dim parameters (bigram models)."""

    def __init__(self, num, dim):
        self.weight = [[Value(random.gauss(0, 1)) for _ in range(dim)] for _ in range(num)]

    def __call__(self, index):
        if not 0 <= index < len(self.weight):
            raise IndexError(f"Embedding has {len(self.weight)} rows; index {index} is out of range")
        return self.weight[index]


class RNNCell(Module):
    """h' = tanh(W_ih x + W_hh h + b): one step of a vanilla recurrent network."""

    def __init__(self, nin, nhidden):
        self.ih = Linear(nin, nhidden)
        self.hh = Linear(nhidden, nhidden, bias=False)

    def __call__(self, x, h):
        return [(a + b).tanh() for a, b in zip(self.ih(x), self.hh(h))]


def softmax(logits):
    """Probabilities from scores; the max is subtracted (as a constant) so exp never overflows."""
    m = max(v.data if isinstance(v, Value) else v for v in logits)
    exps = [(v - m).exp() for v in logits]
    total = sum(exps)
    return [e / total for e in exps]


def rmsnorm(x, eps=1e-5):
    """x / sqrt(mean(x^2) + eps): the normalisation of small GPTs."""
    ms = sum(xi * xi for xi in x) / len(x)
    scale = (ms + eps) ** -0.5
    return [xi * scale for xi in x]


class SelfAttention(Module):
    """One head of (causal) self-attention over a list of token vectors."""

    def __init__(self, dim, head_size, causal=True):
        self.query = Linear(dim, head_size, bias=False)
        self.key = Linear(dim, head_size, bias=False)
        self.value = Linear(dim, head_size, bias=False)
        self.causal = causal
        self.head_size = head_size

    def __call__(self, xs):
        qs = [self.query(x) for x in xs]
        ks = [self.key(x) for x in xs]
        vs = [self.value(x) for x in xs]
        scale = 1 / math.sqrt(self.head_size)
        out = []
        for i, q in enumerate(qs):
            seen = range(i + 1) if self.causal else range(len(xs))
            scores = [sum(qi * ki for qi, ki in zip(q, ks[j])) * scale for j in seen]
            weights = softmax(scores)
            out.append([sum(w * vs[j][d] for w, j in zip(weights, seen)) for d in range(self.head_size)])
        return out


class MultiHeadAttention(Module):
    """Several attention heads side by side, concatenated and projected back to dim."""

    def __init__(self, dim, num_heads, causal=True):
        if dim % num_heads:
            raise ValueError(f"dim {dim} must be divisible by num_heads {num_heads}")
        self.heads = [SelfAttention(dim, dim // num_heads, causal) for _ in range(num_heads)]
        self.proj = Linear(dim, dim)

    def __call__(self, xs):
        per_head = [h(xs) for h in self.heads]
        return [self.proj([v for head in per_head for v in head[t]]) for t in range(len(xs))]


class TransformerBlock(Module):
    """x + attention(norm(x)), then x + mlp(norm(x)): one block of a GPT."""

    def __init__(self, dim, num_heads, hidden=None):
        self.attn = MultiHeadAttention(dim, num_heads)
        self.fc = Linear(dim, hidden or 4 * dim)
        self.out = Linear(hidden or 4 * dim, dim)

    def __call__(self, xs):
        attended = self.attn([rmsnorm(x) for x in xs])
        xs = [[a + b for a, b in zip(x, y)] for x, y in zip(xs, attended)]
        return [[a + b for a, b in zip(x, self.out([h.relu() for h in self.fc(rmsnorm(x))]))] for x in xs]


class GPT(Module):
    """A tiny GPT: token and position embeddings, blocks, and a head giving next-token logits."""

    def __init__(self, vocab_size, dim=8, num_heads=2, num_layers=1, context=4):
        self.tokens = Embedding(vocab_size, dim)
        self.positions = Embedding(context, dim)
        self.blocks = [TransformerBlock(dim, num_heads) for _ in range(num_layers)]
        self.head = Linear(dim, vocab_size)
        self.context = context

    def __call__(self, idx):
        if len(idx) > self.context:
            raise ValueError(f"GPT was built for {self.context} tokens of context, got {len(idx)}")
        xs = [[t + p for t, p in zip(self.tokens(i), self.positions(pos))] for pos, i in enumerate(idx)]
        for block in self.blocks:
            xs = block(xs)
        return [self.head(rmsnorm(x)) for x in xs]
