"""Wait for the threads a run starts, as ``python <module>`` does at exit, and name any left.

At exit a real run waits for every non-daemon thread the module started, and stops its
daemon threads wherever they are. A recorded run waits the same way, for as long as its
time limit, after the module's code ends. A thread still running after that would go on
inside the recording process, and could print into the next run, so the run fails with
``ThreadsLeft``, naming each thread.

The wait is a join with a timeout, not the time limit's signal: in CPython 3.11 and 3.12 a
join cut short by an exception marks the thread as stopped although it still runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from companion.runner.timeout import StepTimeout


class ThreadsLeft(Exception):
    """The run left threads running; the message says which, to follow the module's name."""


@contextmanager
def awaited(seconds: float) -> Iterator[None]:
    """Around a run: at its end, join the threads it started, each within what is left of
    ``seconds``; ``ThreadsLeft`` if any is still running. A run that ran out of time
    (``StepTimeout``) passes through without a wait."""
    before = set(threading.enumerate())
    try:
        yield
    except StepTimeout:
        raise
    except BaseException:
        _wait(before, seconds)  # the module's own error: a real run shows it, then waits too
        raise
    _wait(before, seconds)


def _wait(before: set[threading.Thread], seconds: float) -> None:
    started = [thread for thread in threading.enumerate() if thread not in before]
    deadline = time.monotonic() + seconds
    for thread in started:
        if not thread.daemon:
            thread.join(max(0.0, deadline - time.monotonic()))
    waiting = [thread for thread in started if not thread.daemon and thread.is_alive()]
    if waiting:
        raise ThreadsLeft(
            f"did not finish: {seconds:g} s after its end it still had {_named(waiting)} "
            "running, and `python <module>` waits for non-daemon threads at exit."
        )
    daemons = [thread for thread in started if thread.is_alive()]
    if daemons:
        raise ThreadsLeft(
            f"left {_named(daemons)} running, which `python <module>` would stop at exit "
            "wherever it was. Join daemon threads before the module ends."
        )


def _named(threads: list[threading.Thread]) -> str:
    """``the daemon thread 'beat'``, ``the threads 'a' and 'b'``."""
    names = [repr(thread.name) for thread in threads]
    kind = "daemon thread" if all(thread.daemon for thread in threads) else "thread"
    if len(names) == 1:
        return f"the {kind} {names[0]}"
    return f"the {kind}s {', '.join(names[:-1])} and {names[-1]}"
