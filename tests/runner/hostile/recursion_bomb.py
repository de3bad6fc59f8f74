"""Unbounded recursion."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
def f(n):
    return f(n + 1) + 1
f(0)
