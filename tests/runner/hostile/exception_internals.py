"""Exceptions raised by the sandbox's helpers carry what they hold: AttributeError.obj, args, context."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
u = "_" * 2
attempts = (lambda: show_network(object()), lambda: show_boundary(1, 2, 3), lambda: log(step="x"),
            lambda: param(None, 1), lambda: steps(-1), lambda: show(1), lambda: Value("x"), lambda: trace(1))
for attempt in attempts:
    try:
        attempt()
    except Exception as e:
        print(type(e).__name__, e.args, getattr(e, "obj", None), getattr(e, "name", None))
        for name in ("context", "cause", "traceback"):
            try:
                print(name, getattr(e, u + name + u))
            except Exception as e2:
                print("refused", name, type(e2).__name__)
