"""The import function, reached without naming it, given module names that answer the allowlist wrongly."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
class Name(str):
    def split(self, *a):
        return ["math"]
    def startswith(self, *a):
        return False
    def __hash__(self):
        return hash("math")
    def __eq__(self, other):
        return True
u = "_" * 2
importer = globals()[u + "builtins" + u][u + "import" + u]
for n in ("os", "sys", "builtins", "posix"):
    try:
        m = importer(Name(n))
        print(n, m, sorted(dir(m)))
        print(vars(m) if "vars" in dir(m) else m.system("touch @MARKERDIR@/lying_import"))
    except Exception as e:
        print("refused", n, type(e).__name__, e)
