"""Fixtures for the runner tests: the oracles (tests/runner/oracles.py) and one server per isolation mode."""

import shutil

import pytest

from tests.needs import missing
from tests.runner.oracles import SECRET, SECRET_NAME, Oracles
from tests.runner.servers import MODES, InProcessServer, UserServer, can_run_as_user

# The corpora are data: never let pytest import them (--doctest-modules would run a fork bomb in-process).
collect_ignore_glob = ["hostile/*.py", "benign/*.py"]


@pytest.fixture(scope="session")
def oracles():
    o = Oracles()
    yield o
    o.close()


_servers = {}


@pytest.fixture(scope="session")
def server_for(oracles):
    """server_for(mode) -> a started server for that isolation mode (one per session)."""

    def get(mode):
        if mode not in _servers:
            layers, as_user = MODES[mode]
            if layers.namespaces in ("bwrap", "unshare") and not shutil.which(layers.namespaces):
                missing(f"{layers.namespaces} is not installed")
            if as_user:
                if not can_run_as_user():
                    missing("needs root to start a server as an ordinary user")  # CI runs as root: there it fails
                env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", SECRET_NAME: SECRET}
                _servers[mode] = UserServer(layers, env)
            else:
                _servers[mode] = InProcessServer(layers)
        return _servers[mode]

    yield get
    for s in _servers.values():
        s.close()
    _servers.clear()
