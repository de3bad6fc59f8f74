"""Send a result of its own, close the socket, then sleep and spin on past the deadline."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import os
import time

os.write(3, b'{"type":"result","ok":true,"error":null,"graph":{"nodes":[],"edges":[]},"stdout_truncated":false}\n')
os.close(3)
time.sleep(3600)
