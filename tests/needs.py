"""A system tool a test needs is missing: skip on a developer's machine, fail in CI.

tests/run.sh installs every such tool (Chromium, bubblewrap, graphviz), so in CI
a missing one means the install step broke, and a quietly skipped suite would
hide it.
"""

import os

import pytest


def missing(what, module_level=False):
    if os.environ.get("CI"):
        pytest.fail(f"{what}: tests/run.sh installs it, and CI must not skip these tests", pytrace=False)
    pytest.skip(what, allow_module_level=module_level)
