"""Connect to a listener on the server's loopback."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import socket
s = socket.create_connection(("127.0.0.1", int("@PORT@")), timeout=1)
s.sendall(b"hello from the sandbox")
