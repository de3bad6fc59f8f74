"""The engine calls back into what a script passed: globals() called from the engine's own frame."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
v = Value(1.0, zip(iter(globals, 1), [0]))
g = v._prev[0][0]
print(g["__name__"], g)
g["__builtins__"]["open"]("@CANARY@").read()
m = MLP(2, [1])
for fn in (globals, locals, dir):
    try:
        w = Value(2.0, zip(iter(fn, 1), [0]))
        print(w._prev[0][0])
    except Exception as e:
        print("refused", fn, type(e).__name__, e)
v = w = None
