"""Leave files behind for the next run (in /tmp, /dev/shm, the home directory)."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
for path in ("/tmp/mgsbx-left", "/dev/shm/mgsbx-left", "/var/tmp/mgsbx-left", "@MARKER@-left",
             os.path.expanduser("~/mgsbx-left")):
    try:
        with open(path, "w") as f:
            f.write("@LEFTOVER@")
    except Exception as e:
        print(path, type(e).__name__)
