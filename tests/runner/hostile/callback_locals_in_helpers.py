"""Frame-reading builtins passed as callbacks to the sandbox's helpers: sorted keys, iterators, __next__."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
class Next:
    def __iter__(self):
        return self
    __next__ = staticmethod(locals)
for attempt in (lambda: show(*zip(iter(locals, 1), [0])),
                lambda: sorted([1, 2], key=lambda x: locals()),
                lambda: list(zip(Next(), [0])),
                lambda: Value(1.0, zip(Next(), [0]))._prev,
                lambda: steps(next(iter(globals, 1))["steps"].__class__)):
    try:
        print(attempt())
    except Exception as e:
        print("refused", type(e).__name__, e)
