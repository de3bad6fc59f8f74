"""The state of one IDE session: plain param classes, no Panel import.

Views watch these parameters; effects (runs, the browser's storage) live in
ide.py and links.py. Everything here can be driven from a test without a browser.
"""

import re

import param

from sandbox.app.graph.scene import COLOUR_MODES, SIZE_MODES

LAYOUTS = ("layered", "force")
STEP_MODES = ("all", "forward", "backward")
PYTHON_ERROR_ENDINGS = ("Error", "Exception", "Interrupt", "Exit", "Warning", "Iteration")  # else a refusal
SANDBOX_ERRORS = ("SandboxError",)  # the sandbox's own failures: a plain sentence, like refusals
LINE_PREFIX = re.compile(r"^\s*line \d+:\s*", re.IGNORECASE)  # the banner says the line once


def error_sentence(error):
    """A runner error record as one sentence a learner can act on.

    Python's errors keep their name (``Line 3: NameError: ...``); the sandbox's
    refusals (a blocked import, a time or memory limit) read as plain sentences.
    """
    if not error:
        return ""
    where = f"Line {error['line']}: " if error.get("line") else ""
    kind = error.get("type") or "Error"
    message = LINE_PREFIX.sub("", error.get("message") or "")
    if message.startswith(kind + ":"):
        message = message[len(kind) + 1:].strip()
    if not kind.endswith(PYTHON_ERROR_ENDINGS) or kind in SANDBOX_ERRORS:
        return f"{where}{message[:1].upper()}{message[1:]}" if message else f"{where}{kind}"
    return f"{where}{kind}: {message}" if message else f"{where}{kind}"


def wait_sentence(wait):
    """Why a run has not started yet, for the status line ('' when nothing holds it).

    >>> wait_sentence({"queued": 3})
    'busy: your run is queued (position 3)'
    >>> wait_sentence({"limited": 1.24})
    'too many runs at once: yours starts in 1.2 s'
    """
    if not wait:
        return ""
    if "queued" in wait:
        return f"busy: your run is queued (position {wait['queued']})"
    if "limited" in wait:
        return f"too many runs at once: yours starts in {wait['limited']:.1f} s"
    if "busy" in wait:
        return f"the sandbox is full: trying your run again in {wait['busy']:g} s"
    return ""


def status_line(session, prefix=""):
    """The toolbar's status line (HTML) for the session's latest run; `prefix` goes first after a good one."""
    s, t = session, session.timings or {}
    if s.status == "running":
        return wait_sentence(s.waiting) or "running…"
    if s.status == "error":
        return "<span class='bad'>error</span> · the graph shows the last good run"
    if s.status == "ok" and s.scene is not None and not s.scene.order:
        return "nothing to draw yet: make a Value, e.g. <code>a = Value(2.0)</code>"
    if s.status == "ok" and s.scene is not None:
        return f"{prefix}{len(s.scene.order):,} values · run {1000 * t.get('run_s', 0):.0f} ms" + ("" if prefix else
                f" · layout {1000 * t.get('layout_s', 0):.0f} ms · draw {1000 * t.get('draw_s', 0):.0f} ms")
    return ""


class Session(param.Parameterized):
    """What one person is looking at: their code, the last run, and how it is drawn."""

    code = param.String(default="", doc="the code of the latest requested run")
    preset = param.String(default="", doc="the preset last loaded, for share links")
    layout = param.Selector(default="layered", objects=list(LAYOUTS))
    colour = param.Selector(default="grad", objects=list(COLOUR_MODES), doc="what node colour encodes")
    size = param.Selector(default="none", objects=list(SIZE_MODES), doc="what node size encodes")

    status = param.Selector(default="idle", objects=["idle", "running", "ok", "error"])
    error = param.Dict(default=None, allow_None=True, doc="the runner's error record of the last run")
    stdout = param.String(default="")
    timings = param.Dict(default={}, doc="seconds: run_s, runner_s, layout_s, draw_s")
    waiting = param.Dict(default={}, doc="why the requested run has not started: {queued: k} | {limited: s} | ...")
    scene = param.Parameter(default=None, doc="the last good run's Scene (kept while errors show)")
    notice = param.String(default="", doc="a one-off message, e.g. about a share link")

    selected = param.String(default="", doc="id of the value the inspector shows")
    step_mode = param.Selector(default="all", objects=list(STEP_MODES))
    step = param.Integer(default=0, bounds=(0, None))
    playing = param.Boolean(default=False)

    @property
    def steps(self):
        return self.scene.steps() if self.scene is not None else 0

    @property
    def step_view(self):
        """(mode, k) for Scene.columns, or None when everything is shown."""
        return None if self.step_mode == "all" else (self.step_mode, min(self.step, self.steps))

    def take(self, outcome):
        """Record a finished run (called on the event loop)."""
        result = outcome["result"]
        with param.parameterized.batch_call_watchers(self):
            self.stdout = result.stdout or ""
            self.timings = dict(outcome["timings"])
            self.error = outcome.get("failure") or result.error
            if outcome["scene"] is not None:
                self.scene = outcome["scene"]
                if self.selected and self.selected not in self.scene.by_id:
                    self.selected = ""
                self.step = min(self.step, self.steps)
            self.status = "ok" if result.ok and not outcome.get("failure") else "error"

    def step_by(self, delta):
        """Move the step forward or back, stopping at the ends (and stopping play there)."""
        if self.step_mode == "all":
            self.step_mode = "backward" if self.scene is not None and self.scene.graph["nodes"] else "all"
        k = max(0, min(self.steps, self.step + delta))
        self.step = k
        if k in (0, self.steps) and delta:
            self.playing = False

    @param.depends("step_mode", watch=True)
    def _restart_steps(self):
        self.step = 0
        self.playing = False
