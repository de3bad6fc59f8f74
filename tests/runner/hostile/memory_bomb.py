"""Allocate 10 GB at once."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
x = bytearray(10 * 1024 ** 3)
