"""The server's memory, as the page reports it: resident set size from /proc (None where there is none)."""

import logging
from pathlib import Path

log = logging.getLogger("micrograd_sandbox.memory")
STATUS = Path("/proc/self/status")  # Linux: VmRSS is the resident set in kB


def rss_mb():
    """This process's resident memory in MB, or None off Linux.

    >>> m = rss_mb(); m is None or m > 10
    True
    """
    try:
        for line in STATUS.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def report(values, drawn):
    """Log a big graph's draw with the server's memory, and give the sentence the page shows."""
    mb = rss_mb()
    memory = f" · server memory {mb:,.0f} MB" if mb is not None else ""
    log.info("drew %s of a %s-value graph%s", f"{drawn:,} nodes", f"{values:,}", memory)
    return f"{drawn:,} nodes drawn{memory}"
