"""Fixtures every test folder shares.

One Chromium for the whole run: Playwright's sync API keeps an event loop
running in pytest's thread while it is open, so a second one (say, a server
test's own) would refuse to start. The browser tests, the restart test and the
nginx test all use this one.
"""

import os
from pathlib import Path

import pytest

from tests.needs import missing

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        missing(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
