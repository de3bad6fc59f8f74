"""Read a file through pathlib and io instead of open()."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import io
import pathlib
print(pathlib.Path("@CANARY@").read_text())
print(io.open("@CANARY_PRIVATE@").read())
