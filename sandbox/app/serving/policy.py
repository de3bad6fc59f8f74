"""What the server grants each run and each tab: run limits, rate limits, tabs per address.

No Panel here. A ``Policy`` is fixed when the server starts (``--public`` turns
the limits on; locally nothing is rate-limited); a session's ``Gate`` says how
long its next run must wait under the rate limits, drawing on token buckets.
The book of who is connected is sessions.py.

>>> bucket = TokenBucket(rate=1.0, burst=2)
>>> bucket.delay(now=0.0), bucket.delay(now=0.0), bucket.delay(now=0.0)
(0.0, 0.0, 1.0)
>>> bucket.delay(now=1.0)
0.0
"""

import time
from dataclasses import dataclass, replace

from sandbox.runner import Limits

# Public mode: a run gets less than on your own machine (presets still fit: tests/server/test_public.py).
PUBLIC_LIMITS = Limits(memory_mb=256, max_stdout_bytes=200_000, max_values=100_000, max_result_bytes=16_000_000)
PUBLIC_LIVE_TIMEOUT_S = 120  # public: a training run (Start) may go this long; the demo's 100 steps take ~10 s
PUBLIC_LIVE_LIMITS = replace(PUBLIC_LIMITS, timeout_s=PUBLIC_LIVE_TIMEOUT_S, cpu_s=PUBLIC_LIVE_TIMEOUT_S)
SESSION_RUNS_PER_S = 2.0  # public: one tab's sustained runs per second (typing pauses make about 1)
SESSION_BURST = 6  # public: runs one tab may make at once before the rate applies
ADDRESS_RUNS_PER_S = 20.0  # public: all tabs of one client address together (a classroom shares one NAT)
ADDRESS_BURST = 60  # public: ... and their burst
MAX_SESSIONS_PER_ADDRESS = 80  # public: open tabs from one address (a class of 30 with a tab or two each)


class TokenBucket:
    """``rate`` tokens a second up to ``burst``; each run takes one."""

    def __init__(self, rate, burst):
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = float(burst), None

    def _fill(self, now):
        if self.stamp is not None:
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait(self, now):
        """Seconds until a token is there (0.0: there is one now)."""
        self._fill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self):
        self.tokens -= 1

    def delay(self, now=None):
        """Take a token and return 0.0, or return the seconds to wait (taking nothing)."""
        now = time.monotonic() if now is None else now
        wait = self.wait(now)
        if not wait:
            self.take()
        return wait

    def full(self, now):
        self._fill(now)
        return self.tokens >= self.burst


class Gate:
    """One session's rate limit: a run needs a token from its own bucket and from its address's."""

    def __init__(self, buckets, lock):
        self.buckets, self._lock = buckets, lock

    def delay(self):
        """0.0 and the run may go (tokens taken), or the seconds it must wait first."""
        now = time.monotonic()
        with self._lock:
            wait = max(b.wait(now) for b in self.buckets)
            if not wait:
                for b in self.buckets:
                    b.take()
            return wait


class OpenGate:
    """Local mode: never wait."""

    def delay(self):
        return 0.0


@dataclass(frozen=True)
class Policy:
    """What the server grants: run limits, rate limits (None: off) and tabs per address (None: any)."""

    public: bool = False
    limits: Limits = Limits()  # edit runs
    live_limits: Limits = Limits.live()  # training runs (the Start button)
    session_rate: tuple | None = None  # (runs per s, burst)
    address_rate: tuple | None = None
    max_sessions_per_address: int | None = None

    @classmethod
    def for_public(cls):
        return cls(True, PUBLIC_LIMITS, PUBLIC_LIVE_LIMITS, (SESSION_RUNS_PER_S, SESSION_BURST),
                   (ADDRESS_RUNS_PER_S, ADDRESS_BURST), MAX_SESSIONS_PER_ADDRESS)
