"""What the pages say a learner's terminal shows besides a step's own output, checked."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.layout import PROJECT, ROOT
from tutorial_recorder.site.includes import expand

MODULE = "docs_src/relationship_attributes/back_populates/tutorial001.py"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
CACHED_UV = CACHE / "sqlmodel-companion" / "uv" / "bin" / "uv"


def test_the_run_box_says_companion_run_uses_a_file_in_a_temporary_folder() -> None:
    box = expand(PROJECT, f"{{* run {MODULE} *}}", "docs/fixture.md")
    assert (
        "    `companion run` runs the step as the tests do, on a database file in a temporary\n"
        "    folder it removes afterwards, and shows what it did.\n"
    ) in box
    assert "in memory" not in box


@pytest.mark.skipif(
    shutil.which("uv") is None and not CACHED_UV.is_file(),
    reason="scripts/uv would first install uv, and says so",
)
def test_scripts_uv_run_adds_nothing_to_what_the_program_prints() -> None:
    ran = subprocess.run(
        [str(ROOT / "scripts" / "uv"), "run", "--locked", "python", "-c", "print('ran')"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "ran\n", "")
