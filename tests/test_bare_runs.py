"""What the docs show is what a learner sees: a real run equals the recorded one.

Each real run is ``python <module>`` in a temporary folder with a file database; they are
started together after collection and run side by side (``tests/ahead.py``).
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


@pytest.mark.parametrize("module", MODULES)
def test_a_real_run_in_a_folder_with_a_file_database_matches(
    module: Path, run: Run, ahead: Ahead
) -> None:
    transcript = run(module)
    real = ahead.real_run(module)
    assert normalise(real.output, transcript.field_orders) == transcript.text
    assert real.state == transcript.state
