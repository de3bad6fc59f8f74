"""Read a file of the server's with open()."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
print(open("@CANARY@").read())
print(open("@CANARY_PRIVATE@").read())
