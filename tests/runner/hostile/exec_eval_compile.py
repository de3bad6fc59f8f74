"""exec, eval and compile of built strings."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
src = "imp" + "ort os; os.system('touch @MARKERDIR@/exec')"
exec(src)
eval(compile(src, "x", "exec"))
