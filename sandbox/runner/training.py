"""The training helpers a script calls: steps(), param(), show_network(), show_boundary().

An edit run (every pause in typing) and a live run (the user pressed Start)
run the same code. In an edit run ``steps(n)`` yields only the first
PREVIEW_STEPS steps, so typing in a training script redraws in a fraction of a
second and shows one step; in a live run it yields all n, and each step is a
checkpoint where the run obeys the app's controls (pause, one step, go on) and
sends the views that are due. Outside any steps() loop, each log() is the
checkpoint, so a plain ``for k in range(...)`` loop can be paused too.

The views (the network's weights, the decision boundary, the graph's
snapshots) cost time in the run itself, so each kind is sent at most every so
often and takes at most a small share of the run; they always go out when the
run pauses and when it ends, so what is on screen then is exact.
"""

import math
import time

from sandbox.runner import views
from sandbox.runner.control import MAX_PARAMS, param_name_ok
from sandbox.runner.wire import is_real

PREVIEW_STEPS = 1  # steps(n) yields this many steps in an edit run
PROGRESS_INTERVAL_S = 0.1  # a running loop reports its step at most this often
VIEW_INTERVALS_S = {"snapshot": 0.1, "network": 0.2, "boundary": 0.5}  # each view at most this often...
VIEW_SHARES = {"snapshot": 0.2, "network": 0.05, "boundary": 0.1}  # ...and within this share of the run's time
LIVE_SNAPSHOT_INTERVAL_S = 0.5  # a live run's graph: the page redraws it about once a second, so no more often
STREAM_SAFETY = 0.5  # views stop while the run has sent this share of what the supervisor allows
LOG_BURST, LOG_ROWS_PER_S = 5_000, 500  # log rows a live run sends at once, then per second (the rest are thinned)


class Throttle:
    """At most once per interval, and at most `share` of the time that has passed."""

    def __init__(self, interval, share):
        self.interval, self.share = interval, share
        self.last, self.spent = -math.inf, 0.0

    def due(self, now, elapsed):
        return now - self.last >= self.interval and self.spent <= self.share * elapsed

    def record(self, started, finished):
        self.last, self.spent = finished, self.spent + (finished - started)


class Training:
    """One run's training state: its controls, its checkpoints and the views it sends."""

    def __init__(self, emit, setup, limits, channel=None, sent_bytes=lambda: 0, clock=time.monotonic):
        self._emit, self.limits, self.clock, self.sent_bytes = emit, limits, clock, sent_bytes
        self.live = setup["live"]
        self.channel = channel if self.live else None
        self.app_values, self.app_defaults = dict(setup["params"]), dict(setup["defaults"])
        self.controls, self.values = {}, {}  # name -> (default, low, high); name -> current value
        self.paused = False
        self.budget = 1 if self.live and setup["step"] else None  # checkpoints to pass before pausing (None: all)
        self.loops = 0  # steps() loops under way: their steps are the checkpoints, not log()
        self.done, self.total, self.rows = 0, None, 0
        self.started, self.paused_s = clock(), 0.0
        self.network = self.boundary = None
        intervals = dict(VIEW_INTERVALS_S, **({"snapshot": LIVE_SNAPSHOT_INTERVAL_S} if self.live else {}))
        self.throttles = {kind: Throttle(intervals[kind], VIEW_SHARES[kind]) for kind in intervals}
        self.progress_at = -math.inf
        self.tokens, self.tokens_at, self.pending_row = LOG_BURST, clock(), None
        self.flush_snapshot = lambda: None  # set by the session: the graph asked for last, if it was skipped

    def training_s(self):
        return self.clock() - self.started - self.paused_s

    # -- helpers the script calls --

    def steps(self, n):
        """for k in steps(100): ... -- all n steps in a live run, the first PREVIEW_STEPS in an edit run."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise TypeError(f"steps(n) takes a whole number of steps, e.g. steps(100); got {n!r}")
        return self._steps(n)

    def _steps(self, n):
        shown = n if self.live else min(n, PREVIEW_STEPS)
        self.loops += 1
        self.total, self.done = n, 0
        if not self.live:
            self._progress("preview", step=shown)
        try:
            for k in range(shown):
                if self.live:
                    self.checkpoint(k)
                yield k
        finally:
            self.loops -= 1
        self.done = shown
        if self.live:
            self._flush_row()
            self._progress("done")

    def param(self, name, default, low=None, high=None):
        """A number the app shows as a control: the first call declares it, every call reads it."""
        if not param_name_ok(name):
            raise TypeError(f"param(name, default) needs a short name, e.g. param(\"lr\", 0.05); got {name!r}")
        for what, v in (("default", default), ("low", low), ("high", high)):
            if (v is not None or what == "default") and not is_real(v):
                raise TypeError(f"param({name!r}, ...): {what} must be a number, got {v!r}")
        if low is not None and high is not None and not low < high:
            raise ValueError(f"param({name!r}, ...): low must be below high")
        if (low is not None and default < low) or (high is not None and default > high):
            raise ValueError(f"param({name!r}, {default!r}, ...): the default must lie between low and high")
        if name not in self.controls:
            self._declare(name, default, low, high)
        return self.values[name]

    def _declare(self, name, default, low, high):
        if len(self.controls) >= MAX_PARAMS:
            raise ValueError(f"a script may declare at most {MAX_PARAMS} controls with param()")
        self.controls[name] = (default, low, high)
        # the app's value survives edits of the code, unless the edit changed the default itself
        keep = name in self.app_values and self.app_defaults.get(name, default) == default
        self._set(name, self.app_values[name] if keep else default)
        self._emit({"type": "param", "name": name, "value": self.values[name], "default": default,
                    "low": low, "high": high})

    def _set(self, name, value):
        default, low, high = self.controls[name]
        value = max(value, low) if low is not None else value
        value = min(value, high) if high is not None else value
        self.values[name] = int(round(value)) if isinstance(default, int) else float(value)

    def show_network(self, model):
        """Draw this engine.nn MLP (or Layer, or Neuron) as neurons in columns, updated as it trains."""
        self.network = views.network_layers(model)
        if self.live:
            self._view("network", force=True)

    def show_boundary(self, model, X, y):
        """Draw the model's decision boundary over 2D data X with labels y, updated as it trains."""
        points, labels = views.check_data(X, y)
        views.scorer(model)(*points[0])  # a model that cannot score a point says so here, at this line
        self.boundary = (model, points, labels)
        if self.live:
            self._view("boundary", force=True)

    # -- checkpoints --

    def logged(self, event, step):
        """log() sent a row (or would have): outside steps() loops that is the checkpoint."""
        if self.live and not self._row_allowed():
            self.pending_row = event
        else:
            self.pending_row = None
            self._emit(event)
        self.rows += 1
        if self.live and not self.loops:
            self.checkpoint(step + 1 if isinstance(step, int) and step >= 0 else self.rows)

    def checkpoint(self, done):
        """Between steps: send what is due, obey the app's controls, report where we are."""
        self.done = done
        self.views_due()
        self._obey()
        now = self.clock()
        if now - self.progress_at >= PROGRESS_INTERVAL_S:
            self._progress("running")

    def _obey(self):
        if self.channel is None:
            return
        for message in self.channel.messages():
            self._apply(message)
        if self.budget is not None:
            self.paused = self.paused or self.budget == 0
            self.budget = max(0, self.budget - 1)
        if not self.paused:
            return
        self._flush_row()
        self.flush_snapshot()
        self.views_due(force=True)
        self._progress("paused")
        waited = self.clock()
        while self.paused:
            for message in self.channel.messages(wait=True):
                self._apply(message)
        self.paused_s += self.clock() - waited
        self._progress("running")

    def _apply(self, message):
        op = message["op"]
        if op == "params":
            for name, value in message["values"].items():
                if name in self.controls:
                    self._set(name, value)
                else:  # declared later in the run: the app's value wins then
                    self.app_values[name] = value
                    self.app_defaults.pop(name, None)
        elif op == "pause":
            self.budget = 0
        elif op == "step":
            if self.paused:
                self.paused, self.budget = False, 0  # go through this checkpoint, stop at the next
            else:
                self.budget = 0
        elif op == "resume":
            self.paused, self.budget = False, None

    def finish(self):
        """The run is ending: the last row and the views as they are now."""
        self._flush_row()
        self.views_due(force=True)

    # -- what goes out --

    def views_due(self, force=False):
        if self.network is not None:
            self._view("network", force)
        if self.boundary is not None:
            self._view("boundary", force)

    def due(self, kind):
        """Whether a view of this kind may go out now (its interval, its share of time, the stream's room)."""
        return self.throttles[kind].due(self.clock(), self.training_s()) and self.has_room()

    def has_room(self):
        allowed = self.limits.stream_allowance(self.training_s() if self.live else 0)
        return self.sent_bytes() < STREAM_SAFETY * allowed

    def timed(self, kind, make):
        """Make and send a view, charging its cost to its kind's share."""
        t0 = self.clock()
        self._emit(make())
        self.throttles[kind].record(t0, self.clock())

    def _view(self, kind, force=False):
        if not (force or self.due(kind)):
            return
        if kind == "network":
            self.timed(kind, lambda: views.network_event(self.network, self.done))
        else:
            self.timed(kind, lambda: views.boundary_event(*self.boundary, self.done))

    def _progress(self, state, step=None):
        self.progress_at = self.clock()
        self._emit({"type": "progress", "step": self.done if step is None else step, "total": self.total,
                    "state": state, "t": round(max(0.0, self.training_s()), 6)})

    def _row_allowed(self):
        now = self.clock()
        self.tokens = min(LOG_BURST, self.tokens + (now - self.tokens_at) * LOG_ROWS_PER_S)
        self.tokens_at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def _flush_row(self):
        if self.pending_row is not None:
            row, self.pending_row = self.pending_row, None
            self._emit(row)
