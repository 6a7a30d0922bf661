"""Stop a run that does not finish in time."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class StepTimeout(BaseException):
    """Raised inside the running module when its time is up.

    A ``BaseException``, so that a module's ``except Exception`` cannot swallow it.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``StepTimeout`` in the main thread after ``seconds`` (POSIX timers)."""
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("a time limit needs the main thread")

    def expire(signum: int, frame: FrameType | None) -> None:
        raise StepTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
