"""The plugin at work in one pytest process, for a project with ``[tool.companion]``.

``start`` makes inline-snapshot write records atomically (``companion.plugin.atomic``),
and registers ``Plugin`` and this module's fixtures. ``Plugin``:

- collects the tests of ``companion.plugin.collected`` under ``pyproject.toml``, when
  pytest runs its default selection (no paths given) or is given ``pyproject.toml``
  (``pytest pyproject.toml::records -k back_populates --inline-snapshot=create``);
- starts, right after collection, the work the selected tests need: every step's
  recording when any of them uses ``run`` (the record tests do), and the real runs and
  other slow work they are marked with (``companion.plugin.ahead``).

The fixtures: ``run`` (each module recorded once per test process and database, shared by
the record tests and the claims; a test marked ``on_both`` runs once on SQLite and once on
PostgreSQL, ``on`` naming the database), ``run_postgresql`` and ``postgresql`` (the test
session's server, or a skip with the reason) and ``ahead``.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from companion.plugin import atomic
from companion.plugin.ahead import MARKERS, Ahead
from companion.plugin.collected import PLUGIN, Project, Recorded, postgresql_or_skip
from companion.postgres.server import Server
from companion.project import config as layout
from companion.project import paths
from companion.records.transcript import Transcript

Run = Callable[[Path], Transcript]


def start(config: pytest.Config, project: layout.Config) -> None:
    atomic.install()
    plugin = Plugin(project)
    config.stash[PLUGIN] = plugin
    for marker in (*MARKERS, ON_BOTH_MARKER):
        config.addinivalue_line("markers", marker)
    config.pluginmanager.register(plugin, "companion-session")
    config.pluginmanager.register(sys.modules[__name__], "companion-fixtures")


ON_BOTH = "on_both"
ON_BOTH_MARKER = (
    "on_both: the test's `run` records on SQLite and on PostgreSQL: it runs once for each "
    "(`on` names the database); unmarked, `run` is SQLite's"
)


@pytest.fixture
def on() -> str:
    """The database the ``run`` fixture records on (``on_both`` runs a test on each)."""
    return paths.SQLITE


@pytest.fixture  # per test: ``on`` is
def run(pytestconfig: pytest.Config, on: str) -> Run:
    """Record each module once per test process and database; the record tests and the
    claims share it."""
    if on == paths.POSTGRESQL:
        postgresql_or_skip(pytestconfig)
    return functools.partial(pytestconfig.stash[PLUGIN].ahead.recording, on=on)


@pytest.fixture(scope="session")
def run_postgresql(pytestconfig: pytest.Config, postgresql: Server) -> Run:
    """``run`` on PostgreSQL, for the claims that hold there only."""
    return functools.partial(pytestconfig.stash[PLUGIN].ahead.recording, on=paths.POSTGRESQL)


@pytest.fixture(scope="session")
def postgresql(pytestconfig: pytest.Config) -> Server:
    """The test session's PostgreSQL server (``collected.postgresql_or_skip``)."""
    return postgresql_or_skip(pytestconfig)


@pytest.fixture(scope="session")
def ahead(pytestconfig: pytest.Config) -> Ahead:
    """Real runs and other slow work, started ahead: ``ahead.real_run(module)``."""
    return pytestconfig.stash[PLUGIN].ahead


class Plugin:
    def __init__(self, project: layout.Config) -> None:
        self.project = project
        self.ahead = Ahead()

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> Project | None:
        if file_path != self.project.root / layout.FILE:
            return None
        return Project.from_parent(parent, path=file_path)

    @pytest.hookimpl(tryfirst=True)  # before `-k` and `-m` select
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        pyproject = self.project.root / layout.FILE
        given = config.args_source == pytest.Config.ArgsSource.ARGS
        if given or any(item.path == pyproject for item in items):
            return
        node = Project.from_parent(session, path=pyproject)
        items[:0] = list(session.genitems(node))

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """A test marked ``on_both`` runs once on each database."""
        if metafunc.definition.get_closest_marker(ON_BOTH) is not None:
            metafunc.parametrize("on", paths.databases())

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Start the slow work the selected tests need now, on every core."""
        if session.config.option.collectonly or "PYTEST_XDIST_WORKER" in os.environ:
            return
        for on in paths.databases():
            recorded = {
                item.step for item in session.items if isinstance(item, Recorded) and item.on == on
            }
            if any(_records_on(item, on) for item in session.items):
                recorded = set(paths.modules())
            for module in sorted(recorded):
                self.ahead.start_recording(module, on)
        for item in session.items:
            for mark in item.iter_markers("real_run"):
                self.ahead.start_real_run(*mark.args)
            for mark in item.iter_markers("cold_run"):
                self.ahead.start_cold_run(*mark.args)
            for mark in item.iter_markers("ahead"):
                self.ahead.start(*mark.args)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.ahead.close()


def _records_on(item: pytest.Item, on: str) -> bool:
    """Whether the test uses the recordings on database ``on``."""
    names = getattr(item, "fixturenames", ())
    callspec = getattr(item, "callspec", None)
    database = callspec.params.get("on", paths.SQLITE) if callspec is not None else paths.SQLITE
    if on == paths.POSTGRESQL and "run_postgresql" in names:
        return True
    return "run" in names and database == on
