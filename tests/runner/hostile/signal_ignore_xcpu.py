"""Ignore SIGXCPU and SIGTERM, then spin forever."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import signal
for s in (signal.SIGXCPU, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(s, signal.SIG_IGN)
while True:
    pass
