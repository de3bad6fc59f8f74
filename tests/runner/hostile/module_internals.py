"""Modules a script may import hold others: random._os, engine.nn.functools, math.__loader__."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import random
import engine.nn
import datasets
for m in (random, engine.nn.random, datasets.random):
    m._os.system("touch @MARKERDIR@/random_os")
print(random.__loader__, engine.nn.functools)
