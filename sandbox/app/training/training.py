"""The state of training in one IDE session: plain param classes and pure functions, no Panel.

A training script (one that logs, or shows a network or a decision boundary)
makes the training panel appear. Every edit run previews one step; Start runs
the same code live in the sandbox. Its events come in bursts from the runner's
thread: ``coalesce`` keeps every log row but only the latest snapshot, network,
boundary and progress, so a fast run never floods the page.
"""

import param

from sandbox.app.graph.scene import json_float

VIEW_EVENTS = ("snapshot", "network", "boundary", "progress")  # only the latest of each matters
RATE_WINDOW_S = 3.0  # steps per second over this much training time
PHASES = ("none", "preview", "running", "paused", "done", "stopped", "failed")
LIVE_PHASES = ("running", "paused")


def coalesce(events):
    """A burst of events as one update: {"rows", "params", "stdout", and the latest of VIEW_EVENTS}."""
    batch = {"rows": [], "params": [], "stdout": "", **{kind: None for kind in VIEW_EVENTS}}
    for ev in events:
        kind = ev.get("type")
        if kind == "log":
            batch["rows"].append(ev)
        elif kind == "param":
            batch["params"].append(ev)
        elif kind == "stdout":
            batch["stdout"] += ev["text"]
        elif kind in VIEW_EVENTS:
            batch[kind] = ev
    return batch


def is_training(batch):
    """Whether a run's events make it a training script: it logged, stepped, or showed a network or boundary."""
    return bool(batch["rows"] or batch["params"] or batch["network"] or batch["boundary"] or batch["progress"])


def metric_rows(rows, first_step=0):
    """Log events as {"step": [...], metric: [...]} columns (floats; a missing step counts on from the last)."""
    names = []
    for ev in rows:
        names += [k for k in ev["metrics"] if k not in names and k != "step"]
    columns = {"step": [], **{k: [] for k in names}}
    step = first_step
    for ev in rows:
        step = ev["step"] if ev["step"] is not None else step
        columns["step"].append(float(step))
        for k in names:
            columns[k].append(json_float(ev["metrics"].get(k, "NaN")))
        step += 1
    return columns


class StepRate:
    """Steps per second from the run's own clock (progress events' ``t``, which leaves pauses out)."""

    def __init__(self, window_s=RATE_WINDOW_S):
        self.window_s = window_s
        self.seen = []  # (t, step)

    def add(self, t, step):
        if self.seen and (t < self.seen[-1][0] or step < self.seen[-1][1]):
            self.seen = []  # a new run
        self.seen.append((t, step))
        while len(self.seen) > 2 and self.seen[-1][0] - self.seen[1][0] >= self.window_s:
            self.seen.pop(0)

    def per_second(self):
        if len(self.seen) < 2 or self.seen[-1][0] <= self.seen[0][0]:
            return None
        (t0, s0), (t1, s1) = self.seen[0], self.seen[-1]
        return (s1 - s0) / (t1 - t0)


class Training(param.Parameterized):
    """What the training panel shows: the run's phase, its step, its controls and the user's values."""

    visible = param.Boolean(default=False, doc="the script trains: show the panel")
    phase = param.Selector(default="none", objects=list(PHASES))
    step = param.Integer(default=0, bounds=(0, None), doc="steps done")
    total = param.Integer(default=None, allow_None=True, doc="steps the loop has (None: a loop without steps())")
    rate = param.Number(default=None, allow_None=True, doc="steps per second of the live run")
    controls = param.List(default=[], doc="the script's param(...) declarations: {name, value, default, low, high}")
    values = param.Dict(default={}, doc="values the user set: name -> number (sent with every run)")
    defaults = param.Dict(default={}, doc="the code's default of each value the user set, when they set it")
    message = param.String(default="", doc="why a live run ended early, if it did")

    def __init__(self, **params):
        super().__init__(**params)
        self._rate = StepRate()
        self._expected = None  # "paused" | "running": what the user asked for, shown before the run confirms it

    def expect(self, phase):
        """The user asked the live run to pause or go on: show it now; older progress does not undo it."""
        self._expected = phase
        if self.live:
            self.phase = phase

    @property
    def live(self):
        return self.phase in LIVE_PHASES

    def setup(self):
        """What every run is sent: the user's values and the defaults they were set against."""
        return {"params": dict(self.values), "defaults": dict(self.defaults)}

    def set_value(self, name, value):
        """The user moved a control."""
        control = next((c for c in self.controls if c["name"] == name), None)
        default = control["default"] if control else self.defaults.get(name)
        self.values = {**self.values, name: value}
        self.defaults = {**self.defaults, name: default}
        if control is not None and control["value"] != value:
            self.controls = [dict(c, value=value) if c["name"] == name else c for c in self.controls]

    def forget_values(self):
        """A new preset starts from its own defaults."""
        self.values, self.defaults = {}, {}

    def declared(self, params):
        """The param events of a run: its controls, in the order it declared them."""
        controls = [{k: p[k] for k in ("name", "value", "default", "low", "high")} for p in params]
        if controls != self.controls:
            self.controls = controls

    def started(self):
        """A live run begins."""
        self._rate, self._expected = StepRate(), None
        with param.parameterized.batch_call_watchers(self):
            self.phase, self.step, self.rate, self.message = "running", 0, None, ""

    def progressed(self, ev):
        """A progress event: where the loop is and how fast it goes."""
        with param.parameterized.batch_call_watchers(self):
            self.step, self.total = ev["step"], ev["total"]
            if ev["state"] == "preview":
                self.phase = "preview"
                return
            self._rate.add(ev["t"], ev["step"])
            self.rate = self._rate.per_second()
            state = "paused" if ev["state"] == "paused" else "running"
            if self._expected is not None and state != self._expected:
                return  # the run has not reached the checkpoint where it obeys yet
            self._expected = None
            if self.live:
                self.phase = state

    def ended(self, error):
        """The live run is over: done, stopped by the user, or failed with an error record."""
        with param.parameterized.batch_call_watchers(self):
            kind = (error or {}).get("type")
            self.phase = "done" if error is None else "stopped" if kind == "Cancelled" else "failed"
            self.message = "" if error is None or kind == "Cancelled" else error.get("message", "")

    def previewed(self, batch):
        """An edit run of the code came back: a training script shows its one-step preview."""
        with param.parameterized.batch_call_watchers(self):
            self.visible = is_training(batch)
            self.declared(batch["params"])
            self.rate, self.message = None, ""
            progress = batch["progress"]
            if progress is not None:
                self.step, self.total = progress["step"], progress["total"]
                self.phase = "preview" if progress["state"] == "preview" else "done"
            else:
                self.step, self.total = len(batch["rows"]), None
                self.phase = "done" if self.visible else "none"
