"""str.format taken by a class pattern, then a template that walks attributes."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
match "{0.__init__.__globals__}":
    case str(format=f):
        print(f(Value(1.0)))
match "{0.__self__.__dict__}":
    case str(format=f):
        print(f(len))
