"""Try to become root again, or anyone else."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
for f in (lambda: os.setuid(0), lambda: os.seteuid(0), lambda: os.setgid(0), lambda: os.setgroups([0])):
    try:
        f()
        print("became", os.getuid())
    except Exception as e:
        print(type(e).__name__, e)
print(open("@CANARY_PRIVATE@").read())
