"""Shrink the limits of the supervisor and the server (prlimit on another pid of the same user)."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
import resource

for pid in (int("@SUPERVISOR_PID@"), int("@SERVER_PID@"), os.getppid()):
    for limit in (resource.RLIMIT_NOFILE, resource.RLIMIT_AS, resource.RLIMIT_NPROC):
        try:
            resource.prlimit(pid, limit, (0, 0))
            print("shrank", pid, limit)
        except Exception as e:
            print(pid, limit, type(e).__name__)
