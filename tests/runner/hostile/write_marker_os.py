"""Create files, directories and links with os calls (no content needed)."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
for f in (lambda: os.mkdir("@MARKERDIR@/dir"), lambda: os.mkdir("@MARKER@-dir"),
          lambda: os.close(os.open("@MARKERDIR@/empty", os.O_CREAT | os.O_WRONLY)),
          lambda: os.symlink("/etc/passwd", "@MARKERDIR@/link"), lambda: os.mkfifo("@MARKERDIR@/fifo")):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
