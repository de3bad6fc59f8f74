"""multiprocessing, which forks and pickles."""
# ruff: noqa -- hostile data, not project code: written to attack, not to be linted
import multiprocessing
with multiprocessing.Pool(4) as p:
    print(p.map(abs, range(10)))
