"""Run a module for real: ``python <module>`` in a fresh temporary folder, with a file database.

This is what a learner does. Its normalised output must equal the recorded transcript;
the test suite checks that for every module.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from companion.normalise import normalise

TIME_LIMIT = 60.0


def run(
    module: Path, field_orders: Sequence[Sequence[str]] = (), *, hash_seed: str = "random"
) -> str:
    """The normalised terminal output (stdout and stderr, as interleaved) of a real run."""
    env = {
        **os.environ,
        "PYTHONHASHSEED": hash_seed,
        "PYTHONUNBUFFERED": "1",
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("PYTHONWARNINGS", None)
    with tempfile.TemporaryDirectory(prefix="companion-bare-") as folder:
        completed = subprocess.run(
            [sys.executable, str(module.resolve())],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=TIME_LIMIT,
            check=False,
        )
    return normalise(completed.stdout.decode("utf-8", errors="replace"), field_orders)
