"""Run a shell with subprocess."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import subprocess
print(subprocess.run(["sh", "-c", "touch @MARKERDIR@/subprocess; cat @CANARY@"], capture_output=True).stdout)
