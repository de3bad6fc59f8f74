"""str.format walks attributes: "{0.__class__}" never appears as code."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
t = "{0." + "_" * 2 + "globals" + "_" * 2 + "}"
print(t.format(print))
print("{0.__init__.__globals__}".format(Value(1.0)))
print("{0[__builtins__]}".format({"__builtins__": 1}))
print("{:{0.__class__}}".format(1))
