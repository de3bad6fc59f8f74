"""Read-only filesystem for the zygote when unshare(1), not bubblewrap, made its namespaces.

unshare gives a private mount namespace but leaves every mount as it was.
Here the zygote (root inside its namespaces), once it has imported all it
needs, hides every top-level directory but the system's own under an empty
read-only tmpfs (home directories, /root with Python in it, the project, /tmp)
and then makes the whole tree read-only in one recursive mount_setattr call.
bubblewrap builds a minimal tree instead, so it is preferred where installed.
"""

import ctypes
import os

KEEP = frozenset({"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "dev", "proc"})  # the rest is hidden
EXTRA_HIDDEN = ("/dev/shm", "/dev/mqueue")  # shared scratch space inside /dev
SYS_MOUNT_SETATTR = 442  # the same number on x86_64 and arm64 (asm-generic)
AT_RECURSIVE = 0x8000
AT_FDCWD = -100
MOUNT_ATTR_RDONLY = 0x1
MS_RDONLY, MS_NOSUID, MS_NODEV = 0x1, 0x2, 0x4


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def hidden_dirs():
    tops = [os.path.join("/", d) for d in sorted(os.listdir("/")) if d not in KEEP]
    return [d for d in tops + list(EXTRA_HIDDEN) if os.path.isdir(d) and not os.path.islink(d)]


def seal_filesystem():
    libc = ctypes.CDLL(None, use_errno=True)
    for d in hidden_dirs():
        if libc.mount(b"tmpfs", d.encode(), b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, b"size=4k") != 0:
            raise OSError(ctypes.get_errno(), f"cannot hide {d}")
    attr = _MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    if libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, b"/", AT_RECURSIVE, ctypes.byref(attr), ctypes.sizeof(attr)) != 0:
        raise OSError(ctypes.get_errno(), "cannot make / read-only")
