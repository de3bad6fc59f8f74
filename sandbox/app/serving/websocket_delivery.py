"""Every update Panel defers reaches the browser: a fix to Panel 1.9's deferred websocket writes.

When a document changes while its websocket is busy writing, Panel turns the
change into a message, queues it and starts a task that polls the socket's
write lock every 10 ms. Two faults follow under load, both seen in the
classroom load test (a run's result reached the tab only with the next edit,
30 s later):
- a task that finished sending clears the document's "queue busy" flag even
  when messages were queued while it awaited; the task started for those finds
  the flag clear and returns, so they wait for the next change of the document;
- the polling never takes the lock, so steady traffic from Bokeh's own writes
  (which queue on the lock) can starve it.

`install()` replaces the queue's drainer with one that waits its turn on the
lock, sends each connection's messages in order while holding it (so no other
write lands between a message's frames), and loops until the queue is empty.
Panel is pinned to the version this is tested against (pyproject.toml); the
report to file upstream, with a reproducer, is docs/panel-deferred-writes.md.
"""

import logging
import weakref

log = logging.getLogger(__name__)
PANEL_NAMES = ("_dispatch_msgs", "_WRITE_MSGS", "_WRITE_BLOCK", "dispatch_tornado")  # what the fix relies on
_draining = weakref.WeakSet()  # documents whose queue a drainer is emptying now


async def _drain(doc):
    from panel.io import document as panel_document
    from tornado.websocket import WebSocketClosedError

    if doc in _draining:
        return  # the running drainer takes what was queued since: it loops until the queue is empty
    _draining.add(doc)
    try:
        while queued := panel_document._WRITE_MSGS.pop(doc, None):
            for conn, messages in queued.items():
                try:
                    async with conn._socket.write_lock:
                        for message in messages:
                            for sent in panel_document.dispatch_tornado(conn, msg=message):
                                await sent
                except WebSocketClosedError:
                    log.info("a closed tab missed %d update(s)", len(messages))
    finally:
        _draining.discard(doc)
        panel_document._WRITE_BLOCK.pop(doc, None)  # changes go straight to the socket again


def install():
    """Use the drainer above for Panel's deferred writes (idempotent; Tornado websockets only)."""
    from panel.io import document as panel_document

    if not all(hasattr(panel_document, name) for name in PANEL_NAMES):
        log.warning("this Panel has no %s: its own deferred writes are kept", "/".join(PANEL_NAMES))
        return
    panel_document._dispatch_msgs = _drain  # looked up by name each time a write is scheduled
