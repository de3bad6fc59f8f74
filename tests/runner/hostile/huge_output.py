"""Print without end."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
while True:
    print("x" * 10_000)
