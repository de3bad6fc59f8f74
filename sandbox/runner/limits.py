"""What a run may use (Limits) and which walls stand around it (Layers).

Both are plain dataclasses so they cross process boundaries as JSON.
"""

from dataclasses import asdict, dataclass, fields

TIMEOUT_S = 5.0  # wall clock for one run; the supervisor kills the process group after it
CPU_S = 5  # RLIMIT_CPU: SIGXCPU at this many CPU seconds, SIGKILL one second later
MEMORY_MB = 512  # RLIMIT_AS of the run's process (Python itself needs ~40 MB of it)
MAX_STDOUT_BYTES = 1_000_000  # captured print() output; the rest is dropped and marked truncated
MAX_VALUES = 200_000  # the largest graph a run may hand back for drawing
MAX_RESULT_BYTES = 32_000_000  # everything a run sends back (graph, events, stdout) as JSON
MAX_SNAPSHOT_VALUES = 20_000  # snapshot() of a larger graph streams no graph (too big to redraw live)
MAX_CODE_BYTES = 1_000_000  # a script longer than this is refused before it runs


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

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"Limits.{f.name} must be a positive number, got {value!r}")

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, d):
        known = {f.name: f.type for f in fields(cls)}
        return cls(**{k: (float(v) if k == "timeout_s" else int(v)) for k, v in d.items() if k in known})


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
