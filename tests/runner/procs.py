"""Processes seen from outside through /proc: who descends from whom, and at which nice value."""

import os


def _stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    # the command name (field 2) may hold spaces and parentheses: split after its last ')'
    return text[text.rindex(")") + 2:].split()


def parent_of(pid):
    return int(_stat(pid)[1])


def nice_of(pid):
    return int(_stat(pid)[16])


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def descendants(pid):
    """Every living process below pid, in pid order."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                parents[int(name)] = parent_of(int(name))
            except (OSError, ValueError):
                pass
    found, frontier = [], {pid}
    while frontier:
        children = {p for p, pp in parents.items() if pp in frontier}
        found += children
        frontier = children
    return sorted(found)


def leaves(pid):
    """The processes below pid that have none below them (a zygote's runs, say)."""
    below = descendants(pid)
    return [p for p in below if not any(parent_of_or_none(q) == p for q in below)]


def parent_of_or_none(pid):
    try:
        return parent_of(pid)
    except OSError:
        return None
