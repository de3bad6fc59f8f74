"""Poison the engine through its modules and the micrograd aliases."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import engine.value as ev
import micrograd.engine
ev._mul_back = lambda out: None
ev._RULES.clear()
ev.Value.relu = lambda self: Value(7.0)
micrograd.engine.Value.tanh = lambda self: Value(7.0)
import random
random.random = lambda: 0.5
