"""What the docs show is what a learner sees: a real run equals the recorded one.

Every module runs with nothing replaced (``companion.runner.recorder.plain``): forked from
the warm server, it writes its own ``database.db`` in a temporary folder, SQLAlchemy's own
echo handler prints to real pipes. Its normalised output and database must equal the
records. That a fork of the warm server runs a module as a new interpreter does is proved
by a cold start, ``python <module>`` (``companion.runner.bare``), of the first module of
every chapter group, and by the three hash-seed runs in ``test_recorder.py``. All are
started together after collection (``tests/ahead.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.project import paths
from companion.records.normalise import normalise

from .ahead import Ahead
from .conftest import Run

MODULES = [
    pytest.param(module, marks=pytest.mark.real_run(module), id=paths.step_id(module))
    for module in paths.modules()
]
FIRST_OF_EACH_GROUP = [
    pytest.param(module, marks=pytest.mark.cold_run(module), id=paths.step_id(module))
    for module in {paths.step_id(m).split("/")[0]: m for m in reversed(paths.modules())}.values()
]


@pytest.mark.parametrize("module", MODULES)
def test_a_real_run_in_a_folder_with_a_file_database_matches(
    module: Path, run: Run, ahead: Ahead
) -> None:
    transcript = run(module)
    real = ahead.real_run(module)
    assert normalise(real.output, transcript.field_orders) == transcript.text
    assert real.state == transcript.state


@pytest.mark.parametrize("module", FIRST_OF_EACH_GROUP)
def test_a_cold_start_matches(module: Path, run: Run, ahead: Ahead) -> None:
    transcript = run(module)
    cold = ahead.cold_run(module)
    assert normalise(cold.output, transcript.field_orders) == transcript.text
    assert cold.state == transcript.state
