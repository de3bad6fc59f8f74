"""Open sockets of every kind: UDP to the listener, an abstract unix socket, a netlink socket."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import socket
for family, kind, target in ((socket.AF_INET, socket.SOCK_DGRAM, ("127.0.0.1", int("@PORT@"))),
                             (socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", int("@PORT@"))),
                             (socket.AF_UNIX, socket.SOCK_STREAM, "\0mgsbx"),
                             (socket.AF_INET6, socket.SOCK_STREAM, ("::1", int("@PORT@")))):
    try:
        s = socket.socket(family, kind)
        s.settimeout(1)
        s.connect(target)
        s.send(b"hello")
        print("connected", target)
    except Exception as e:
        print(type(e).__name__, e)
