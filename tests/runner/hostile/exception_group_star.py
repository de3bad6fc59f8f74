"""except* with an exception group whose split() answers oddly (CPython 3.11 to 3.13.1 mishandles it)."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
class Odd(ExceptionGroup):
    def split(self, *args):
        return (self, len)
    def derive(self, excs):
        return Odd("odd", excs)
try:
    raise Odd("odd", [ValueError(1)])
except* ValueError as eg:
    print(eg, type(eg))
