"""Search the heap and the whole address space for the code of an earlier run."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import gc
needle = "EARL" + "IER-"
for o in gc.get_objects():
    items = o.values() if isinstance(o, dict) else o if isinstance(o, (list, tuple)) else ()
    for s in items:
        if isinstance(s, (str, bytes)) and needle in str(s):
            print("gc", str(s)[:100])
try:
    mem = open("/proc/self/mem", "rb")
    for line in open("/proc/self/maps").read().splitlines():
        addr, perms = line.split()[:2]
        lo, hi = (int(x, 16) for x in addr.split("-"))
        if "r" not in perms or hi - lo > 200_000_000:
            continue
        try:
            mem.seek(lo)
            chunk = mem.read(hi - lo)
        except Exception:
            continue
        i = chunk.find(needle.encode())
        while i >= 0:
            print("mem", chunk[i:i + 60])
            i = chunk.find(needle.encode(), i + 1)
except Exception as e:
    print(type(e).__name__, e)
