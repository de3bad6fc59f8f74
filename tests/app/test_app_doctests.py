"""The app's docstring examples run (tests/test_doctests.py covers engine, layouts and presets)."""

import doctest
import importlib

import pytest

MODULES = ["sandbox.app.page.share", "sandbox.app.serving.policy", "sandbox.app.page.state",
           "sandbox.app.teaching.chain_rule", "sandbox.app.teaching.lessons",
           "sandbox.app.teaching.lessons_state", "sandbox.app.teaching.narration",
           "sandbox.app.teaching.predict", "sandbox.app.page.keys", "sandbox.app.page.console",
           "sandbox.app.page.editor", "sandbox.app.graph.scene",
           "sandbox.app.graph.framing"]


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name):
    result = doctest.testmod(importlib.import_module(module_name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and (result.attempted > 0 or module_name == "sandbox.app.graph.scene")
