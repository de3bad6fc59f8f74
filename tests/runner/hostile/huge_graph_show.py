"""show() a huge graph over and over in a loop (snapshots)."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
a = Value(1.0)
for i in range(300_000):
    a = a * 1.0
    if i % 1000 == 0:
        show(a)
