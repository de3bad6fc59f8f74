"""Live training of micrograd's demo in the IDE, beside the same loop in plain micrograd 0.1.0, in one run.

Anchor: micrograd 0.1.0's bare demo loop (two moons, MLP(2, [16, 16, 1]),
hinge + L2, lr 1.0 - 0.9k/100) in this process, no drawing at all. Then the
same loop as the IDE runs it when a person presses Start on the training
preset: through the real server, in headless Chromium, inside the sandbox,
with everything drawn live (the graph's snapshots, the network view, the
decision boundary, the curves). Steps per second from the click on Start to
the panel saying all 100 steps are trained, as a ratio to the anchor (target
>= 5x). Then, while a second run trains, clicks answered: Pause/Resume
(the button's label changes) and a click on a value node of the graph (the
inspector names it and its numbers, written by the page; then the chain rule
at it, from the server), each timed in the page from the click to the frame
after the effect, p50/p95 (target: within 200 ms). It also prints the engine's
bare loop and the live run through the runner alone, no app: what
``micrograd-sandbox run presets/08_training_loop.py --live`` does (target
>= 20x, issue 15). ``--no-browser`` prints only those, without Chromium.

    python benchmarks/bench_training.py [--anchor-steps 3] [--clicks 10] [--against main] [--no-browser]
"""

import argparse
import random
import re
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_app import _p, _put_code, ide_page  # noqa: E402
from benchmarks.bench_engine import demo_step  # noqa: E402
from engine.datasets import moons  # noqa: E402

STEPS = 100  # the preset's loop
TARGET_RATIO = 5.0  # live in the IDE, everything drawn
TARGET_RUNNER_RATIO = 20.0  # live through the sandbox runner alone
TARGET_CLICK_MS = 200
TRAIN_TIMEOUT_MS = 600_000
GRAPH_VALUES = 984  # the preset's graph: example 0's loss through the network

# Record the time of every click in the page (capture phase: before any handler runs).
INSTALL_CLOCK = """() => {
  window.addEventListener("pointerdown", () => { window.__clickAt = performance.now() }, true)
}"""

# Resolve with ms from the last click until an element with `want` in its text is on screen, two frames later.
WAIT_TEXT = """async ([hostClass, want]) => {
  const find = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.classList && el.classList.contains(hostClass)) return el
      if (el.shadowRoot) { const f = find(el.shadowRoot); if (f) return f }
    }
    return null
  }
  const deadline = performance.now() + 30000
  let host = null
  while (performance.now() < deadline) {
    host = host || find(document)
    const text = host ? (host.shadowRoot || host).textContent : ""
    if (text.includes(want)) {
      await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
      return performance.now() - window.__clickAt
    }
    await new Promise(r => setTimeout(r, 2))
  }
  return null
}"""


def anchor_steps_per_s(Value, MLP, steps):
    """The bare demo loop, no drawing: steps per second (after one warm-up step)."""
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    X, y = moons(100, noise=0.1)
    demo_step(Value, model, X, y, 0)
    t0 = time.perf_counter()
    for k in range(1, steps + 1):
        demo_step(Value, model, X, y, k)
    return steps / (time.perf_counter() - t0)


def runner_steps_per_s(code):
    """The live run through the sandbox runner alone, its events dropped: steps per second.

    The sandbox is started first (supervisor and zygote, once per process: about 0.3 s), as a server has it
    running before anyone presses Start: a per-step figure does not count it.
    """
    from sandbox.runner import start

    if not start("warm = 1").wait().ok:
        raise RuntimeError("the sandbox did not start")
    t0 = time.perf_counter()
    result = start(code, live=True, on_event=lambda e: None).wait()
    if not result.ok:
        raise RuntimeError(result.error)
    return STEPS / (time.perf_counter() - t0)


def load_demo(page, title):
    page.get_by_role("button", name="Presets").click()
    page.get_by_text(title, exact=True).first.click()
    page.get_by_text("typing runs 1 of 100 steps").wait_for(timeout=120_000)


def training_line(page):
    return page.locator(".training-line").first.inner_text()


def wait_for_line(page, start, timeout_ms=TRAIN_TIMEOUT_MS):
    deadline = time.perf_counter() + timeout_ms / 1000
    while not training_line(page).startswith(start):
        if time.perf_counter() > deadline:
            raise RuntimeError(f"the training panel never said {start!r}; it says {training_line(page)!r}")
        page.wait_for_timeout(20)


def train_once(page):
    """Seconds from the click on Start to "trained · step 100 / 100" on the page; the rate the page showed."""
    t0 = time.perf_counter()
    page.get_by_role("button", name="▶ Start").click()
    wait_for_line(page, "trained")
    elapsed = time.perf_counter() - t0
    shown = re.search(r"([\d.]+) steps/s", training_line(page))
    return elapsed, float(shown.group(1)) if shown else None


def click_node(page, node_id):
    """Click a value node: ms until the inspector names it (the page's answer), then until its chain rule shows."""
    sys.path.insert(0, str(REPO / "tests" / "browser"))
    from conftest import on_screen

    x, y = on_screen(page, node_id)
    page.mouse.click(x, y)
    return (page.evaluate(WAIT_TEXT, ["inspector", f"{node_id} · data"]),
            page.evaluate(WAIT_TEXT, ["inspector", f"{node_id}.grad = Σ"]))


def clicks_while_training(page, code, n):
    """ms from a click to its effect, for Pause/Resume and for a value node, while the demo trains.

    The loop is made long enough (steps(100) -> steps(5000)) that it is still training at the last click.
    """
    _put_code(page, code.replace("steps(100)", "steps(5000)"))
    page.keyboard.press("Control+Enter")
    page.get_by_text("typing runs 1 of 5000 steps").wait_for(timeout=120_000)
    page.get_by_role("button", name="▶ Start").click()
    wait_for_line(page, "training")
    buttons, nodes, tables = [], [], []
    for k in range(n):
        page.get_by_role("button", name="❚❚ Pause").click()
        buttons.append(page.evaluate(WAIT_TEXT, ["training-status", "paused"]))
        page.get_by_role("button", name="▶ Resume").click()
        buttons.append(page.evaluate(WAIT_TEXT, ["training-status", "training"]))
        node, table = click_node(page, ("x1", "x2")[k % 2])
        nodes.append(node)
        tables.append(table)
        page.wait_for_timeout(300)
    page.get_by_role("button", name="■ Stop").click()
    return buttons, nodes, tables


def clicks_at_rest(page, n):
    """The same node clicks with nothing training: what the graph's size alone costs a click."""
    wait_for_line(page, "stopped")
    nodes, tables = [], []
    for k in range(n):
        node, table = click_node(page, ("x1", "x2")[k % 2])
        nodes.append(node)
        tables.append(table)
        page.wait_for_timeout(300)
    return nodes, tables


def in_the_ide(checkout, demo, clicks):
    """Train the demo in Chromium on a server of checkout, then click while it trains and at rest."""
    with ide_page(INSTALL_CLOCK, checkout) as page:
        load_demo(page, demo["title"])
        elapsed, shown_rate = train_once(page)
        buttons, nodes, tables = clicks_while_training(page, demo["code"], clicks)
        resting, resting_tables = clicks_at_rest(page, clicks)
    timed = {"Pause / Resume (button label)": buttons, "value node (inspector names it)": nodes,
             "  ... and its chain rule from the server": tables, "value node, nothing training": resting,
             "  ... and its chain rule": resting_tables}
    return STEPS / elapsed, shown_rate, timed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchor-steps", type=int, default=3, help="micrograd steps timed (about 1 s each)")
    parser.add_argument("--clicks", type=int, default=10, help="rounds of Pause, Resume and a node click")
    parser.add_argument("--no-browser", action="store_true", help="only the anchor, the bare engine and the runner")
    parser.add_argument("--against", default=None, metavar="REF",
                        help="also train and click on a server of this git commit (e.g. main), side by side")
    args = parser.parse_args(argv)

    from micrograd.engine import Value as MgValue
    from micrograd.nn import MLP as MgMLP

    from benchmarks.bench_classroom import checkout_of
    from engine import Value
    from engine.nn import MLP
    from presets import get_preset

    demo = get_preset("training_loop")
    micrograd = anchor_steps_per_s(MgValue, MgMLP, args.anchor_steps)
    bare_engine = anchor_steps_per_s(Value, MLP, 10)
    runner_only = runner_steps_per_s(demo["code"])
    print(f"micrograd's demo loop (MLP(2, [16, 16, 1]), 100 moons, 65,818 values a step), {STEPS} steps")
    print(f"{'':44} {'steps/s':>8} {'x micrograd':>12}")
    print(f"{'micrograd 0.1.0, bare loop (anchor)':44} {micrograd:8.2f} {1.0:12.1f}")
    print(f"{'engine, bare loop, in-process':44} {bare_engine:8.2f} {bare_engine / micrograd:12.1f}")
    print(f"{'live run through the sandbox runner only':44} {runner_only:8.2f} {runner_only / micrograd:12.1f}"
          f"   (target >= {TARGET_RUNNER_RATIO:g}x)", flush=True)
    if args.no_browser:
        return 0

    servers = [("this checkout", REPO)]
    if args.against:
        checkout, sha = checkout_of(args.against)
        servers.append((f"{args.against} ({sha})", checkout))
    try:
        measured = [(label, *in_the_ide(checkout, demo, args.clicks)) for label, checkout in servers]
    finally:
        for _, checkout in servers[1:]:
            shutil.rmtree(checkout, ignore_errors=True)

    for label, live, shown_rate, _ in measured:
        print(f"{'live in the IDE, all views drawn: ' + label:44} {live:8.2f} {live / micrograd:12.1f}"
              f"   (target >= {TARGET_RATIO:g}x; the page showed {shown_rate} steps/s at the end)")
    print(f"clicks, from the click to the frame after its effect, {args.clicks} rounds, ms p50 / p95 / max "
          f"(target: p95 <= {TARGET_CLICK_MS} ms while training):")
    print(f"  {'':40}" + "".join(f"{label:>26}" for label, *_ in measured))
    for name in measured[0][3]:
        cells = []
        for _, _, _, timed in measured:
            xs = [x for x in timed[name] if x is not None]
            missed = len(timed[name]) - len(xs)
            cell = f"{_p(xs, 0.5):.0f} / {_p(xs, 0.95):.0f} / {max(xs):.0f}" if xs else "none"
            cells.append(cell + (f" ({missed} missed)" if missed else ""))
        print(f"  {name:40}" + "".join(f"{c:>26}" for c in cells))
    for label, _, _, timed in measured:
        during = [x for name in ("Pause / Resume (button label)", "value node (inspector names it)")
                  for x in timed[name] if x is not None]
        tables = [x for x in timed["  ... and its chain rule from the server"] if x is not None]
        if during and tables:
            met = lambda xs: "met" if _p(xs, 0.95) <= TARGET_CLICK_MS else "MISSED"  # noqa: E731
            print(f"  {label}: clicks during training (Pause/Resume, a node) p50 {_p(during, 0.5):.0f} ms, "
                  f"p95 {_p(during, 0.95):.0f} ms ({met(during)}); the chain-rule table p50 {_p(tables, 0.5):.0f} ms, "
                  f"p95 {_p(tables, 0.95):.0f} ms ({met(tables)}); graph of {GRAPH_VALUES:,} values drawn as dots")
    return 0


if __name__ == "__main__":
    sys.exit(main())
