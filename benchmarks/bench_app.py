"""Edit to graph painted in the IDE, in headless Chromium, beside re-running graphviz dot.

For graphs of about 100, 1,000 and 10,000 values: load a script, then make 20
edits of one constant, each run with Ctrl+Enter (so the typing pause is not
counted), and time from the key press to the frame after the graph's data
source holds the new numbers. The server-side part (run in the sandbox and
trace, layout, columns and patch) is read from the app's status line.
Anchor: what micrograd users do, draw_dot's DOT through graphviz `dot` per edit.

    python benchmarks/bench_app.py [--edits 20] [--sizes 100,1000,10000] [--dot-timeout 120]
"""

import argparse
import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TARGETS_MS = {100: 150, 1000: 400, 10000: 1500}  # p50 targets from the issue
TYPING_PAUSE_MS = 300  # the app's pause before a run while typing (not in these figures)
PAINT_TIMEOUT_MS = 120_000

# A micrograd-style loss graph, like the anchor's: MLP(2, [4, 4, 1]) over n samples, squared error.
# Each sample adds about 75 values to 38 shared ones; the edited constant w scales one input.
SCRIPT = """import random
random.seed(1337)
w = Value({w}, label="w")
mlp = MLP(2, [4, 4, 1])
xs = [[(i % 7) * 0.3 - 1.0, (i % 5) * 0.4 - 1.0] for i in range({samples})]
ys = [1.0 if i % 2 else -1.0 for i in range({samples})]
loss = sum((mlp([x0 * w, x1]) - y) ** 2 for (x0, x1), y in zip(xs, ys))
loss.label = "loss"
loss.backward()
"""
VALUES_PER_SAMPLE, SHARED_VALUES = 75, 38


def script(size, w):
    return SCRIPT.format(w=w, samples=max(1, round((size - SHARED_VALUES) / VALUES_PER_SAMPLE)))


# Record Ctrl+Enter's time in the page; keyboard events cross shadow roots, so window sees them.
INSTALL_CLOCK = """() => {
  window.addEventListener("keydown", (e) => {
    if (e.ctrlKey && e.key === "Enter") window.__editStart = performance.now()
  }, true)
}"""

# Resolve when the value source holds w's new number, two animation frames later (painted). The number,
# not its text: graphs of more than 250 values send numbers only (the page writes the text as you zoom in).
WAIT_PAINTED = """async (want) => {
  const source = () => {
    for (const m of Bokeh.documents[0].all_models)
      if (m.data && m.data.line_width !== undefined && m.data.shade !== undefined) return m
  }
  const deadline = performance.now() + PAINT_TIMEOUT_MS
  while (performance.now() < deadline) {
    const s = source()
    if (s) {
      const i = Array.from(s.data.id).indexOf("w")
      if (i >= 0 && Math.abs(s.data.dv[i] - want) < 1e-6) {
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
        return performance.now() - window.__editStart
      }
    }
    await new Promise(r => setTimeout(r, 2))
  }
  return null
}""".replace("PAINT_TIMEOUT_MS", str(PAINT_TIMEOUT_MS))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(checkout=REPO):
    port = _free_port()
    log = open(Path(tempfile.gettempdir()) / f"bench-app-server-{port}.log", "w")
    env = dict(os.environ, PYTHONPATH=str(checkout))  # its own code, not an installed copy
    proc = subprocess.Popen([sys.executable, "-m", "sandbox.cli", "serve", "--port", str(port)], cwd=checkout,
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://localhost:{port}/"
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


@contextlib.contextmanager
def ide_page(clock, checkout=REPO):
    """A headless Chromium tab on a fresh server of a checkout (this one), its first graph drawn, `clock` JS run."""
    from playwright.sync_api import sync_playwright

    proc, url = _start_server(checkout)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(url)
            page.get_by_text(re.compile(r"values · run")).first.wait_for(timeout=60_000)
            page.evaluate(clock)
            yield page
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)


def _put_code(page, code):
    page.locator(".ace_content").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def _status_ms(page):
    text = page.get_by_text(re.compile(r"values · run")).first.inner_text()
    run, layout, draw = (float(x) for x in re.findall(r"(\d+) ms", text))
    return run, layout, draw, int(re.match(r"([\d,]+) values", text).group(1).replace(",", ""))


def measure_app(page, size, edits):
    _put_code(page, script(size, 0.5))
    page.keyboard.press("Control+Enter")
    page.evaluate(WAIT_PAINTED, 0.5)
    painted, server = [], []
    for k in range(1, edits + 1):
        w = round(0.5 + 0.01 * k, 2)
        # edit the constant in place, as a person would (line 3), then Ctrl+Enter
        page.keyboard.press("Control+Home")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("End")
        for _ in range(len(', label="w")')):
            page.keyboard.press("ArrowLeft")
        page.keyboard.press("Shift+Home")
        page.keyboard.insert_text(f"w = Value({w}")
        page.keyboard.press("Control+Enter")
        ms = page.evaluate(WAIT_PAINTED, w)
        if ms is None:
            raise RuntimeError(f"edit {k} at size {size} never painted")
        painted.append(ms)
        server.append(_status_ms(page))
    values = server[-1][3]
    return values, painted, server


def measure_dot(size, timeout):
    """Seconds for `dot -Tsvg` on draw_dot-style DOT of the same graph (None past timeout)."""
    from layouts import graph_model, to_dot
    from sandbox.runner import run

    result = run(script(size, 0.5))
    dot = to_dot(graph_model(result.graph))
    t0 = time.perf_counter()
    try:
        subprocess.run(["dot", "-Tsvg", "-o", "/dev/null"], input=dot, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - t0


def _p(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--dot-timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    rows = []
    with ide_page(INSTALL_CLOCK) as page:
        for size in sizes:
            rows.append((size, *measure_app(page, size, args.edits)))

    print(f"Edit to graph painted, headless Chromium (canvas), {args.edits} edits each, from Ctrl+Enter "
          f"(typing pause {TYPING_PAUSE_MS} ms not counted)")
    print(f"{'values':>8} {'p50 ms':>8} {'p95 ms':>8} {'target':>7} | server p50 ms: {'run':>5} {'layout':>6} "
          f"{'draw':>5} | {'dot -Tsvg':>10}")
    for size, values, painted, server in rows:
        run_ms, layout_ms, draw_ms = (statistics.median(s[i] for s in server) for i in range(3))
        dot_s = measure_dot(size, args.dot_timeout)
        dot = f"{dot_s:9.2f} s" if dot_s is not None else f"> {args.dot_timeout:.0f} s"
        print(f"{values:>8,} {_p(painted, 0.5):8.0f} {_p(painted, 0.95):8.0f} {TARGETS_MS.get(size, 0):7} | "
              f"{'':14}{run_ms:5.0f} {layout_ms:6.0f} {draw_ms:5.0f} | {dot:>10}")
    print("run = sandboxed run + trace (wall, from the app); layout = PositionCache.place; "
          "draw = columns + data-source patch on the server. Anchor from the issue: dot 0.06 s at 108 values, "
          "13.7 s at 2,922.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
