"""The project's layout from ``[tool.tutorial-recorder]``: defaults, look-up and bad tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout import ROOT
from tutorial_recorder.project import config
from tutorial_recorder.project.paths import Project


def _project(folder: Path, table: str) -> Path:
    (folder / "pyproject.toml").write_text(table, encoding="utf-8")
    return folder


def test_an_empty_table_takes_this_projects_layout(tmp_path: Path) -> None:
    (tmp_path / "docs_src").mkdir()
    found = config.load(_project(tmp_path, "[tool.tutorial-recorder]\n"))
    assert found == Project(
        root=tmp_path,
        modules_folders=(tmp_path / "docs_src",),
        pattern="*.py",
        imported=(),
        records=tmp_path / "tests" / "records",
        docs=tmp_path / "docs",
        accept="pytest --inline-snapshot=fix",
        comparisons=tmp_path / "tests" / "matrix",
    )
    assert found.create == "pytest --inline-snapshot=create"
    assert found.command("companion run back_populates/1") == "companion run back_populates/1"


def test_the_pages_commands_start_with_run_with(tmp_path: Path) -> None:
    (tmp_path / "docs_src").mkdir()
    found = config.load(_project(tmp_path, '[tool.tutorial-recorder]\nrun_with = "uv run"\n'))
    assert (
        found.command("companion diff back_populates/1") == "uv run companion diff back_populates/1"
    )


def test_this_project_is_found_from_any_folder_inside_it() -> None:
    found = config.find(ROOT / "docs_src" / "many_to_many")
    assert found.root == ROOT
    assert found.accept == "uv run pytest --inline-snapshot=fix"


def test_the_closest_pyproject_with_the_table_wins(tmp_path: Path) -> None:
    (tmp_path / "steps").mkdir()
    _project(tmp_path, '[tool.tutorial-recorder]\nmodules = "steps"\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    _project(inner, "[project]\nname = 'no table here'\n")
    assert config.find(inner / "deeper" / "still").modules_folders == (tmp_path / "steps",)


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ("modulse = ['docs_src']", "unknown key 'modulse' (known: modules, pattern, imported,"),
        ("modules = 3", "modules must be a string or a list of strings."),
        ("modules = []", "modules names no folder."),
        ("modules = ['nowhere']", "modules: the folder 'nowhere' does not exist."),
        ("records = '../elsewhere'", "records '../elsewhere' is outside the project."),
        ("accept = ''", "accept must be a non-empty string."),
        ("run_with = ' uv run'", "run_with must be a string of one line, such as 'uv run'."),
        ("run_with = ['uv', 'run']", "run_with must be a string of one line, such as 'uv run'."),
    ],
)
def test_a_bad_table_is_named_with_its_key(tmp_path: Path, table: str, problem: str) -> None:
    (tmp_path / "docs_src").mkdir()
    _project(tmp_path, f"[tool.tutorial-recorder]\n{table}\n")
    with pytest.raises(config.ConfigError) as error:
        config.load(tmp_path)
    assert str(error.value).startswith(
        f"{tmp_path / 'pyproject.toml'} [tool.tutorial-recorder]: {problem}"
    )


def test_a_pyproject_that_is_not_toml_is_named(tmp_path: Path) -> None:
    _project(tmp_path, "[tool.tutorial-recorder\n")
    with pytest.raises(config.ConfigError, match=r"pyproject.toml cannot be read: "):
        config.find(tmp_path)


def test_no_table_from_here_upwards_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError) as error:
        config.find(tmp_path)
    assert str(error.value) == (
        f"no pyproject.toml with a [tool.tutorial-recorder] table in {tmp_path} or any folder "
        "above it. Add the table (an empty one takes the defaults) or name the project with "
        "--project."
    )
