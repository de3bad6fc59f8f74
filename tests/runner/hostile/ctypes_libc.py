"""Call libc directly through ctypes: system(), open()."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import ctypes
libc = ctypes.CDLL(None)
libc.system(b"touch @MARKERDIR@/ctypes; cat @CANARY@ > @MARKER@-ctypes")
fd = libc.open(b"@CANARY@", 0)
buf = ctypes.create_string_buffer(4096)
libc.read(fd, buf, 4096)
print(buf.value)
