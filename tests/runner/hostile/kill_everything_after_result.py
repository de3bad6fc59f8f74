"""Send a result of its own, then kill(-1, SIGKILL) (its zygote, where namespaces put it alone with one) and exit."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os

os.write(3, b'{"type":"result","ok":true,"error":null,"graph":{"nodes":[],"edges":[]},"stdout_truncated":false}\n')
os.kill(-1, 9)
os._exit(0)
