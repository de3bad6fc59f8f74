"""What a run may use (Limits), which walls stand around it (Layers), how many go at once (Capacity).

All are plain dataclasses so they cross process boundaries as JSON.
"""

import os
from dataclasses import asdict, dataclass, fields

TIMEOUT_S = 5.0  # wall clock for one run; the supervisor kills the process group after it
CPU_S = 5  # RLIMIT_CPU: SIGXCPU at this many CPU seconds, SIGKILL one second later
MEMORY_MB = 512  # RLIMIT_AS of the run's process (Python itself needs ~40 MB of it)
MAX_STDOUT_BYTES = 1_000_000  # captured print() output; the rest is dropped and marked truncated
MAX_VALUES = 200_000  # the largest graph a run may hand back for drawing
MAX_RESULT_BYTES = 32_000_000  # everything a run sends back (graph, events, stdout) as JSON
MAX_SNAPSHOT_VALUES = 20_000  # snapshot() of a larger graph streams no graph (too big to redraw live)
MAX_CODE_BYTES = 1_000_000  # a script longer than this is refused before it runs
STREAM_BYTES_PER_S = 2_000_000  # a live run may stream this much more per second than max_result_bytes
STREAM_EVENTS_PER_S = 2_000  # ...and this many events per second beyond a first burst (curves, views, progress)
STREAM_EVENT_BURST = 20_000  # events a live run may send before the per-second rate applies
LIVE_TIMEOUT_S = 300.0  # wall clock of a live (training) run, pauses included
LIVE_CPU_S = 150  # CPU seconds of a live run: the micrograd demo's 100 steps need about 12


@dataclass(frozen=True)
class Limits:
    """Per-run limits; every field has a named default above."""

    timeout_s: float = TIMEOUT_S
    cpu_s: int = CPU_S
    memory_mb: int = MEMORY_MB
    max_stdout_bytes: int = MAX_STDOUT_BYTES
    max_values: int = MAX_VALUES
    max_result_bytes: int = MAX_RESULT_BYTES
    max_snapshot_values: int = MAX_SNAPSHOT_VALUES
    stream_bytes_per_s: int = STREAM_BYTES_PER_S  # live runs only
    stream_events_per_s: int = STREAM_EVENTS_PER_S  # live runs only

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"Limits.{f.name} must be a positive number, got {value!r}")

    def stream_allowance(self, seconds):
        """Result bytes a run may have streamed after this many seconds of live running (0 for an edit run)."""
        return self.max_result_bytes + self.stream_bytes_per_s * seconds

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, d):
        known = {f.name: f.type for f in fields(cls)}
        return cls(**{k: (float(v) if k == "timeout_s" else int(v)) for k, v in d.items() if k in known})

    @classmethod
    def live(cls, **overrides):
        """The limits of a live run (the user pressed Start): room for a training loop."""
        return cls(**{"timeout_s": LIVE_TIMEOUT_S, "cpu_s": LIVE_CPU_S, **overrides})


# Layer switches. All on is the production setting; tests turn single layers off
# to show that each OS layer holds by itself.
NAMESPACES_AUTO = "auto"  # bubblewrap if installed, else unshare(1), else none
NAMESPACE_MODES = (NAMESPACES_AUTO, "bwrap", "unshare", "none")


@dataclass(frozen=True)
class Layers:
    """Which isolation layers a runner builds (each can be switched off for tests)."""

    language: bool = True  # AST checks, curated builtins, import allowlist
    uid_drop: bool = True  # run as a throwaway uid when the supervisor is root
    rlimits: bool = True  # CPU, address space, open files, file size 0, processes 0
    seccomp: bool = True  # syscall allowlist (pyseccomp over libseccomp)
    namespaces: str = NAMESPACES_AUTO  # no network, read-only minimal filesystem, own pid space

    def __post_init__(self):
        if self.namespaces not in NAMESPACE_MODES:
            raise ValueError(f"namespaces must be one of {NAMESPACE_MODES}, got {self.namespaces!r}")

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, d):
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d})


# Scheduling. A run has a kind: "edit" (the default: a script re-run as someone types) or
# "live" (a long training run that streams as it goes). Live runs get a bounded share of the
# workers and a lower CPU priority, so that everyone else's edits stay quick beside them.
RUN_KINDS = ("edit", "live")
CPUS = os.cpu_count() or 1
MAX_WORKERS = 128  # runs at once per supervisor: its zygote has 256 uids (zygote.UIDS_PER_ZYGOTE), room for dying ones
WORKERS = min(MAX_WORKERS, max(2, 2 * CPUS))  # runs at once, all kinds; more wait their turn in one queue, oldest first
LIVE_WORKERS = min(WORKERS, max(1, CPUS))  # live runs at once, within WORKERS (a live run waits while this many go)
QUEUE_PER_WORKER = 16  # waiting runs per worker before a new one is refused with "busy"
KIND_NICE = {"edit": 5, "live": 15}  # the children's nice value: the web server (0) always comes first


@dataclass(frozen=True)
class Capacity:
    """How many runs go at once (``workers``, of which at most ``live_workers`` live) and wait (``max_waiting``)."""

    workers: int = WORKERS
    live_workers: int = LIVE_WORKERS
    max_waiting: int = WORKERS * QUEUE_PER_WORKER

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Capacity.{f.name} must be a whole number >= 1, got {value!r}")
        if self.workers > MAX_WORKERS:
            raise ValueError(f"Capacity.workers can be at most {MAX_WORKERS}, got {self.workers}")
        if self.live_workers > self.workers:
            raise ValueError(f"Capacity.live_workers ({self.live_workers}) cannot exceed workers ({self.workers})")

    @classmethod
    def for_workers(cls, workers):
        """Defaults scaled to this many workers (``serve --workers N``)."""
        return cls(workers, min(workers, LIVE_WORKERS), workers * QUEUE_PER_WORKER)

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, d):
        return cls(**{f.name: int(d[f.name]) for f in fields(cls) if f.name in d})
