"""A graph far past the drawing cap."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
a = Value(1.0)
for i in range(250_000):
    a = a + 1
