"""A live training run seen from the app: events in, prepared updates out, never faster than the page takes them.

No Panel here. The runner calls ``LiveRun`` from its reader thread with each
event; a worker thread of the LiveRun turns what has piled up into one update
(``coalesce``: every log row, only the latest snapshot, network, boundary and
progress), prepares it (layouts and columns, off the server's event loop), and
hands it to ``deliver``. It prepares the next one only after the page has
applied the last (``applied()``) and at most every FRAME_S (the graph and the
console at most every SLOW_FRAME_S), so a fast run never floods the event loop,
the websocket or the browser.
"""

import logging
import threading
import time

from sandbox.app.training.training import coalesce

FRAME_S = 0.4  # seconds at least between two updates the page gets (faster ones slowed clicks on the graph)
SLOW_FRAME_S = 1.0  # ...and between two that redraw the graph or the console (the browser's dearest redraws)
SLOW_EVENTS = ("snapshot", "stdout")
APPLY_WAIT_S = 5.0  # a page that has not applied an update by then gets the next one anyway
POLL_S = 0.1  # how often the worker looks at whether the run has ended
log = logging.getLogger(__name__)


class LiveRun:
    """One live run: ``prepare(batch) -> update`` on the worker, ``deliver(update, final)`` to the page.

    final is None for updates while the run goes on, and the RunResult for the last one.
    """

    def __init__(self, start, code, setup, prepare, deliver, step=False):
        self.code, self.prepare, self.deliver = code, prepare, deliver
        self.cancelled = False
        self._events = []
        self._held, self._slow_at = [], 0.0  # graph and console events waiting for their next frame
        self._wake = threading.Condition()
        self._applied = threading.Event()
        self._applied.set()
        self.handle = start(code, live=True, on_event=self._event, step=step, **setup)
        self._thread = threading.Thread(target=self._work, name="micrograd-sandbox-live", daemon=True)
        self._thread.start()

    # -- from the app --

    def send(self, message):
        if not self.cancelled:
            self.handle.send(message)

    def cancel(self):
        """End the run now: nothing more is delivered, whatever is still on its way."""
        self.cancelled = True
        self.handle.cancel()
        with self._wake:
            self._wake.notify()

    def applied(self):
        """The page has drawn the last update: the next may be prepared."""
        self._applied.set()

    # -- from the runner's thread --

    def _event(self, event):
        with self._wake:
            self._events.append(event)
            self._wake.notify()

    # -- the worker --

    def _take(self):
        """Events that came in, once there are any (or the run ended, or held ones fell due)."""
        with self._wake:
            while not (self._events or self.handle.done or self.cancelled or self._held_due()):
                self._wake.wait(POLL_S)
            events, self._events = self._events, []
            return events

    def _held_due(self):
        """A paused run sends nothing more: the graph and console it sent last must still be drawn."""
        return bool(self._held) and time.monotonic() - self._slow_at >= SLOW_FRAME_S

    def _work(self):
        last = 0.0
        while not self.cancelled:
            events = self._take()
            done = self.handle.done
            if events:
                time.sleep(max(0.0, last + FRAME_S - time.monotonic()))
                self._applied.wait(APPLY_WAIT_S)
                events += self._drain()
            if self.cancelled:
                return
            if done:
                break
            if events or self._held_due():
                self._send(events, None)
                last = time.monotonic()
        if not self.cancelled:
            self._send(events + self._drain(), self.handle.wait())

    def _drain(self):
        with self._wake:
            events, self._events = self._events, []
            return events

    def _slow_ones_due(self, events, final):
        """The events of this update: the graph's and the console's only every SLOW_FRAME_S (and at the end)."""
        now = time.monotonic()
        if final is not None or now - self._slow_at >= SLOW_FRAME_S:
            events, self._held, self._slow_at = self._held + events, [], now
            return events
        snapshots = [e for e in self._held + events if e.get("type") == "snapshot"][-1:]
        self._held = [e for e in self._held + events if e.get("type") == "stdout"] + snapshots
        return [e for e in events if e.get("type") not in SLOW_EVENTS]

    def _send(self, events, final):
        events = self._slow_ones_due(events, final)
        try:
            update = self.prepare(coalesce(events), final)
        except Exception:  # a bug on our side must not leave the page waiting for a run that is over
            log.exception("preparing a live update failed")
            update = None
        if self.cancelled:
            return
        self._applied.clear()
        self.deliver(self, update, final)
