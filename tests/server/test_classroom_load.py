"""A class at once: 20 tabs typing for a minute beside hostile neighbours, then 1,000 runs through one server.

A user would notice a failure here as: a run that never came back or came back
as someone else's, a server that fell over when a classmate ran a fork bomb,
or a server that slowly eats the machine's memory over a lesson.
"""

import threading
import time

from benchmarks.classroom_load import HOSTILE_NAMES, benign, hostile, run_class

SESSIONS = 20  # concurrent tabs in the load test (the target)
HEAVY, HOSTILE = 1, len(HOSTILE_NAMES)  # of them: one training loop, and one tab per hostile script
EVERY_S, LOAD_EDITS = 2.0, 30  # each tab edits every 2 s, 30 times: a minute when the server keeps up
SOAK_RUNS, SOAK_TABS = 1000, 5  # runs through one server, from this many tabs at once
SOAK_WARMUP_RUNS = 100  # the RSS reference is taken after this many
RSS_GROWTH = 0.10  # the soak's RSS may grow by at most this share after the warm-up


def test_twenty_tabs_edit_for_a_minute_beside_hostile_ones(start_server):
    server = start_server()
    scripts = ([benign() for _ in range(SESSIONS - HEAVY - HOSTILE)] + [benign("heavy")]
               + [hostile(name) for name in HOSTILE_NAMES])
    # a count of edits, not a minute: how many fit in a minute is the benchmark's business (a noisy machine
    # fits fewer), while every one of them coming back, and coming back as its own, is this test's
    users = run_class(server.url, scripts, every_s=EVERY_S, edits=LOAD_EDITS)
    benign_users = users[:SESSIONS - HOSTILE]
    assert [u.problem for u in users] == [None] * SESSIONS  # every session stayed connected
    assert {u.name: u.failures for u in benign_users if u.failures} == {}  # zero failed benign runs
    assert {u.name: u.mixups for u in users if u.mixups} == {}  # nobody saw anyone else's result
    assert {u.name: len(u.latencies) for u in benign_users} == {u.name: LOAD_EDITS for u in benign_users}
    errors = {name: u.errors for name, u in zip(HOSTILE_NAMES, users[-HOSTILE:])}
    assert any("512 MB" in e for e in errors["memory_bomb"]), errors
    assert any("not allowed" in e for e in errors["fork_bomb"]), errors
    assert server.alive()
    health = server.health()
    assert health["ok"] and health["supervisor_restarts"] == 0


def test_a_thousand_runs_and_the_server_memory_stays_flat(start_server):
    server = start_server()
    per_tab = SOAK_RUNS // SOAK_TABS
    reference, done = {}, threading.Event()
    users = []

    def watch():  # the RSS once the first 100 runs came back, then its peak
        while not done.wait(0.2):
            runs = sum(len(u.latencies) for u in users)
            if "after_warmup" not in reference and runs >= SOAK_WARMUP_RUNS:
                reference["after_warmup"] = server.rss_mb()
            reference["peak"] = max(reference.get("peak", 0), server.rss_mb())

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    t0 = time.monotonic()
    run_class(server.url, [benign() for _ in range(SOAK_TABS)], every_s=0.0, edits=per_tab, stagger_s=0.1,
              users=users)
    done.set()
    watcher.join()
    final = server.rss_mb()
    assert sum(len(u.latencies) for u in users) == SOAK_RUNS, [u.failures[:3] for u in users]
    assert {u.name: u.failures + u.mixups for u in users if u.failures or u.mixups} == {}
    limit = reference["after_warmup"] * (1 + RSS_GROWTH)
    print(f"soak: {SOAK_RUNS} runs in {time.monotonic() - t0:.0f} s; RSS after {SOAK_WARMUP_RUNS} runs "
          f"{reference['after_warmup']:.0f} MB, peak {reference['peak']:.0f} MB, final {final:.0f} MB")
    assert final <= limit and reference["peak"] <= limit, reference
