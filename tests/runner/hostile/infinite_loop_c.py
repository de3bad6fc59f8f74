"""CPU burned inside one C call that never checks for signals: a gigantic power."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
x = 10 ** 10 ** 9
