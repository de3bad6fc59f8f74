"""NaN, infinities and huge ints in data and grads: the result must stay valid JSON."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
a = Value(float("nan"), label="nan")
b = Value(float("inf"), label="inf")
c = Value(10 ** 400, label="bigint")
d = a * b
d.backward()
log(step=1, loss=float("nan"), other=float("-inf"))
