"""str.format reached without naming it on a str: through super() of a str subclass, and a class attribute."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
class S(str):
    pass
s = S("{0." + "_" * 2 + "self" + "_" * 2 + "}")
for attempt in (lambda: getattr(super(S, s), "format")(len),
                lambda: getattr(super(S, s), "format_map")({}),
                lambda: type("T", (), {"f": getattr(str, "format")})().f(len)):
    try:
        print(attempt())
    except Exception as e:
        print("refused", type(e).__name__, e)
