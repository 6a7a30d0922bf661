"""Long pieces of work started ahead (``@pytest.mark.ahead``) do not wait behind the
recordings: they have threads of their own."""

from __future__ import annotations

import threading

import pytest

from tests.layout import PROJECT
from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.runner import recorder
from tutorial_recorder.runner.cores import cores


def test_a_long_piece_starts_while_every_recording_thread_is_busy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    released = threading.Event()

    def held(*args: object, **kwargs: object) -> str:
        released.wait(60)
        return "recorded"

    monkeypatch.setattr(recorder, "record", held)
    work = Ahead(PROJECT)
    try:
        for module in PROJECT.modules()[: cores() + 1]:
            work.start_recording(module)

        def long_piece() -> str:
            return "done"

        work.start(long_piece)
        assert work._started[long_piece].result(timeout=30) == "done"
        assert not released.is_set()
    finally:
        released.set()
        work.close()
