"""Read a file with raw os calls."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
fd = os.open("@CANARY@", os.O_RDONLY)
print(os.read(fd, 4096).decode())
fd = os.open("@CANARY_PRIVATE@", os.O_RDONLY)
print(os.read(fd, 4096).decode())
