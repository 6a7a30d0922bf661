"""The plugin's entry point (``pytest11``): active only where ``[tool.tutorial-recorder]`` is.

It adds its options to ``pytest --help``, in a group of their own, ``tutorial-recorder``
(``OPTIONS``): the databases to record and check on (``--tutorial-on``), and what the
environment variables below set, which an option given on the command line overrides for
the run (it sets the variable, which the warm server and PostgreSQL's server read).

It reads the project from pytest's configuration file when that is a ``pyproject.toml``, or
else from the ``pyproject.toml`` in pytest's root folder. Without a
``[tool.tutorial-recorder]`` table there, it does nothing and imports nothing more. With one,
it starts what the command will need as soon as pytest loads it
(``tutorial_recorder.plugin.early``), and at configuration
``tutorial_recorder.plugin.session`` for that project.
"""

from __future__ import annotations

import os

import pytest

from tutorial_recorder.project import config as layout
from tutorial_recorder.project.paths import Project

GROUP = "tutorial-recorder"
ON = "tutorial_on"
SANDBOX_VARIABLE = "TUTORIAL_RECORDER_SANDBOX"
"""``tutorial_recorder.runner.sandbox.VARIABLE``."""
POSTGRESQL_VARIABLE = "TUTORIAL_RECORDER_POSTGRESQL"
"""``tutorial_recorder.databases.postgresql.server.REQUIRE_VARIABLE``."""
POSTGRESQL_BIN_VARIABLE = "TUTORIAL_RECORDER_POSTGRESQL_BIN"
"""``tutorial_recorder.databases.postgresql.programs.BIN_VARIABLE``."""
MARIADB_VARIABLE = "TUTORIAL_RECORDER_MARIADB"
"""``tutorial_recorder.databases.mariadb.server.REQUIRE_VARIABLE``."""
VARIABLES = {
    "tutorial_sandbox": SANDBOX_VARIABLE,
    "tutorial_postgresql": POSTGRESQL_VARIABLE,
    "tutorial_postgresql_bin": POSTGRESQL_BIN_VARIABLE,
    "tutorial_mariadb": MARIADB_VARIABLE,
}
"""Each option that stands for an environment variable, by its destination."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup(GROUP, "tutorial-recorder (records of a tutorial's steps)")
    group.addoption(
        "--tutorial-on",
        action="append",
        dest=ON,
        metavar="DATABASE",
        help="record and check the steps on DATABASE only (sqlite, postgresql or mariadb: "
        "one of the project's [tool.tutorial-recorder] databases; repeat for several): every "
        "test that records on another one (record tests, real runs, claims) is deselected. "
        "Default: every database the project records on.",
    )
    for option, values, destination, says in (
        (
            "--tutorial-sandbox",
            ("kernel", "audit"),
            "tutorial_sandbox",
            "kernel: confine each step in namespaces where the kernel allows it (the "
            "default); audit: watch each step with an audit hook only.",
        ),
        (
            "--tutorial-postgresql",
            ("require", "optional"),
            "tutorial_postgresql",
            "require: a PostgreSQL server that cannot start fails the PostgreSQL tests; "
            "optional: they are skipped with the reason (the default).",
        ),
        (
            "--tutorial-postgresql-bin",
            "DIR",
            "tutorial_postgresql_bin",
            "the folder of PostgreSQL's programs (initdb, postgres) for the test session's "
            "server; default: found through pg_config.",
        ),
        (
            "--tutorial-mariadb",
            ("require", "optional"),
            "tutorial_mariadb",
            "require: a MariaDB server that cannot start fails the MariaDB tests; "
            "optional: they are skipped with the reason (the default).",
        ),
    ):
        kind = {"choices": values} if isinstance(values, tuple) else {"metavar": values}
        variable = VARIABLES[destination]
        group.addoption(option, dest=destination, help=f"{says} Sets ${variable}.", **kind)


def pytest_plugin_registered(plugin: object) -> None:
    """pytest's own configuration, registered before this plugin and replayed for it when
    pytest loads it: the first moment the plugin sees the command, before pytest loads its
    other plugins. Start then what the command will need (``tutorial_recorder.plugin.early``)."""
    if not isinstance(plugin, pytest.Config) or not hasattr(plugin, "known_args_namespace"):
        return
    try:
        project = _project(plugin)
    except pytest.UsageError:  # said at configuration
        return
    if project is not None:
        from tutorial_recorder.plugin import early

        early.start(plugin, project)


def pytest_configure(config: pytest.Config) -> None:
    project = _project(config)
    if project is None:
        return
    from tutorial_recorder.plugin import early

    given = {VARIABLES[name]: config.getoption(name, None) for name in VARIABLES}
    for variable, value in given.items():
        if value is not None:
            os.environ[variable] = str(value)
    early.settle(config, environ_changed=any(value is not None for value in given.values()))
    from tutorial_recorder.plugin import session

    session.start(config, project, config.getoption(ON, None))


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
