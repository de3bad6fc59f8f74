"""The runner's docstring examples run and say what they show (tests/test_doctests.py covers engine and layouts).

A user would notice a failure here as: a docstring that tells them something the code does not do.
"""

import doctest
import importlib
import pkgutil

import pytest

import sandbox.runner


@pytest.mark.parametrize("name", sorted(info.name for info in pkgutil.iter_modules(sandbox.runner.__path__)))
def test_docstring_examples(name):
    module = importlib.import_module(f"sandbox.runner.{name}")
    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0
