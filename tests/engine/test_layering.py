"""The engine stays pure Python: it imports nothing of numpy, networkx, Panel or the app.

If this breaks, the sandbox's zygote would carry numpy into user code.
"""

import subprocess
import sys

FORBIDDEN = ("numpy", "networkx", "panel", "bokeh", "holoviews", "layouts", "sandbox")


def test_engine_imports_only_the_standard_library():
    code = ("import sys, engine, engine.nn, engine.losses, engine.optim, engine.datasets;"
            f"print([m for m in {FORBIDDEN!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
