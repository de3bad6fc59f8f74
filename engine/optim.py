"""Optimizers: plain SGD (with optional momentum) and Adam, over a list of Values."""

import math


class SGD:
    """p.data -= lr * p.grad (with momentum: a running velocity instead of the grad)."""

    def __init__(self, params, lr=0.1, momentum=0.0):
        self.params = list(params)
        self.lr = lr
        self.momentum = momentum
        self._velocity = [0.0] * len(self.params)

    def step(self):
        for i, p in enumerate(self.params):
            if self.momentum:
                self._velocity[i] = self.momentum * self._velocity[i] + p.grad
                p.data -= self.lr * self._velocity[i]
            else:
                p.data -= self.lr * p.grad

    def zero_grad(self):
        for p in self.params:
            p.grad = 0.0


class Adam(SGD):
    """Adam (Kingma & Ba, 2015) with bias correction."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.betas = betas
        self.eps = eps
        self._m = [0.0] * len(self.params)
        self._v = [0.0] * len(self.params)
        self._t = 0

    def step(self):
        b1, b2 = self.betas
        self._t += 1
        c1 = 1 - b1**self._t
        c2 = 1 - b2**self._t
        for i, p in enumerate(self.params):
            self._m[i] = b1 * self._m[i] + (1 - b1) * p.grad
            self._v[i] = b2 * self._v[i] + (1 - b2) * p.grad**2
            p.data -= self.lr * (self._m[i] / c1) / (math.sqrt(self._v[i] / c2) + self.eps)
