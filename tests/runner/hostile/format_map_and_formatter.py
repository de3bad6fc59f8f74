"""format_map, string.Formatter and format() with templates that walk attributes."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
t = "{0." + "_" * 2 + "self" + "_" * 2 + "}"
for attempt in (lambda: "{x.__class__}".format_map({"x": len}),
                lambda: getattr(str, "format_map")(t, {}),
                lambda: __import__("string").Formatter().format(t, len),
                lambda: format(len, t),
                lambda: getattr(t, "format")(len),
                lambda: getattr(str, "form" + "at")(t, len)):
    try:
        print(attempt())
    except Exception as e:
        print("refused", type(e).__name__, e)
