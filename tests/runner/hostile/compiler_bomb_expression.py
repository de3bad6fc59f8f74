"""A huge flat expression to compile (the text of the script is generated below)."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
# GENERATE: "x = " + "+".join(["1"] * 300_000)
