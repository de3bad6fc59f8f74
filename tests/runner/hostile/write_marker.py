"""Create files where the server can see them."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
open("@MARKER@-open", "w").write("x")
open("@MARKERDIR@/open", "w").write("x")
