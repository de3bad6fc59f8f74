"""A class pattern reads attributes named by plain strings in the tree: case object(__self__=b)."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
match len:
    case object(__self__=b):
        print(b, sorted(dir(b)))
        print(b.open("@CANARY@").read())
        b.eval("__import__('os').system('touch @MARKERDIR@/match_kw')")
match Value.backward:
    case object(__globals__=g):
        print(g)
        g["__builtins__"]["eval"]("__import__('os').system('touch @MARKERDIR@/match_kw_globals')")
