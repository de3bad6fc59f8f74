"""Look for files an earlier run left behind (see leave_files.py)."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
for path in ("/tmp/mgsbx-left", "/dev/shm/mgsbx-left", "/var/tmp/mgsbx-left", "@MARKER@-left",
             os.path.expanduser("~/mgsbx-left")):
    try:
        print(path, open(path).read())
    except Exception as e:
        print(path, type(e).__name__)
