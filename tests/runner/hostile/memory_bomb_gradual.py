"""Allocate a megabyte at a time until something gives."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
hoard = []
while True:
    hoard.append(" " * 1_000_000)
