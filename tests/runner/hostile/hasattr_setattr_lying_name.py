"""hasattr, setattr and delattr with names that lie about themselves, then the lookup the check let by."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
class Name(str):
    def __hash__(self):
        return hash("something else")
    def __eq__(self, other):
        return False
u = "_" * 2
print(hasattr(len, Name(u + "self" + u)), hasattr(Value.backward, Name(u + "globals" + u)))
class Box:
    pass
for name in (u + "class" + u, u + "dict" + u, u + "getattribute" + u, "format"):
    try:
        setattr(Box, Name(name), lambda *a: a)
        print("set", name)
    except Exception as e:
        print("refused", name, type(e).__name__)
    try:
        delattr(Box, Name(name))
    except Exception as e:
        print("refused del", name, type(e).__name__)
print(getattr(Box(), Name(u + "globals" + u), None))
