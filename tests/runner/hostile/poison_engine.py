"""Monkey-patch the engine so the next user's gradients come out wrong."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
Value.backward = lambda self: None
Value.__mul__ = lambda self, other: Value(42.0)
Value.__add__ = lambda self, other: Value(-1.0)
MLP.__call__ = lambda self, x: Value(0.0)
