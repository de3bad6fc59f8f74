"""Rebinding __builtins__ by routes other than assignment, and __build_class__ run on the sandbox's functions."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
u = "_" * 2
g = globals()
print(g[u + "builtins" + u].keys())
g[u + "builtins" + u] = {"print": print, "open": None}
def after():
    return open
try:
    print(after())
except Exception as e:
    print("refused", type(e).__name__, e)
for f in (print, show, log, globals, Value.backward):
    try:
        print(g[u + "builtins" + u].get(u + "build_class" + u, lambda *a: None)(f, "X"))
    except Exception as e:
        print("refused", type(e).__name__, e)
