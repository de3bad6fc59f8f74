"""An infinite loop that swallows every exception, KeyboardInterrupt and SystemExit included."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
while True:
    try:
        while True:
            pass
    except BaseException:
        pass
