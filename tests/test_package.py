"""The harness as a package another project installs: its pytest options in their own group,
the report header, ``companion --version``, the pre-commit hook, and Python 3.10 to 3.14."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]
from typer.testing import CliRunner

from tests.layout import DOCS_SRC, PROJECT, ROOT
from tutorial_recorder.cli.app import app
from tutorial_recorder.plugin import hooks, session
from tutorial_recorder.project.paths import KINDS
from tutorial_recorder.runner import sandbox
from tutorial_recorder.runner.recorder import record

BIN = Path(sys.executable).parent
HARNESS = tomllib.loads((ROOT / "tutorial-recorder" / "pyproject.toml").read_text("utf-8"))
TUTORIAL = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def _pytest(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    environ.pop(sandbox.VARIABLE, None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_pytest_help_shows_the_options_in_their_own_group() -> None:
    done = _pytest("--help")
    assert done.returncode == 0, done.stderr
    text = re.sub(r"\s+", " ", done.stdout)
    assert "tutorial-recorder (records of a tutorial's steps): --tutorial-on=DATABASE" in text
    for option, says in [
        ("--tutorial-on=DATABASE", "record and check the steps on DATABASE only"),
        ("--tutorial-sandbox={kernel,audit}", "Sets $TUTORIAL_RECORDER_SANDBOX."),
        ("--tutorial-postgresql={require,optional}", "Sets $TUTORIAL_RECORDER_POSTGRESQL."),
        ("--tutorial-postgresql-bin=DIR", "Sets $TUTORIAL_RECORDER_POSTGRESQL_BIN."),
        ("--tutorial-mariadb={require,optional}", "Sets $TUTORIAL_RECORDER_MARIADB."),
    ]:
        assert f"{option} " in text
        assert says in text.split(option, 1)[1].split(" --", 1)[0]


def test_the_options_name_the_variables_the_harness_reads() -> None:
    from tutorial_recorder.databases.mariadb import server as mariadb_server
    from tutorial_recorder.databases.postgresql import programs, server

    assert hooks.SANDBOX_VARIABLE == sandbox.VARIABLE
    assert hooks.POSTGRESQL_VARIABLE == server.REQUIRE_VARIABLE
    assert hooks.POSTGRESQL_BIN_VARIABLE == programs.BIN_VARIABLE
    assert hooks.MARIADB_VARIABLE == mariadb_server.REQUIRE_VARIABLE


def test_the_header_names_the_project_its_databases_and_its_sandbox(
    pytestconfig: pytest.Config,
) -> None:
    assert session.pytest_report_header(pytestconfig) == [
        f"companion: project {ROOT} ({len(PROJECT.modules())} steps in docs_src, records in "
        "tests/records)",
        "companion: databases SQLite, PostgreSQL, MariaDB",
    ]
    done = _pytest("--co", "pyproject.toml::cold_runs", "--tutorial-sandbox", "audit")
    assert done.returncode == 0, done.stdout + done.stderr
    header = done.stdout.split("rootdir:", 1)[0].splitlines()
    assert header[-3:] == [
        "companion: steps watched by an audit hook only: TUTORIAL_RECORDER_SANDBOX=audit",
        f"companion: project {ROOT} ({len(PROJECT.modules())} steps in docs_src, records in "
        "tests/records)",
        "companion: databases SQLite, PostgreSQL, MariaDB",
    ]


def test_tutorial_on_leaves_the_other_database_out() -> None:
    done = _pytest("--co", "-q", "pyproject.toml::records", "--tutorial-on", "sqlite")
    assert done.returncode == 0, done.stdout + done.stderr
    steps = len(PROJECT.modules())
    per_database = steps * len(KINDS)
    selected = per_database + 3  # and the three checks of the records as a whole
    total = len(PROJECT.databases) * per_database + 3
    assert f"{selected}/{total} tests collected ({total - selected} deselected)" in done.stdout
    assert "tests/records/postgresql" not in done.stdout
    header = _pytest("--co", "pyproject.toml::cold_runs", "--tutorial-on", "postgresql")
    assert (
        "companion: databases PostgreSQL (left out by --tutorial-on: SQLite, MariaDB)"
        in header.stdout
    )
    groups = len({module.relative_to(DOCS_SRC).parts[0] for module in PROJECT.modules()})
    assert f"no tests collected ({groups} deselected)" in header.stdout


def test_tutorial_on_refuses_a_database_the_project_does_not_record_on() -> None:
    done = _pytest("--co", "pyproject.toml::cold_runs", "--tutorial-on", "mysql")
    assert done.returncode == 4
    assert (
        "ERROR: --tutorial-on: 'mysql' is not a database this project records on "
        "(its databases: sqlite, postgresql, mariadb)"
    ) in done.stderr


def test_companion_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"companion (tutorial-recorder) {HARNESS['project']['version']}\n"
    assert metadata.version("tutorial-recorder") == HARNESS["project"]["version"]


def test_companion_version_needs_no_project(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(BIN / "companion"), "--version"], cwd=tmp_path, capture_output=True, text=True
    )
    assert (done.returncode, done.stdout) == (0, "companion (tutorial-recorder) 0.1.0\n")


def _hook() -> dict[str, object]:
    hooks_offered = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks_offered, list)
    assert [hook["id"] for hook in hooks_offered] == ["companion-check"]
    hook = hooks_offered[0]
    assert isinstance(hook, dict)
    return hook


def test_the_pre_commit_hook_offers_companion_check() -> None:
    hook = _hook()
    assert hook["entry"] == "companion check"
    assert hook["language"] == "unsupported"  # in the project's environment
    assert (hook["pass_filenames"], hook["always_run"]) == (False, True)


def _small_project(tmp_path: Path, *, records: bool) -> Path:
    """A project of one step, with its records when ``records``."""
    chapter = tmp_path / "docs_src" / "first"
    chapter.mkdir(parents=True)
    step = chapter / "tutorial001.py"
    step.write_text(
        '"""One line."""\n\nfrom sqlmodel import create_engine\n\n'
        'engine = create_engine("sqlite:///database.db", echo=True)\nprint("Hello")\n',
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text(
        "[tool.tutorial-recorder]\nmodules = ['docs_src']\n", encoding="utf-8"
    )
    if records:
        from tutorial_recorder.project import config

        project = config.load(tmp_path)
        transcript = record(project, step)
        for kind in KINDS:
            path = project.record_for(step, kind, "sqlite")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(transcript.recorded(kind), encoding="utf-8", newline="")
    return tmp_path


@pytest.mark.parametrize("records", [True, False], ids=["recorded", "unrecorded"])
def test_the_pre_commit_hooks_entry_runs_companion_check(tmp_path: Path, records: bool) -> None:
    project = _small_project(tmp_path, records=records)
    command = shlex.split(str(_hook()["entry"]))
    environ = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    done = subprocess.run(
        command, cwd=project, env=environ, capture_output=True, text=True, timeout=120
    )
    if records:
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout == (
            "Checked 1 steps (3 records) and 0 pages (0 includes, 0 SQL blocks).\n"
            "Everything is up to date.\n"
        )
    else:
        assert done.returncode == 1
        assert (
            "✗ first/1: tests/records/sqlite/first/tutorial001.txt: no record of its transcript\n"
        ) in done.stdout


def test_python_3_10_to_3_14_are_supported() -> None:
    for document in (HARNESS, TUTORIAL):
        assert document["project"]["requires-python"] == ">=3.10"
    classifiers = HARNESS["project"]["classifiers"]
    versions = [c.rsplit(" :: ", 1)[1] for c in classifiers if re.search(r":: 3\.\d+$", c)]
    assert versions == ["3.10", "3.11", "3.12", "3.13", "3.14"]
    assert "tomli>=2.0.1; python_version < '3.11'" in HARNESS["project"]["dependencies"]
    assert HARNESS["tool"]["ruff"]["target-version"] == "py310"


def test_the_harness_type_checks_for_python_3_10() -> None:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--cache-dir",
            str(cache / "sqlmodel-companion" / "mypy-3.10"),
            "--python-version",
            "3.10",
            "tutorial-recorder/src",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_matrix_has_a_set_per_installed_python_from_3_10() -> None:
    spec = importlib.util.spec_from_file_location("noxfile", ROOT / "noxfile.py")
    assert spec is not None and spec.loader is not None
    noxfile = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("noxfile", noxfile)  # its dataclasses look their module up
    spec.loader.exec_module(noxfile)
    assert f"3.{noxfile.OLDEST_MINOR}" == HARNESS["project"]["requires-python"][2:]
    current = f"{sys.version_info.major}.{sys.version_info.minor}"
    names = [chosen.name for chosen in noxfile.sets()]
    expected = [f"python-{minor}" for minor in noxfile.installed_pythons() if minor != current]
    assert [name for name in names if name.startswith("python-")] == expected
