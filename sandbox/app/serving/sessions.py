"""Everyone connected to this server process: open sessions by client address, and their Gates.

No Panel here. ``Classroom`` is the process-wide book: which sessions are open
(per client address), under which Policy, and each session's Gate for the rate
limits (policy.py). ``serve`` sets the Policy before the first session.
"""

import ipaddress
import threading
import time
import weakref

from sandbox.app.serving.policy import Gate, OpenGate, Policy, TokenBucket

PROXY_HEADER = "X-Real-IP"  # set by deploy/nginx.conf; trusted only from a proxy on this machine


class Classroom:
    """Everyone connected to this server process."""

    def __init__(self, policy=None):
        self.policy = policy or Policy()
        self._lock = threading.Lock()
        self._open = weakref.WeakKeyDictionary()  # session object -> client address, while it is in memory
        self._address_buckets = {}  # address -> TokenBucket
        self.sessions_served = 0

    def admit(self, address):
        """Whether one more tab from this address may open."""
        cap = self.policy.max_sessions_per_address
        with self._lock:
            return cap is None or sum(a == address for a in self._open.values()) < cap

    def join(self, session, address):
        """Register a session; returns its Gate."""
        with self._lock:
            self._open[session] = address
            self.sessions_served += 1
            if self.policy.session_rate is None:
                return OpenGate()
            self._forget_idle_addresses()
            bucket = self._address_buckets.setdefault(address, TokenBucket(*self.policy.address_rate))
            return Gate([TokenBucket(*self.policy.session_rate), bucket], self._lock)

    def leave(self, session):
        with self._lock:
            self._open.pop(session, None)

    def _forget_idle_addresses(self):
        """A full bucket of an address with no open tab holds nothing worth keeping (memory stays bounded)."""
        now, busy = time.monotonic(), set(self._open.values())
        for address in [a for a, b in self._address_buckets.items() if a not in busy and b.full(now)]:
            del self._address_buckets[address]

    def counts(self):
        with self._lock:
            return {"open": len(self._open), "addresses": len(set(self._open.values())),
                    "served": self.sessions_served}


def client_address(peer, headers):
    """The client's address: the peer's, or the proxy's X-Real-IP when the peer is a proxy on this machine."""
    forwarded = (headers or {}).get(PROXY_HEADER)
    try:
        local = ipaddress.ip_address(peer or "").is_loopback
    except ValueError:
        local = False
    return forwarded.strip() if forwarded and local else (peer or "unknown")


_classroom = Classroom()


def classroom():
    """This process's Classroom (``serve`` sets its Policy before the first session)."""
    return _classroom


def set_policy(policy):
    global _classroom
    _classroom = Classroom(policy)
    return _classroom
