"""%-formatting with a mapping, and f-string conversions and specs: no attribute walks, only items and repr."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import random
print("%(random)s %(seed)s" % {"random": random, "seed": random.seed})
class Probe(dict):
    def __getitem__(self, key):
        print("asked for", key)
        return key
print("%(__globals__)s %(__builtins__)r" % Probe())
print(f"{len!r:>30}", f"{Value(1.0)!s:.5}", f"{'{0.__class__}'!r}")
print(format(Value(2.0), ""), format(3.5, ">{}".format(10)))
