"""Every docstring example in the packages runs and says what it shows.

(Collected here rather than with --doctest-modules, so pytest never imports
preset scripts or the runner's hostile test scripts as modules.)
"""

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ["engine", "layouts", "presets"]


def modules():
    for name in PACKAGES:
        package = importlib.import_module(name)
        yield name
        for info in pkgutil.walk_packages(package.__path__, name + "."):
            if not info.name.rpartition(".")[2][0].isdigit():  # preset scripts are not modules
                yield info.name


@pytest.mark.parametrize("module_name", sorted(set(modules())))
def test_docstring_examples(module_name):
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
