"""Garbage collection in a run's process: tuned for acyclic Value graphs, yet never switched off.

A run's child starts with the zygote's imports frozen out of collections and
with a first threshold of GC_THRESHOLDS[0] new objects (sandbox/runner/execute.py),
so a training step's 65,818 values are not walked again and again. A user would
notice a failure here as: live training at half its speed, a script that makes
reference cycles running out of memory where Python would have freed them, or
a script that hoards cyclic garbage on purpose taking the machine's memory
instead of stopping with the plain memory-limit message.
"""

import pytest

from sandbox.runner import Layers, Limits, Runner
from sandbox.runner.execute import GC_THRESHOLDS

WAIT_S = 120  # a run, on a loaded 2-core machine
ROOMY = Limits(timeout_s=60, cpu_s=30, memory_mb=256)  # time enough for millions of objects; 256 MB as --public

# Three million self-referencing lists (about 110 bytes each: 330 MB if none were ever freed), one at a time.
SMALL_CYCLES = """
def churn(n):
    for i in range(n):
        a = []
        a.append(a)
    return n
print("done", churn(3_000_000))
"""

# A megabyte held by each cycle: the collector's next pass is always too late, so the memory limit must speak.
HOARDED_CYCLES = """
while True:
    a = [bytearray(1_000_000)]
    a.append(a)
"""


@pytest.fixture(scope="module")
def runner():
    r = Runner(Layers())
    yield r
    r.close()


def test_the_collector_still_frees_reference_cycles(runner):
    result = runner.start(SMALL_CYCLES, ROOMY).wait(timeout=WAIT_S)
    assert result.ok, result.error
    assert result.stdout == "done 3000000\n"


def test_cyclic_garbage_made_on_purpose_is_stopped_by_the_memory_limit(runner):
    result = runner.start(HOARDED_CYCLES, ROOMY).wait(timeout=WAIT_S)
    assert not result.ok and result.error["type"] == "MemoryLimit", result.error
    assert result.error["message"].startswith("Your script")
    after = runner.start("print(sum(range(10)))", ROOMY).wait(timeout=WAIT_S)
    assert after.ok and after.stdout == "45\n"  # the sandbox is fine for the next run


def test_a_run_has_the_collector_tuned_and_the_zygote_frozen():
    """Read from inside a run's own process (the language layer off, so it may import gc)."""
    r = Runner(Layers(language=False))
    try:
        result = r.start("import gc\nprint(gc.get_threshold()[0], gc.get_freeze_count() > 0, gc.isenabled())",
                         ROOMY).wait(timeout=WAIT_S)
    finally:
        r.close()
    assert result.ok, result.error
    assert result.stdout.split() == [str(GC_THRESHOLDS[0]), "True", "True"]
