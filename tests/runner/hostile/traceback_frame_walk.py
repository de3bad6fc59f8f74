"""An exception's traceback frames lead out of the script."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
try:
    1 / 0
except ZeroDivisionError as e:
    tb = e.__traceback__
    while tb is not None:
        g = tb.tb_frame.f_globals
        if "os" in g:
            g["os"].system("touch @MARKERDIR@/tb")
        tb = tb.tb_next
    f = e.__traceback__.tb_frame
    while f is not None:
        if "os" in f.f_globals:
            f.f_globals["os"].system("touch @MARKERDIR@/tbframe")
        f = f.f_back
