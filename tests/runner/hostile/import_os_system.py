"""Run a shell command with os.system."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
os.system("touch @MARKERDIR@/system; cat @CANARY@")
print(os.popen("cat @CANARY@; env").read())
