"""Sleep far past the wall-clock limit."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import time
time.sleep(3600)
