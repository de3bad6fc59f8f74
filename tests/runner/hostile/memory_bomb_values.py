"""Millions of Values held in a list."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
vs = []
while True:
    vs.append(Value(1.0) * 2)
