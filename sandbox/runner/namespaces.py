"""How the zygote is started: inside bubblewrap, inside unshare(1), or bare.

The namespaces are made once, for the zygote; every run forked from it inherits
them: no network (an empty net namespace), its own pid space and /proc, and a
read-only filesystem holding only the system libraries, Python and this
project's packages (no /home, no /root, no shared /tmp).
"""

import os
import shutil
import site
import sys
from pathlib import Path

from sandbox.runner import tripwire

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # holds engine/ and sandbox/
PACKAGES = ("engine", "sandbox")  # the only parts of the project a run can see
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SANDBOX_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONHASHSEED": "0"}  # a fixed hash seed: the same script gives the same set order


def available(mode):
    if mode == "bwrap":
        return shutil.which("bwrap") is not None
    if mode == "unshare":
        return shutil.which("unshare") is not None
    return mode == "none"


def candidates(mode):
    """The namespace tools to try, best first, for a Layers.namespaces setting on this machine."""
    if mode == "auto":
        return [m for m in ("bwrap", "unshare") if available(m)] + ["none"]
    if not available(mode):
        raise RuntimeError(f"namespaces={mode!r} asked for, but {mode} is not installed")
    return [mode]


def python_dirs():
    """Directories Python needs: its prefixes (stdlib, and site-packages for pyseccomp)."""
    dirs = {sys.base_prefix, sys.prefix, *site.getsitepackages()}
    dirs = {os.path.realpath(d) for d in dirs if os.path.isdir(d) and os.path.realpath(d) != "/"}
    return sorted(d for d in dirs if not _inside(d, dirs - {d}))


def _inside(path, dirs):
    return any(path == d or path.startswith(d.rstrip("/") + "/") for d in dirs)


def bwrap_command(argv):
    """bwrap with every namespace, a minimal read-only filesystem, and a cleared environment."""
    cmd = ["bwrap", "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
           "--die-with-parent", "--new-session", "--clearenv", "--hostname", "sandbox"]
    if os.getuid() != 0:
        cmd += ["--unshare-user"]  # unprivileged: namespaces through a user namespace
    else:
        # root keeps only what it needs to hand each run a throwaway uid and to kill runs
        cmd += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_KILL"]
    # /tmp first: a checkout or virtualenv under /tmp (CI clones, `python -m venv /tmp/x`)
    # is bound below, onto the empty tmpfs, instead of being hidden by it
    cmd += ["--tmpfs", "/tmp"]
    for d in SYSTEM_DIRS:
        if os.path.islink(d):
            cmd += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            cmd += ["--ro-bind", d, d]
    for d in python_dirs():
        cmd += ["--ro-bind", d, d]
    for pkg in PACKAGES:
        cmd += ["--ro-bind", str(PROJECT_ROOT / pkg), str(PROJECT_ROOT / pkg)]
    cmd += ["--dev", "/dev", "--proc", "/proc", "--remount-ro", "/tmp",
            "--remount-ro", "/", "--chdir", "/"]
    for k, v in _env().items():
        cmd += ["--setenv", k, v]
    return cmd + ["--"] + argv


def unshare_command(argv):
    """unshare(1): new net, pid, ipc, uts and mount namespaces; the zygote then remounts / read-only."""
    cmd = ["unshare", "--net", "--pid", "--fork", "--ipc", "--uts", "--mount", "--mount-proc", "--kill-child"]
    if os.getuid() != 0:
        cmd += ["--map-root-user"]
    return ["env", "-i", *(f"{k}={v}" for k, v in _env().items())] + cmd + ["--"] + argv


def plain_command(argv):
    return ["env", "-i", *(f"{k}={v}" for k, v in _env().items())] + argv


def _env():
    token = tripwire.from_environment()  # the supervisor's, handed on to the zygote
    return {**SANDBOX_ENV, "PYTHONPATH": str(PROJECT_ROOT), **({tripwire.ENV: token} if token else {})}


def zygote_command(mode, argv):
    return {"bwrap": bwrap_command, "unshare": unshare_command, "none": plain_command}[mode](argv)
