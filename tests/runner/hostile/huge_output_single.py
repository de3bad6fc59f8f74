"""One enormous print, then more."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
print("y" * 50_000_000)
print("z" * 50_000_000, end="")
