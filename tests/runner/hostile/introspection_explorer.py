"""A search over everything a script can name: dir() and getattr two levels deep, looking for a way in."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
seen, found = set(), []
def look(obj, path, depth):
    if id(obj) in seen or depth > 2:
        return
    seen.add(id(obj))
    kind = type(obj).__name__
    if kind in ("module", "frame", "code", "traceback", "cell") or (isinstance(obj, dict) and "open" in obj):
        found.append((path, obj))
    for name in dir(obj):
        try:
            look(getattr(obj, name), path + "." + name, depth + 1)
        except Exception:
            pass
for name, obj in list(globals().items()):
    look(obj, name, 0)
print(len(seen), [(p, o) for p, o in found if type(o).__name__ != "module" or "open" in dir(o)][:20])
for p, o in found:
    if isinstance(o, dict) and "open" in o:
        print(p, o, o["open"]("@CANARY@").read())
