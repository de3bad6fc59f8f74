"""Replace the run's own process with a shell (os.execv, no fork needed)."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
os.execv("/bin/sh", ["sh", "-c", "touch @MARKERDIR@/execv; cat @CANARY@ > @MARKER@-execv"])
