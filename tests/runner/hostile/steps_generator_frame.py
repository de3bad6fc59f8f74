"""steps() returns a generator of the sandbox's own code: its frame holds the training module's globals."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
g = steps(3)
next(g)
u = "_" * 2
for name in ("gi_frame", "gi_code", "gi_yieldfrom", u + "self" + u):
    try:
        print(name, getattr(g, name))
    except Exception as e:
        print("refused", name, type(e).__name__)
match g:
    case object(gi_frame=frame):
        match frame:
            case object(f_globals=glob):
                print(glob)
                glob["os"].system("touch @MARKERDIR@/steps_frame")
