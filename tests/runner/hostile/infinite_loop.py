"""A plain infinite loop, no imports."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
while True:
    pass
