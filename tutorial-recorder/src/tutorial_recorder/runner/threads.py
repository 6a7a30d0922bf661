"""What to say of the threads a step leaves running when its module's code ends.

At exit ``python <module>`` waits for every non-daemon thread, and stops its daemon threads
wherever they are. A step's process does the same (``tutorial_recorder.runner.child``): a thread
that keeps it running past its time limit gets it killed, and a daemon thread still running
at its end fails it, since what such a thread prints depends on timing. These are the
messages, each to follow the module's name.
"""

from __future__ import annotations

from collections.abc import Sequence


def still_running(names: Sequence[str], seconds: float) -> str:
    """The step was killed while it waited, after its module's code, for ``names``."""
    if not names:
        return f"did not finish: {seconds:g} s after the end of its code it was still running."
    return (
        f"did not finish: {seconds:g} s after its end it still had {_named(names, 'thread')} "
        "running, and `python <module>` waits for non-daemon threads at exit."
    )


def daemons_left(names: Sequence[str]) -> str:
    return (
        f"left {_named(names, 'daemon thread')} running, which `python <module>` would stop "
        "at exit wherever it was. Join daemon threads before the module ends."
    )


def _named(names: Sequence[str], kind: str) -> str:
    """``the daemon thread 'beat'``, ``the threads 'a' and 'b'``."""
    quoted = [repr(name) for name in names]
    if len(quoted) == 1:
        return f"the {kind} {quoted[0]}"
    return f"the {kind}s {', '.join(quoted[:-1])} and {quoted[-1]}"
