"""__builtins__, __import__, __loader__ and function globals."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
__builtins__["__import__"]("os").system("touch @MARKERDIR@/b1")
__import__("os").system("touch @MARKERDIR@/b2")
(lambda: 0).__globals__["__builtins__"]["open"]("@CANARY@")
__loader__.load_module("os").system("touch @MARKERDIR@/b3")
