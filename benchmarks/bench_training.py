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
inspector names it and its numbers, and works out the chain rule at it, both
written by the page; then the numerical check, from the server), each timed in
the page from the click to the frame after the effect, p50/p95 (target: within
200 ms; for the check, which comes from the server, there is none). It also prints the engine's
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
# what a click on a value shows, in the order it comes
ANSWER_PARTS = ("value node: inspector names it", "  ... the chain-rule table", "  ... the numerical check")

# Record the time of every click in the page (capture phase: before any handler runs).
INSTALL_CLOCK = """() => {
  window.addEventListener("pointerdown", () => { window.__clickAt = performance.now() }, true)
}"""

# Resolve with, for each text of `wants`, ms from the last click until an element with that text in it is on
# screen, two frames later (null for one that did not show in 30 s). A want may be a list: any of them. Texts
# that show in the same poll share one time (two answers written together are on screen together); each counts
# only once those before it have shown.
WAIT_TEXTS = """async ([hostClass, wants]) => {
  const find = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.classList && el.classList.contains(hostClass)) return el
      if (el.shadowRoot) { const f = find(el.shadowRoot); if (f) return f }
    }
    return null
  }
  const deadline = performance.now() + 30000
  const times = wants.map(() => null)
  let host = null
  while (times.includes(null) && performance.now() < deadline) {
    host = host || find(document)
    const text = host ? (host.shadowRoot || host).textContent : ""
    const fresh = []  // in order: a text counts once those before it are seen (the last answer's check is not)
    wants.forEach((w, k) => fresh.push(times[k] === null && (k === 0 || times[k - 1] !== null || fresh[k - 1]) &&
                                       (Array.isArray(w) ? w : [w]).some((x) => text.includes(x))))
    if (fresh.includes(true)) {
      await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
      const t = performance.now() - window.__clickAt
      fresh.forEach((f, k) => { if (f) times[k] = t })
    } else {
      await new Promise(r => setTimeout(r, 2))
    }
  }
  return times
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
    """Click a value node: ms until the inspector names it, until its chain rule shows, until the numerical check.

    The first two are the page's own answer (where the page works it out; a checkout before that has the
    server's chain rule), the check is always the server's.
    """
    sys.path.insert(0, str(REPO / "tests" / "browser"))
    from conftest import on_screen

    x, y = on_screen(page, node_id)
    page.mouse.click(x, y)
    check = ["Numerical check", "Finite-difference check"]  # the check, or why there is none
    return page.evaluate(WAIT_TEXTS, ["inspector", [f"{node_id} · data", f"{node_id}.grad = Σ", check]])


def clicks_while_training(page, code, n):
    """ms from a click to its effect, for Pause/Resume and for a value node, while the demo trains.

    The loop is made long enough (steps(100) -> steps(5000)) that it is still training at the last click.
    """
    _put_code(page, code.replace("steps(100)", "steps(5000)"))
    page.keyboard.press("Control+Enter")
    page.get_by_text("typing runs 1 of 5000 steps").wait_for(timeout=120_000)
    page.get_by_role("button", name="▶ Start").click()
    wait_for_line(page, "training")
    buttons, answers = [], []
    for k in range(n):
        page.get_by_role("button", name="❚❚ Pause").click()
        buttons += page.evaluate(WAIT_TEXTS, ["training-status", ["paused"]])
        page.get_by_role("button", name="▶ Resume").click()
        buttons += page.evaluate(WAIT_TEXTS, ["training-status", ["training"]])
        answers.append(click_node(page, ("x1", "x2")[k % 2]))
        page.wait_for_timeout(300)
    page.get_by_role("button", name="■ Stop").click()
    return buttons, answers


def clicks_at_rest(page, n):
    """The same node clicks with nothing training: what the graph's size alone costs a click."""
    wait_for_line(page, "stopped")
    answers = []
    for k in range(n):
        answers.append(click_node(page, ("x1", "x2")[k % 2]))
        page.wait_for_timeout(300)
    return answers


def in_the_ide(checkout, demo, clicks):
    """Train the demo in Chromium on a server of checkout, then click while it trains and at rest."""
    with ide_page(INSTALL_CLOCK, checkout) as page:
        load_demo(page, demo["title"])
        elapsed, shown_rate = train_once(page)
        buttons, answers = clicks_while_training(page, demo["code"], clicks)
        resting = clicks_at_rest(page, clicks)
    timed = {"Pause / Resume (button label)": buttons}
    for when, rows in (("", answers), (", nothing training", resting)):
        for k, what in enumerate(ANSWER_PARTS):
            timed[what + when] = [row[k] for row in rows]
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
        during = [x for name in ("Pause / Resume (button label)", ANSWER_PARTS[0]) for x in timed[name]
                  if x is not None]
        tables = [x for x in timed[ANSWER_PARTS[1]] if x is not None]
        if during and tables:
            met = lambda xs: "met" if _p(xs, 0.95) <= TARGET_CLICK_MS else "MISSED"  # noqa: E731
            print(f"  {label}: clicks during training (Pause/Resume, a node) p50 {_p(during, 0.5):.0f} ms, "
                  f"p95 {_p(during, 0.95):.0f} ms ({met(during)}); the chain-rule table p50 {_p(tables, 0.5):.0f} ms, "
                  f"p95 {_p(tables, 0.95):.0f} ms ({met(tables)}); graph of {GRAPH_VALUES:,} values drawn as dots")
    return 0


if __name__ == "__main__":
    sys.exit(main())
