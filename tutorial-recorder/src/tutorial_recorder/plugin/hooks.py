"""The plugin's entry point (``pytest11``): active only where ``[tool.tutorial-recorder]`` is.

At configuration it reads the project from pytest's configuration file when that is a
``pyproject.toml``, or else from the ``pyproject.toml`` in pytest's root folder. Without a
``[tool.tutorial-recorder]`` table there, it does nothing and imports nothing more. With one, it
starts ``tutorial_recorder.plugin.session`` for that project.
"""

from __future__ import annotations

import pytest

from tutorial_recorder.project import config as layout
from tutorial_recorder.project.paths import Project


def pytest_configure(config: pytest.Config) -> None:
    project = _project(config)
    if project is None:
        return
    from tutorial_recorder.plugin import session

    session.start(config, project)


def _project(config: pytest.Config) -> Project | None:
    inifile = config.inipath
    found = (
        inifile
        if inifile is not None and inifile.name == layout.FILE
        else config.rootpath / layout.FILE
    )
    if not layout.has_table(found):
        return None
    try:
        return layout.load(found.parent)
    except layout.ConfigError as error:
        raise pytest.UsageError(str(error)) from None
