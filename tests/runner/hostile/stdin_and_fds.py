"""Read stdin, write to fds 1 and 2, inspect open fds."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
print(os.read(0, 100))
os.write(1, b"to fd 1 @CANARY@\n")
os.write(2, b"to fd 2\n")
print(os.listdir("/proc/self/fd"))
