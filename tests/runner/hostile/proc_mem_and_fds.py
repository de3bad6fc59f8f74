"""Read other processes' memory and open files through /proc."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
for pid in (os.getppid(), int("@SUPERVISOR_PID@"), int("@SERVER_PID@")):
    for name in ("mem", "maps", "fd"):
        try:
            path = f"/proc/{pid}/{name}"
            print(path, os.listdir(path) if name == "fd" else open(path, "rb").read(100))
        except Exception as e:
            print(pid, name, type(e).__name__)
