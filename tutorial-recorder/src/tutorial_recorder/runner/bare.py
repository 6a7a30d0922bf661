"""Run a module for real: ``python <module>``, a new interpreter, in a fresh temporary folder.

A module inside a package (its folder has ``__init__.py``) runs as ``python -m
package.module``, with the folder the package is imported from on ``PYTHONPATH``, as a
learner runs it from that folder. This is what a learner does. Its normalised output and
the database it leaves must equal the recorded transcript and state; the test suite checks
that for every module (``pyproject.toml::cold_runs``).

The interpreter starts inside the same sandbox, limits and supervision as a recording
(``tutorial_recorder.runner.cold``, on the warm server): it may write only in its temporary
folder, whatever its URL or an environment variable says. Every SQLite database it leaves
there, whatever its name, is dumped (``tutorial_recorder.runner.leftovers``). The output as the
terminal showed it, timestamps and timings included, is kept too (the command line's ``run
--raw``), and ``db=FILE`` keeps a copy of the run's database at FILE.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tutorial_recorder.project.paths import Limits, package_of
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.runner import client, cold, leftovers, limits, sandbox

TIME_LIMIT = 60.0
GRACE = 10.0
DEFAULT_LIMITS = Limits()


class RunError(Exception):
    """A real run could not be run to its end (time limit, a write refused, a limit
    reached, the server gone); the message says which."""


@dataclass(frozen=True)
class BareRun:
    text: str
    """The normalised terminal output: stdout and stderr, as interleaved."""
    state: str
    """The database the run left, dumped like the recorder's state (``leftovers.state``)."""
    output: str
    """The terminal output as it was, before normalisation."""
    databases: tuple[tuple[str, str], ...] = field(default=())
    """Every SQLite database the run left in its folder: its name and its dump."""

    def mismatch(self, recorded: str) -> tuple[str, str] | None:
        """Why this run did not leave the database a recording did (``leftovers.mismatch``)."""
        return leftovers.mismatch(list(self.databases), recorded)


def outcome(output: bytes, report: Mapping[str, object], root: Path | None) -> BareRun:
    """The run a supervisor's report describes (its ``databases``), with what it printed."""
    found = report.get("databases")
    databases = [(str(name), str(dump)) for name, dump in found] if isinstance(found, list) else []
    text = output.decode("utf-8", errors="replace")
    return BareRun(normalise(text, root=root), leftovers.state(databases), text, tuple(databases))


def run(
    module: Path,
    field_orders: Sequence[Sequence[str]] = (),
    *,
    root: Path | None = None,
    hash_seed: str = "random",
    db: Path | None = None,
    environ: Mapping[str, str] | None = None,
    limited: Limits = DEFAULT_LIMITS,
    seconds: float = TIME_LIMIT,
) -> BareRun:
    """``root``, the project's folder, is left out of the printed paths (normalisation).
    ``environ`` is the environment to start from (``os.environ`` at the call if None): a
    run started on another thread takes a copy made before, which tests cannot change.
    ``limited`` are the project's limits. Raises ``RunError`` when the run cannot end."""
    env = {**(os.environ if environ is None else environ)}
    env.update(PYTHONHASHSEED=hash_seed, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    env.pop("PYTHONWARNINGS", None)
    command = [sys.executable, str(module.resolve())]
    package = package_of(module.resolve())
    if package is not None:
        top, name = package
        command = [sys.executable, "-m", name]
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(top), env.get("PYTHONPATH")]))
    request = {
        "mode": cold.MODE,
        "module": str(module.resolve()),
        "command": command,
        "environ": env,
        "seconds": seconds,
        "limits": limits.request(limited),
        "sandbox": sandbox.wanted(),
        "keep": str(db.resolve()) if db is not None else None,
    }
    try:
        done = client.run(request, seconds=2 * seconds, grace=GRACE)
    except client.ServerGone as gone:
        raise RunError(f"{module} could not be run: {gone}") from None
    if "failure" in done.report:
        raise RunError(f"{module} {done.report['failure']}")
    ran = outcome(done.terminal, done.report, root)
    if field_orders:
        ran = BareRun(
            normalise(ran.output, field_orders, root), ran.state, ran.output, ran.databases
        )
    return ran
