"""Ordinary Python a learner writes around the engine: formatting, closures, comprehensions."""
# ruff: noqa: F821, UP031, UP032 -- sandbox builtins; learners write old-style formatting too
import math

xs = [Value(float(i), label=f"x{i}") for i in range(4)]
total = sum((x * x for x in xs), Value(0.0, label="zero"))
total.backward()
print("{:.3f} {}".format(total.data, [x.grad for x in xs]))
print("%.2f" % total.data, repr(xs[0]), str(total.grad))
squares = {i: i * i for i in range(5)}
gen = (k for k, v in squares.items() if v % 2)
print(sorted(squares, key=lambda k: -k), list(gen), max(xs, key=lambda v: v.data).label)
try:
    Value("not a number")
except TypeError as e:
    print("TypeError:", str(e)[:30])
print(math.pi, math.isclose(math.exp(1), math.e), type(total).__name__, isinstance(total, Value))
