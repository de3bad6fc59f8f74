"""Raise the recursion limit and recurse to overflow the C stack."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import sys
sys.setrecursionlimit(10 ** 9)
def f(n):
    return f(n + 1)
f(0)
