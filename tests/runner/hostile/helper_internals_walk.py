"""The helpers are bound methods and closures of the sandbox's code: their self, closure and globals."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
u = "_" * 2
for helper in (show, snapshot, log, steps, param, show_network, show_boundary, print, getattr, globals):
    for name in ("self", "func", "closure", "globals", "builtins", "code", "defaults", "kwdefaults", "wrapped",
                 "dict", "reduce_ex"):
        try:
            x = getattr(helper, u + name + u)
            print(helper, name, x)
            if isinstance(x, tuple):
                print([c.cell_contents for c in x])
        except Exception as e:
            print("refused", name, type(e).__name__)
