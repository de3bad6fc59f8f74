"""Updates Panel defers while a websocket is busy all reach the tab, in order, none split by another write.

A user would notice a failure here as a run's result that shows only with
their next edit (the classroom load test saw it 30 s late).
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from bokeh.document import Document
from panel.io import document as panel_document
from tornado.concurrent import Future
from tornado.locks import Lock
from tornado.websocket import WebSocketHandler

from sandbox.app.serving import websocket_delivery

WRITE_S = 0.01  # how long the fake socket takes to flush one frame


class FakeWebsocket(WebSocketHandler):
    """What Panel's writer uses of a Tornado websocket: a write lock and frames written one by one."""

    def __init__(self):  # no request, no stream: frames are only recorded
        self.write_lock = Lock()
        self.ws_connection = self
        self.frames = []
        self.when_flushed = {}  # frame -> called just after that frame's write completes

    def is_closing(self):
        return False

    def write_message(self, message, binary=False):
        self.frames.append(message)
        done = Future()

        def flushed():
            done.set_result(None)
            self.when_flushed.get(message, lambda: None)()

        asyncio.get_running_loop().call_later(WRITE_S, flushed)
        return done


class FakeConnection:
    def __init__(self):
        self._socket = FakeWebsocket()


class FakeMessage:
    """A three-frame protocol message, as Panel queues it."""

    def __init__(self, name):
        self.header_json, self.metadata_json, self.content_json = f"{name}:h", f"{name}:m", f"{name}:c"
        self._buffers = []


def frames(*names):
    return [f"{n}:{part}" for n in names for part in "hmc"]


def queue(doc, conn, name):
    """What Panel does with a change it cannot write at once: a message in its queue, a task to send it."""
    panel_document._WRITE_BLOCK[doc] = True
    panel_document._WRITE_MSGS.setdefault(doc, {}).setdefault(conn, []).append(FakeMessage(name))
    asyncio.ensure_future(panel_document._dispatch_msgs(doc))


async def bokeh_write(conn, name):
    """Bokeh's own send: the whole message under the write lock."""
    async with conn._socket.write_lock:
        for frame in frames(name):
            await conn._socket.write_message(frame)


def run_alone(scenario):
    """asyncio.run on a thread of its own: Playwright's sync API may keep a loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scenario()).result()


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.setattr(panel_document, "_dispatch_msgs", panel_document._dispatch_msgs)  # undone after the test
    websocket_delivery.install()


def test_install_replaces_panels_drainer(installed):
    assert panel_document._dispatch_msgs is websocket_delivery._drain


async def result_queued_while_first_flushes():
    """A run's result queued just as the last frame before it is flushed: its drainer starts only after
    the one sending that frame has resumed."""
    doc, conn = Document(), FakeConnection()
    conn._socket.when_flushed["first:c"] = lambda: queue(doc, conn, "result")
    queue(doc, conn, "first")
    await asyncio.sleep(20 * WRITE_S)
    return doc, conn


def test_panels_own_drainer_still_strands_a_message_queued_while_it_flushes():
    """The bug the fix is for, in the Panel pinned in pyproject.toml (docs/panel-deferred-writes.md).

    When this fails, Panel changed what websocket_delivery replaces (or fixed it upstream): read the
    new Panel's panel/io/document.py before widening the pin, and drop the fix if it is no longer needed.
    """
    doc, conn = run_alone(result_queued_while_first_flushes)
    assert conn._socket.frames == frames("first")  # the result is never sent ...
    assert len(panel_document._WRITE_MSGS[doc][conn]) == 1  # ... but left queued
    assert doc not in panel_document._WRITE_BLOCK  # with nothing left to send it until the next change


def test_a_message_queued_while_the_queue_is_being_sent_is_sent_too(installed):
    doc, conn = run_alone(result_queued_while_first_flushes)
    assert conn._socket.frames == frames("first", "result")
    assert doc not in panel_document._WRITE_MSGS and doc not in panel_document._WRITE_BLOCK  # straight writes again


def test_queued_messages_wait_their_turn_on_the_lock_and_are_not_split(installed):
    async def scenario():
        doc, conn = Document(), FakeConnection()
        writers = [asyncio.ensure_future(bokeh_write(conn, "bokeh1"))]
        await asyncio.sleep(0)  # Bokeh holds the lock
        queue(doc, conn, "panel1")
        queue(doc, conn, "panel2")
        writers.append(asyncio.ensure_future(bokeh_write(conn, "bokeh2")))  # steady traffic cannot starve them
        await asyncio.gather(*writers)
        await asyncio.sleep(20 * WRITE_S)
        return conn

    conn = run_alone(scenario)
    assert conn._socket.frames == frames("bokeh1", "panel1", "panel2", "bokeh2")
