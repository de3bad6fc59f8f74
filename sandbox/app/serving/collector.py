"""Python's garbage collector on a server a class shares: its full collections kept short.

A full collection walks every object the process tracks, and every tab waits
for it: with 20 tabs open that is about 600,000 objects and 0.3 s of CPU (2.6 s
of waiting seen on a busy 2-core machine). Nearly all of them live as long as
the server or their tab: the modules, each open page's models and views. So:

- at start, everything loaded is frozen (``gc.freeze()``: moved where the
  collector never walks; forked servers also keep sharing those pages);
- each page, once loaded in its browser, is frozen the same way; objects made
  after that are collected as usual;
- when a tab's session ends, everything is unfrozen, so the full collection
  Panel runs a few seconds later frees the closed page (and any garbage that
  was frozen with a later page is freed then too); once no tab has closed for
  REFREEZE_AFTER_S, what lives is collected and frozen again.

``pauses()`` says how long collections took, for /health.
"""

import gc
import threading
import time

REFREEZE_AFTER_S = 10.0  # after the last tab closed (Panel collects 5 s after it): collect, freeze again
_lock = threading.Lock()
_refreeze = None  # the timer that freezes again once tabs stopped closing
_pauses = {generation: {"collections": 0, "total_s": 0.0, "longest_s": 0.0} for generation in range(3)}
_started = {}


def _timed(phase, info):
    if phase == "start":
        _started[threading.get_ident()] = time.perf_counter()
        return
    began = _started.pop(threading.get_ident(), None)
    if began is None:
        return
    took = time.perf_counter() - began
    with _lock:
        record = _pauses[info["generation"]]
        record["collections"] += 1
        record["total_s"] += took
        record["longest_s"] = max(record["longest_s"], took)


def freeze_what_is_loaded():
    """At server start: take what is loaded out of the walks, and time every collection from now on."""
    gc.collect()
    gc.freeze()
    if _timed not in gc.callbacks:
        gc.callbacks.append(_timed)


def page_loaded():
    """A page is built and in its browser: its objects live as long as the tab, out of the walks."""
    gc.collect(1)  # the young garbage first, so it is not frozen with the page
    gc.freeze()


def session_ended(session_context):
    """A tab closed: Panel collects everything a few seconds later, frozen objects included after this."""
    global _refreeze
    gc.unfreeze()
    with _lock:
        if _refreeze is not None:
            _refreeze.cancel()  # a class leaving: one collection after the last tab, not one per tab
        _refreeze = threading.Timer(REFREEZE_AFTER_S, _collect_and_freeze)
        _refreeze.daemon = True
        _refreeze.start()


def _collect_and_freeze():
    gc.collect()
    gc.freeze()


def pauses():
    """Per generation: collections, total and longest pause in seconds, and the objects frozen now."""
    with _lock:
        report = {f"gen{g}": {k: round(v, 4) for k, v in r.items()} for g, r in _pauses.items()}
    report["frozen"] = gc.get_freeze_count()
    return report
