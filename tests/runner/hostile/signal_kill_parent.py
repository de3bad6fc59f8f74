"""Kill the parent, the supervisor and the server."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
import signal
for pid in (os.getppid(), int("@SUPERVISOR_PID@"), int("@SERVER_PID@"), 1):
    try:
        os.kill(pid, signal.SIGKILL)
    except Exception as e:
        print(pid, type(e).__name__, e)
