"""The classic escape: walk object.__subclasses__() to a loader that reads files."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
for c in ().__class__.__bases__[0].__subclasses__():
    if c.__name__ == "FileLoader":
        print(c.get_data(None, "@CANARY@"))
    if c.__name__ == "_wrap_close":
        c.__init__.__globals__["system"]("touch @MARKERDIR@/subclasses")
