"""Runs of different supervisors never share a uid, so one cannot signal or count against another's.

A uid is what kill(-1), RLIMIT_NPROC and /proc go by where namespaces or
seccomp are off (the fallback on a machine without them). A user would notice
a failure here as: their run killed by a stranger's, on a server with two
processes (`serve --num-procs 2`) or two servers.
"""

import os
import signal
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.runner import Layers, Limits, Runner, zygote
from tests.needs import missing

UID_ONLY = Layers(language=False, seccomp=False, namespaces="none")  # the uid is the only wall between runs
WAIT_S = 60


@settings(derandomize=True, database=None, max_examples=200)
@given(st.integers(1, zygote.PID_LIMIT - 1), st.integers(1, zygote.PID_LIMIT - 1), st.integers(0, 9), st.integers(0, 9))
def test_uid_blocks_of_live_supervisors_and_successive_zygotes_are_disjoint(pid_a, pid_b, gen_a, gen_b):
    a, b = zygote.run_uids(pid_a, gen_a), zygote.run_uids(pid_b, gen_b)
    if pid_a != pid_b or gen_a % 2 != gen_b % 2:
        assert set(a).isdisjoint(b)
    assert zygote.RUN_UID_BASE <= min(a) and max(a) < 2**32 - 1  # -1 is no uid


@pytest.fixture
def two_supervisors():
    if os.getuid() != 0:
        missing("needs root: runs drop to their own uids only when the server is root")
    runners = [Runner(UID_ONLY), Runner(UID_ONLY)]
    yield runners
    for r in runners:
        r.close()


def test_a_run_cannot_kill_a_run_of_another_supervisor(two_supervisors):
    first, second = two_supervisors
    started = threading.Event()
    sleeper = first.start("import os, time\nprint(os.getuid(), flush=True)\ntime.sleep(2)\nprint('alive')",
                          Limits(timeout_s=30), on_event=lambda e: started.set())
    assert started.wait(WAIT_S)
    killer = second.run(f"import os\nprint(os.getuid())\nos.kill(-1, {int(signal.SIGKILL)})", Limits(timeout_s=30))
    slept = sleeper.wait(WAIT_S)
    assert slept.ok and slept.stdout.endswith("alive\n"), slept.error
    uid_a, uid_b = int(slept.stdout.split()[0]), int(killer.stdout.split()[0])
    assert uid_a in zygote.run_uids(first.supervisor_pid, 0) and uid_b in zygote.run_uids(second.supervisor_pid, 0)


def test_a_restarted_zygote_gives_uids_its_predecessors_runs_never_had(two_supervisors):
    runner = two_supervisors[0]
    before = int(runner.run("import os\nprint(os.getuid())").stdout)
    os.kill(runner.refresh_status()["zygote_pid"], signal.SIGKILL)
    after = int(runner.run("import os\nprint(os.getuid())").stdout)
    assert before in zygote.run_uids(runner.supervisor_pid, 0)
    assert after in zygote.run_uids(runner.supervisor_pid, 1)
