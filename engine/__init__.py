"""A scalar autograd engine in pure Python, micrograd-compatible, with stable graph ids.

>>> from engine import Value
>>> a, b = Value(2.0), Value(-3.0)
>>> c = a * b + a
>>> c.backward()
>>> a.grad, b.grad
(-2.0, 2.0)
"""

from engine.graph import Graph, Node, trace
from engine.value import Value, no_grad

__all__ = ["Graph", "Node", "Value", "no_grad", "trace"]
