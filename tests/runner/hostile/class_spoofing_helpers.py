"""Objects that claim to be Values (a __class__ property) handed to the helpers, the engine and trace."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
class Fake:
    @property
    def __class__(self):
        return Value
    data = grad = 0.0
    _op = ""
    def __init__(self):
        self._prev = (globals,)
f = Fake()
print(isinstance(f, Value))
for attempt in (lambda: show(f), lambda: log(loss=f), lambda: trace(f), lambda: snapshot(f), lambda: f + Value(1.0)):
    try:
        print(attempt())
    except Exception as e:
        print("refused", type(e).__name__, e)
show(Value(1.0))
