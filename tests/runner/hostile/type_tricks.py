"""Metaclasses, object.__getattribute__ and vars() to reach the insides."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
class Meta(type):
    pass
X = Meta("X", (object,), {})
sub = object.__getattribute__(object, "__subclasses__")
print(len(sub()))
print(vars(type)["__subclasses__"](object)[:3])
print(type.__subclasses__(object)[:3])
