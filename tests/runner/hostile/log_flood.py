"""Millions of log rows."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
for step in range(10_000_000):
    log(step=step, loss=1.0, accuracy=0.5)
