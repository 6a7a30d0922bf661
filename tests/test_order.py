"""Mapper configuration in a fixed order (``tutorial_recorder.runner.order``): models in two
registries raise their warnings in the same order under any hash seed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

TWO_REGISTRIES = Path(__file__).parent / "fixtures" / "two_registries.py"
RUN = (
    "import runpy, sys; from tutorial_recorder.runner import order; order.install(); "
    "runpy.run_path(sys.argv[1], run_name='__main__')"
)
SEEDS = ("1", "2", "3", "4", "5", "6")


def _warned(seed: str) -> list[str]:
    """The relationships named by the warnings of a run with ``order`` installed."""
    done = subprocess.run(
        [sys.executable, "-W", "always", "-c", RUN, str(TWO_REGISTRIES)],
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "configured\n"
    return re.findall(r"SAWarning: relationship '(\w+\.\w+)'", done.stderr)


def test_two_registries_are_configured_oldest_first_under_every_hash_seed() -> None:
    # SQLModel's registry exists from its import, before the module's DeclarativeBase
    assert {seed: _warned(seed) for seed in SEEDS} == {
        seed: ["Hero.team", "Book.author"] for seed in SEEDS
    }
