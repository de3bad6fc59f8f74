"""The parser chokes on deeply nested brackets (the text of the script is generated below)."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
# GENERATE: "x = " + "(" * 200_000 + "1" + ")" * 200_000
