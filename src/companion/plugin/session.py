"""The plugin at work in one pytest process, for a project with ``[tool.companion]``.

``start`` makes inline-snapshot write records atomically (``companion.plugin.atomic``),
and registers ``Plugin`` and this module's fixtures. ``Plugin``:

- collects the tests of ``companion.plugin.collected`` under ``pyproject.toml``, when
  pytest runs its default selection (no paths given) or is given ``pyproject.toml``
  (``pytest pyproject.toml::records -k back_populates --inline-snapshot=create``);
- starts, right after collection, the work the selected tests need: every step's
  recording when any of them uses ``run`` (the record tests do), and the real runs and
  other slow work they are marked with (``companion.plugin.ahead``).

The fixtures: ``run`` (each module recorded once per test process, shared by the record
tests and the claims) and ``ahead``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from companion.plugin import atomic
from companion.plugin.ahead import MARKERS, Ahead
from companion.plugin.collected import PLUGIN, Project, Recorded
from companion.project import config as layout
from companion.project import paths
from companion.records.transcript import Transcript

Run = Callable[[Path], Transcript]


def start(config: pytest.Config, project: layout.Config) -> None:
    atomic.install()
    plugin = Plugin(project)
    config.stash[PLUGIN] = plugin
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    config.pluginmanager.register(plugin, "companion-session")
    config.pluginmanager.register(sys.modules[__name__], "companion-fixtures")


@pytest.fixture(scope="session")
def run(pytestconfig: pytest.Config) -> Run:
    """Record each module once per test process; the record tests and the claims share it."""
    return pytestconfig.stash[PLUGIN].ahead.recording


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

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Start the slow work the selected tests need now, on every core."""
        if session.config.option.collectonly or "PYTEST_XDIST_WORKER" in os.environ:
            return
        recorded = {item.step for item in session.items if isinstance(item, Recorded)}
        if any("run" in getattr(item, "fixturenames", ()) for item in session.items):
            recorded = set(paths.modules())
        for module in sorted(recorded):
            self.ahead.start_recording(module)
        for item in session.items:
            for mark in item.iter_markers("real_run"):
                self.ahead.start_real_run(*mark.args)
            for mark in item.iter_markers("cold_run"):
                self.ahead.start_cold_run(*mark.args)
            for mark in item.iter_markers("ahead"):
                self.ahead.start(*mark.args)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.ahead.close()
