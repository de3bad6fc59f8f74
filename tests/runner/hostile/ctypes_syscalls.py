"""Raw syscalls through ctypes: unshare, mount, setuid(0), ptrace of the parent."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import ctypes
import os
libc = ctypes.CDLL(None, use_errno=True)
print("unshare", libc.unshare(0x10000000 | 0x00020000), ctypes.get_errno())
print("mount", libc.mount(b"none", b"/tmp", b"tmpfs", 0, None), ctypes.get_errno())
print("setuid", libc.setuid(0), ctypes.get_errno())
print("ptrace", libc.ptrace(16, os.getppid(), 0, 0), ctypes.get_errno())
print(open("@CANARY@").read())
