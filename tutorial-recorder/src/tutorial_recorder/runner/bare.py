"""Run a module for real: ``python <module>`` in a fresh temporary folder, with a file database.

A module inside a package (its folder has ``__init__.py``) runs as ``python -m
package.module``, with the folder the package is imported from on ``PYTHONPATH``, as a
learner runs it from that folder. This is what a learner does. Its normalised output and
its ``database.db`` must equal the recorded transcript and state; the test suite checks
that for every module. The output as the terminal showed it, timestamps and timings
included, is kept too (the command line's ``run --raw``), and ``db=FILE`` keeps a copy of
the run's ``database.db`` at FILE.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tutorial_recorder.databases import sqlite
from tutorial_recorder.project.paths import package_of
from tutorial_recorder.records.normalise import normalise

TIME_LIMIT = 60.0


@dataclass(frozen=True)
class BareRun:
    text: str
    """The normalised terminal output: stdout and stderr, as interleaved."""
    state: str
    """``database.db`` at the end of the run, dumped like the recorder's state."""
    output: str
    """The terminal output as it was, before normalisation."""


def run(
    module: Path,
    field_orders: Sequence[Sequence[str]] = (),
    *,
    root: Path | None = None,
    hash_seed: str = "random",
    db: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> BareRun:
    """``root``, the project's folder, is left out of the printed paths (normalisation).
    ``environ`` is the environment to start from (``os.environ`` at the call if None): a
    run started on another thread takes a copy made before, which tests cannot change."""
    env = {**(os.environ if environ is None else environ)}
    env.update(PYTHONHASHSEED=hash_seed, PYTHONUNBUFFERED="1")
    env.pop("PYTHONWARNINGS", None)
    command = [sys.executable, str(module.resolve())]
    package = package_of(module.resolve())
    if package is not None:
        top, name = package
        command = [sys.executable, "-m", name]
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(top), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix="companion-bare-") as folder:
        completed = subprocess.run(
            command,
            cwd=folder,
            env={**env, "PYTHONIOENCODING": "utf-8"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=TIME_LIMIT,
            check=False,
        )
        state = sqlite.dump_file(Path(folder) / "database.db")
        if db is not None:
            shutil.copyfile(Path(folder) / "database.db", db)
    output = completed.stdout.decode("utf-8", errors="replace")
    return BareRun(normalise(output, field_orders, root), state, output)
