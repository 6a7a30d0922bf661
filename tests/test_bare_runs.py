"""What the docs show is what a learner sees: a real run equals the recorded one."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion import bare, paths

from .conftest import Run


@pytest.mark.parametrize("module", paths.modules(), ids=paths.step_id)
def test_a_real_run_in_a_folder_with_a_file_database_matches(module: Path, run: Run) -> None:
    transcript = run(module)
    real = bare.run(module, transcript.field_orders)
    assert real.text == transcript.text
    assert real.state == transcript.state
