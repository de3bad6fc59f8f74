"""The server's garbage collector: open pages are frozen out of full collections, a closed tab frees them.

A user would notice a failure here as every tab of a class stalling together
for a fraction of a second, now and then, while a full collection walks every
open page (or, the other way round, a server whose memory grows with every tab
ever closed, because a closed page stayed frozen).
"""

import gc
import weakref

import pytest

from sandbox.app.serving import collector


class Page:
    """Objects in a cycle, as a page's views and models are: only a collection frees them."""

    def __init__(self):
        self.me = self


@pytest.fixture
def frozen_nothing():
    gc.unfreeze()
    callbacks = list(gc.callbacks)
    yield
    if collector._refreeze is not None:
        collector._refreeze.cancel()
    gc.unfreeze()  # the rest of the test session collects as usual
    gc.callbacks[:] = callbacks


def test_a_loaded_page_is_out_of_full_collections_until_a_tab_closes(frozen_nothing):
    page = Page()
    collector.page_loaded()
    assert gc.get_freeze_count() > 0
    closed = weakref.ref(page)
    del page  # the tab goes (its objects form cycles: only a collection frees them)
    gc.collect()
    assert closed() is not None  # frozen: full collections do not walk it
    collector.page_loaded()  # another tab loads meanwhile: the closed page stays frozen with it
    collector.session_ended(None)
    assert gc.get_freeze_count() == 0
    gc.collect()  # what Panel runs a few seconds after a session ends
    assert closed() is None


def test_once_tabs_stop_closing_what_lives_is_frozen_again(frozen_nothing, monkeypatch):
    monkeypatch.setattr(collector, "REFREEZE_AFTER_S", 0.2)
    collector.page_loaded()
    collector.session_ended(None)
    collector.session_ended(None)  # a class leaving: the timer starts again
    assert gc.get_freeze_count() == 0
    collector._refreeze.join(10)
    assert gc.get_freeze_count() > 0  # full collections are short again, with no new tab opening


def test_pauses_are_counted_per_generation(frozen_nothing):
    collector.freeze_what_is_loaded()
    before = collector.pauses()["gen2"]["collections"]
    gc.collect()
    report = collector.pauses()
    assert report["gen2"]["collections"] == before + 1
    assert report["gen2"]["longest_s"] >= 0 and report["frozen"] == gc.get_freeze_count()
