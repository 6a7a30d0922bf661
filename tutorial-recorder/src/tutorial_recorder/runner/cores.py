"""How many steps to run side by side: the cores this process may use.

A recording process only waits on the steps' processes, so one thread a core keeps every
core busy; the pytest plugin's ``ahead``, ``companion check`` and ``scripts/bench`` all
start that many.
"""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
