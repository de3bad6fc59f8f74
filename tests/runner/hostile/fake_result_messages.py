"""Write forged and malformed messages straight to the run's socket."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
for fd in range(3, 10):
    for data in (b'{"type":"result","ok":true,"error":null,"graph":{"nodes":[],"edges":[]},"stdout_truncated":false}\n',
                 b'{"type":"stdout","text":' + b'"' + b"@" * 100 + b'"}\n', b"not json\n", b"{" * 100000 + b"\n",
                 b'{"id": 1, "result": {"ok": true}}\n', b"x" * 1_000_000):
        try:
            os.write(fd, data)
        except Exception:
            pass
