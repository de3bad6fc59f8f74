"""A scalar value that remembers how it was made, and backpropagates through it.

Drop-in for karpathy/micrograd's ``micrograd.engine.Value``: same constructor,
attributes and operators, same derived operations (``a - b`` is ``a + (-b)``,
``a / b`` is ``a * b**-1``), so micrograd code gives the same numbers. The
differences, all on purpose:

- ``_prev`` is a tuple in argument order (micrograd uses a set, so drawings of
  the same script came out in a different order each run), read from two slots
  (``_a``, ``_b``): one object per value for Python's collector to track, not two;
- ``backward()`` is iterative, so a chain of a million values works under the
  default recursion limit;
- ``backward()`` resets the gradients of interior values before it runs, so
  calling it twice accumulates only into leaves, as PyTorch does (micrograd adds
  the second pass on top of the first everywhere, doubling interior gradients);
- each op keeps its local backward rule in a shared function (the ``_back``
  slot) instead of a fresh closure per value: a third of the memory, and faster.

Speed is most of this file's shape: a training step of micrograd's demo makes
65,818 values, so the two common ops build their output inline, and backward
writes the ``+`` and ``*`` rules out in its loop.
"""

import math
from itertools import count

_grad_enabled = True  # False inside `no_grad()`: ops record no graph
_scope = None  # the Module whose __call__ is running; values made now belong to it
_leaf_numbers = count()  # creation order of leaves, for stable ids of unnamed ones
_new = object.__new__


class Value:
    """Stores a single scalar value and its gradient."""

    # NOTE: `_label` and `_scope` stay unset on most values: every store an op
    # makes costs time on graphs of 100,000 values, so readers use getattr.
    # The children live in two slots, `_a` and `_b` (None when absent), not in a
    # tuple per value: half the objects Python's collector has to track and walk.
    __slots__ = ("data", "grad", "_a", "_b", "_op", "_back", "_label", "_scope", "_n")

    def __init__(self, data, _children=(), _op="", label=None):
        if type(data) is not float and type(data) is not int:
            data = _check_number(data)
        self.data = data
        self.grad = 0.0
        self._op = _op
        self._prev = _children if _grad_enabled else ()
        if label is not None:
            self._label = label
        if _scope is not None:
            self._scope = _scope
        self._n = next(_leaf_numbers)

    @property
    def _prev(self):
        """The children, in argument order (micrograd's name; a set there)."""
        a, b = self._a, self._b
        if a is None:
            return ()
        if b is None:
            return (a,)
        if type(b) is _More:
            return (a, *b)
        return (a, b)

    @_prev.setter
    def _prev(self, children):
        # hand-built, micrograd-style: Value(d, (a, b), '+'); like micrograd, anything is kept (backward says
        # so if a child is not a Value)
        children = tuple(children)
        self._a, self._b = (children + (None, None))[:2] if len(children) <= 2 else (children[0], _More(children[1:]))
        self._back = _rule_for(self._op, len(children)) if children else _leaf

    @property
    def label(self):
        """A name to draw this value by (optional, as in micrograd's lecture)."""
        return getattr(self, "_label", None)

    @label.setter
    def label(self, text):
        self._label = text

    # -- primitives: compute data, record children and the op's backward rule --

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        # NOTE: _out written out inline for the two ops that make most values
        out = _new(Value)
        out.data = self.data + other.data
        out.grad = 0.0
        out._op = "+"
        if _grad_enabled:
            out._a, out._b, out._back = self, other, _add_back
        else:
            out._a, out._b, out._back, out._n = None, None, _leaf, next(_leaf_numbers)
        if _scope is not None:
            out._scope = _scope
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = _new(Value)
        out.data = self.data * other.data
        out.grad = 0.0
        out._op = "*"
        if _grad_enabled:
            out._a, out._b, out._back = self, other, _mul_back
        else:
            out._a, out._b, out._back, out._n = None, None, _leaf, next(_leaf_numbers)
        if _scope is not None:
            out._scope = _scope
        return out

    def __pow__(self, other):
        if isinstance(other, Value):
            return _out(_power(self.data, other.data), self, other, "**", _vpow_back)
        if not isinstance(other, (int, float)):
            raise TypeError(f"Value ** {type(other).__name__}: the exponent must be a number or a Value")
        # the exponent lives in the op's name, as in micrograd ('**2')
        return _out(_power(self.data, other), self, None, f"**{other}", _pow_back)

    def __rpow__(self, other):  # other ** self
        return Value(other) ** self

    def exp(self):
        try:
            return _out(math.exp(self.data), self, None, "exp", _exp_back)
        except OverflowError:
            raise OverflowError(f"exp({self.data!r}) is too large for a float") from None

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log({self.data!r}): log is only defined for positive numbers")
        return _out(math.log(self.data), self, None, "log", _log_back)

    def tanh(self):
        return _out(math.tanh(self.data), self, None, "tanh", _tanh_back)

    def relu(self):
        return _out(0.0 if self.data < 0 else self.data, self, None, "ReLU", _relu_back)

    def sigmoid(self):
        x = self.data
        # NOTE: two forms so that exp never overflows for large |x|
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return _out(s, self, None, "sigmoid", _sigmoid_back)

    # -- derived operations, built from the primitives as micrograd builds them --

    def __neg__(self):  # -self
        return self * -1

    def __radd__(self, other):  # other + self
        return self + other

    def __sub__(self, other):  # self - other
        return self + (-other)

    def __rsub__(self, other):  # other - self
        return other + (-self)

    def __rmul__(self, other):  # other * self
        return self * other

    def __truediv__(self, other):  # self / other
        if not isinstance(other, Value) and other == 0:
            # a plain 0 would fail inside 0**-1 with a message about powers
            raise ZeroDivisionError(f"division by zero: {self.data!r} / {other!r}")
        return self * other**-1

    def __rtruediv__(self, other):  # other / self
        return other * self**-1

    # -- backpropagation --

    def backward(self):
        """Fill in ``grad`` of every value this one depends on (d self / d value).

        Interior gradients are recomputed from zero; leaves (parameters, inputs)
        accumulate, so call ``zero_grad`` between training steps as in micrograd
        and PyTorch.
        """
        order = _interior_in_order(self)  # their grads are zeroed on the way
        if self._a is not None:
            self.grad = 1.0
        else:
            self.grad += 1.0
        # NOTE: the two rules that make most values are written out here: a call per value costs a third
        for v in reversed(order):
            back = v._back
            if back is _mul_back:
                a, b, g = v._a, v._b, v.grad
                a.grad += b.data * g
                b.grad += a.data * g
            elif back is _add_back:
                g = v.grad
                v._a.grad += g
                v._b.grad += g
            else:
                back(v)

    def _backward(self):
        """Apply this value's local chain rule once (micrograd's ``_backward()``)."""
        self._back(self)

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"


def _check_number(data):
    """Accept any real number (bool, numpy scalars); refuse the rest clearly."""
    if isinstance(data, (str, bytes, complex)) or data is None:
        raise TypeError(f"Value(data) takes a real number, got {type(data).__name__} {data!r}")
    if isinstance(data, Value):
        raise TypeError("Value(data) takes a number, got a Value: use the Value itself, or Value(v.data)")
    try:
        float(data)
    except (TypeError, ValueError):
        raise TypeError(f"Value(data) takes a real number, got {type(data).__name__} {data!r}") from None
    return data


def _out(data, a, b, op, back):
    """The result of an op on a (and b): a new value recording its children, unless in no_grad."""
    out = _new(Value)
    out.data = data
    out.grad = 0.0
    out._op = op
    if _grad_enabled:
        out._a, out._b, out._back = a, b, back
    else:
        out._a, out._b, out._back, out._n = None, None, _leaf, next(_leaf_numbers)
    if _scope is not None:
        out._scope = _scope
    return out


def _power(base, exponent):
    """base ** exponent as a real number, with errors that name the op."""
    try:
        result = base**exponent
    except ZeroDivisionError:
        raise ZeroDivisionError(
            f"division by zero: {base!r} ** {exponent!r} (a / b is computed as a * b**-1)") from None
    except OverflowError:
        raise OverflowError(f"{base!r} ** {exponent!r} is too large for a float") from None
    if isinstance(result, complex):
        raise ValueError(f"{base!r} ** {exponent!r}: a negative number to a fractional power is not a real number")
    return result


# -- backward rules: each adds out.grad times the local derivative into its children --

def _leaf(out):
    pass


def _add_back(out):
    g = out.grad
    out._a.grad += g
    out._b.grad += g


def _mul_back(out):
    a, b, g = out._a, out._b, out.grad
    a.grad += b.data * g
    b.grad += a.data * g


def power_slope(base, k):
    """d/dx x**k at x = base, as PyTorch gives it where Python's float math stops."""
    if k == 0:
        return 0.0  # x**0 is the constant 1, also at 0 (Python would divide by zero)
    try:
        return k * base ** (k - 1)
    except ZeroDivisionError:  # 0 ** (k - 1) for 0 < k < 1, e.g. the slope of sqrt at 0
        return math.copysign(math.inf, k)


def _pow_back(out):
    a = out._a
    k = float(out._op[2:])  # the exponent, from the op's name '**k' (repr round-trips)
    a.grad += power_slope(a.data, k) * out.grad


def _vpow_back(out):
    a, b = out._a, out._b
    a.grad += power_slope(a.data, b.data) * out.grad
    # NOTE: d/db a**b = a**b log a; at a == 0 it is taken as 0, as PyTorch does.
    # For a < 0 (only reachable with an integer exponent) it is NaN, as the math is.
    if a.data > 0:
        b.grad += out.data * math.log(a.data) * out.grad
    elif a.data < 0:
        b.grad += math.nan


def _exp_back(out):
    out._a.grad += out.data * out.grad


def _log_back(out):
    a = out._a
    a.grad += out.grad / a.data


def _tanh_back(out):
    out._a.grad += (1 - out.data**2) * out.grad


def _relu_back(out):
    out._a.grad += (out.data > 0) * out.grad


def _sigmoid_back(out):
    out._a.grad += out.data * (1 - out.data) * out.grad


def _no_rule(out):
    raise NotImplementedError(f"no backward rule for op {out._op!r}")


def _wrong_arity(out):
    raise TypeError(f"op {out._op!r} was given {len(out._prev)} children; its backward rule takes {_arity(out._op)}")


_RULES = {"+": _add_back, "*": _mul_back, "**": _vpow_back, "exp": _exp_back, "log": _log_back,
          "tanh": _tanh_back, "ReLU": _relu_back, "sigmoid": _sigmoid_back}


class _More(tuple):
    """In _b: the second and later children of a value built by hand with three or more.

    No op's backward rule takes three, so backward stops at such a value with a
    TypeError; walks that look for children in _b see ``_a is None`` and skip it.
    """

    _a = None


def _arity(op):
    return 2 if op in ("+", "*", "**") else 1


def _rule_for(op, n_children):
    """The backward rule for a value built by hand, micrograd-style: Value(d, (a, b), '+')."""
    if op.startswith("**") and len(op) > 2:
        rule = _pow_back
    else:
        rule = _RULES.get(op)
        if rule is None:
            return _no_rule
    return rule if n_children == _arity(op) else _wrong_arity


def _interior_in_order(root):
    """Values with children that root depends on, children before parents; their grads set to 0.

    Iterative depth-first search (a million-value chain needs no recursion): a
    value stays on the stack until its children are done, then joins the
    order. Leaves are skipped: backward has nothing to do for them.
    """
    if root._a is None:
        return []
    # NOTE: a value is marked as met by setting its grad to this walk's own zero (a set of 65,000 values
    # costs more): the mark is the reset backward wants anyway, so an interrupted walk leaves only zeros
    zero = _Zero()
    order, stack = [], [root]
    push, pop, done = stack.append, stack.pop, order.append
    root.grad = zero
    try:
        while stack:
            v = stack[-1]
            a = v._a
            if a._a is not None and a.grad is not zero:
                a.grad = zero
                push(a)
                continue
            b = v._b
            if b is not None and b._a is not None and b.grad is not zero:
                b.grad = zero
                push(b)
                continue
            pop()
            done(v)
    except AttributeError:  # a value built by hand with something else among its children
        kinds = ", ".join(type(c).__name__ for c in stack[-1]._prev)
        raise TypeError(f"backward: a value's children must be Values; one built by hand has ({kinds})") from None
    return order

class _Zero(float):
    """0.0 with an identity of its own: one per backward walk, so no earlier grad is ever it."""

    __slots__ = ()

class no_grad:
    """Context in which ops compute data only and record no graph (fast evaluation)."""

    def __enter__(self):
        global _grad_enabled
        self._before = _grad_enabled
        _grad_enabled = False

    def __exit__(self, *exc):
        global _grad_enabled
        _grad_enabled = self._before


def enter_scope(module):
    """Make values created from now on belong to module; returns the scope to restore."""
    global _scope
    before, _scope = _scope, module
    return before


def exit_scope(before):
    global _scope
    _scope = before
