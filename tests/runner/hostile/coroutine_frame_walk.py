"""A running coroutine's and async generator's frames lead to the frames that drive them."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
def outward(frame):
    while frame is not None:
        match frame:
            case object(f_builtins=b, f_back=back):
                print(b)
                frame = back
async def co():
    match c:
        case object(cr_frame=frame):
            outward(frame)
async def agen():
    match a:
        case object(ag_frame=frame):
            outward(frame)
    yield 1
c = co()
a = agen()
for step in (lambda: c.send(None), lambda: a.asend(None).send(None)):
    try:
        step()
    except StopIteration:
        pass
