"""What the plugin starts as soon as pytest loads it: the warm server and the sandbox's probe,
when the command will record steps.

pytest loads its plugins one after the other, importing each (inline-snapshot, xdist, ...),
then configures and collects; the first recording used to start the warm server only after
collection, and wait for its imports (sqlmodel, SQLAlchemy, pydantic: about a third of a
second of one core). Here they run on another core while pytest loads, configures and
collects. pytest replays, for each plugin it loads, the registration of its own
configuration (``pytest_plugin_registered``, ``tutorial_recorder.plugin.hooks``); by then it has
read its configuration file and the command's arguments, which is all ``will_record``
needs. The report header's line (``tutorial_recorder.runner.sandbox.guarantee``) is probed in
the background at the same time.

A command records when it runs pytest's default selection (no paths given: the whole suite,
the record tests among it) or names the project's ``pyproject.toml``, its record tests or
its real runs; not with ``--collect-only`` or an option that runs no test (``--help``,
``--fixtures`` ...). A wrong guess only costs a server's start on another core: an xdist
controller, which runs no test itself, ends it at configuration (``settle``); a command
that records and was not guessed starts its server at its first recording, as before.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tutorial_recorder.project import config as layout
from tutorial_recorder.project.paths import Project
from tutorial_recorder.runner import client, sandbox

RECORDING = ("", "records", "real_runs")
"""The parts of the project's ``pyproject.toml`` that record (``""``: the whole file)."""
NO_TESTS = ("collectonly", "help", "version", "showfixtures", "show_fixtures_per_test", "markers")
"""The destinations of pytest's options that run no test."""


def start(config: pytest.Config, project: Project) -> None:
    """Start the warm server and the sandbox's probe now if the command will record."""
    if will_record(config, project):
        client.start()
        sandbox.probe_ahead()


def will_record(config: pytest.Config, project: Project) -> bool:
    """Whether the command, as far as pytest has read it, records steps of ``project``."""
    known = getattr(config, "known_args_namespace", None)
    if known is None or any(getattr(known, name, False) for name in NO_TESTS):
        return False
    given = list(getattr(known, "file_or_dir", None) or ())
    pyproject = project.root / layout.FILE
    return not given or any(_records(config.invocation_params.dir, arg, pyproject) for arg in given)


def _records(folder: Path, arg: str, pyproject: Path) -> bool:
    """Whether ``arg``, a path or node id from ``folder``, names a part of ``pyproject`` that
    records."""
    path, _, inside = arg.partition("::")
    try:
        named = (folder / path).resolve() == pyproject.resolve()
    except (OSError, RuntimeError):
        return False
    return named and inside.partition("::")[0] in RECORDING


def settle(config: pytest.Config, *, environ_changed: bool) -> None:
    """At configuration: an xdist controller runs no test (its workers start servers of
    their own), so the server started for it ends; so does one started before the plugin's
    options set their environment variables (``--tutorial-sandbox`` ...), since a server
    has the environment of the session when it starts, and the next recording starts
    another."""
    controller = "PYTEST_XDIST_WORKER" not in os.environ
    if environ_changed or (controller and getattr(config.option, "dist", "no") != "no"):
        client.close()
