"""Step ids that do not change as the tree grows, any unique suffix of one, the candidates of
an ambiguous one, and titles for modules without a docstring."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.layout import DOCS_SRC, PROJECT, ROOT
from tutorial_recorder.cli.app import app
from tutorial_recorder.project import config, steps
from tutorial_recorder.project.paths import Project
from tutorial_recorder.site import counts
from tutorial_recorder.site.includes import expand

BACK_POPULATES = DOCS_SRC / "relationship_attributes" / "back_populates" / "tutorial001.py"


def _module(path: Path, text: str = '"""A step."""\n') -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _sqlmodel_like(root: Path) -> Project:
    """A tree laid out like SQLModel's docs_src: three chapters, steps named ``_py310``."""
    for chapter in ("connect/create_tables", "connect/insert", "connect/select"):
        _module(root / "docs_src" / "tutorial" / chapter / "tutorial001_py310.py")
    (root / "pyproject.toml").write_text("[tool.tutorial-recorder]\n", encoding="utf-8")
    return config.load(root)


def _chapter(root: Path, chapter: str, *names: str) -> Project:
    """A project of one chapter under docs_src, of the modules ``names``."""
    for name in names:
        _module(root / "docs_src" / chapter / name)
    (root / "pyproject.toml").write_text("[tool.tutorial-recorder]\n", encoding="utf-8")
    return config.load(root)


def _ids(project: Project) -> list[str]:
    return [step.id for step in steps.steps(project)]


def test_an_id_does_not_change_when_a_chapter_of_the_same_name_is_added(tmp_path: Path) -> None:
    project = _sqlmodel_like(tmp_path)
    before = _ids(project)
    assert before == [
        "tutorial/connect/create_tables/1_py310",
        "tutorial/connect/insert/1_py310",
        "tutorial/connect/select/1_py310",
    ]
    _module(tmp_path / "docs_src" / "tutorial" / "fastapi" / "select" / "tutorial001_py310.py")
    after = _ids(project)
    assert after == [
        *before[:2],
        "tutorial/connect/select/1_py310",
        "tutorial/fastapi/select/1_py310",
    ]


def test_any_unique_suffix_finds_a_step(tmp_path: Path) -> None:
    project = _sqlmodel_like(tmp_path)
    wanted = "tutorial/connect/select/1_py310"
    for name in ("select/1_py310", "select/1", "connect/select/1", "select/001", wanted):
        assert steps.find(project, name).id == wanted, name
    assert steps.find(project, "select/tutorial001_py310").id == wanted


def test_a_suffix_of_several_ids_lists_every_candidate(tmp_path: Path) -> None:
    project = _sqlmodel_like(tmp_path)
    _module(tmp_path / "docs_src" / "tutorial" / "fastapi" / "select" / "tutorial001_py310.py")
    with pytest.raises(steps.AmbiguousStep) as ambiguous:
        steps.find(project, "select/1")
    assert ambiguous.value.candidates == [
        "tutorial/connect/select/1_py310",
        "tutorial/fastapi/select/1_py310",
    ]
    assert str(ambiguous.value) == (
        "'select/1' names 2 steps: tutorial/connect/select/1_py310, "
        "tutorial/fastapi/select/1_py310."
    )
    assert steps.find(project, "fastapi/select/1").id == "tutorial/fastapi/select/1_py310"


def test_a_variant_and_the_plain_step_are_told_apart(tmp_path: Path) -> None:
    project = _chapter(tmp_path, "select", "tutorial001.py", "tutorial001_py310.py")
    assert _ids(project) == ["select/1", "select/1_py310"]
    assert steps.find(project, "select/1").id == "select/1"
    assert steps.find(project, "1_py310").id == "select/1_py310"


def test_modules_that_share_a_name_keep_their_stems_and_are_found_by_them(
    tmp_path: Path,
) -> None:
    project = _chapter(tmp_path, "twice", "tutorial1.py", "tutorial001.py")
    assert _ids(project) == ["twice/tutorial001", "twice/tutorial1"]
    assert steps.find(project, "twice/tutorial1").id == "twice/tutorial1"
    with pytest.raises(steps.AmbiguousStep):
        steps.find(project, "twice/1")


def _invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(
        app, ["--project", str(root), *args], env={"COLUMNS": "200", "NO_COLOR": "1"}
    )


def test_the_command_line_lists_the_candidates_of_an_ambiguous_suffix(tmp_path: Path) -> None:
    project = _sqlmodel_like(tmp_path)
    _module(tmp_path / "docs_src" / "tutorial" / "fastapi" / "select" / "tutorial001_py310.py")
    result = _invoke(project.root, "run", "select/1")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 'select/1' names 2 steps; give more of the id, one of:\n"
        "  tutorial/connect/select/1_py310\n"
        "  tutorial/fastapi/select/1_py310\n"
    )


def test_a_module_without_a_docstring_takes_its_first_comment_or_its_name(tmp_path: Path) -> None:
    chapter = tmp_path / "docs_src" / "heroes"
    _module(chapter / "tutorial001.py", "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n#\n")
    _module(chapter / "tutorial002.py", "import os  # not first\n# Create the heroes\nx = 1\n")
    _module(chapter / "tutorial003.py", "print('no docstring and no comment')\n")
    _module(chapter / "tutorial004.py", "def broken(:\n")
    (tmp_path / "pyproject.toml").write_text("[tool.tutorial-recorder]\n", encoding="utf-8")
    project = config.load(tmp_path)
    assert [step.title for step in steps.steps(project)] == [
        "tutorial001.py",
        "Create the heroes",  # a comment of its own line, not one after code
        "tutorial003.py",
        "tutorial004.py",
    ]
    listed = _invoke(project.root, "list")
    assert listed.exit_code == 0
    assert "  heroes/3  tutorial003.py\n" in listed.stdout
    assert "  heroes/2  Create the heroes\n" in listed.stdout


def test_this_projects_ids_are_the_paths_under_docs_src() -> None:
    for step in steps.steps(PROJECT):
        assert step.id == f"{step.folder}/{step.name}"
        assert step.module.parent == DOCS_SRC / step.folder
    assert steps.find(PROJECT, "back_populates/1").id == "relationship_attributes/back_populates/1"


def test_the_run_block_names_the_whole_id() -> None:
    module = PROJECT.relative(BACK_POPULATES)
    lines = expand(PROJECT, f"{{* run {module} *}}", "docs/page.md").split("\n")
    step = "relationship_attributes/back_populates/1"
    title = "relationship_attributes/\u200bback_populates/\u200b1"
    assert lines[0] == f'??? example "Run it yourself: `{title}`"'
    assert f"    $ {PROJECT.command(f'companion run {step}')}" in lines
    assert f"    $ {PROJECT.command(f'companion diff {step}')}" in lines


def test_a_counts_row_names_the_whole_id_breakable() -> None:
    record = ROOT / "tests/records/sqlite/loading_related_data/lazy_loading/tutorial001.txt"
    rows = counts.table(PROJECT, [record], "Listing the", "Listed")
    assert rows[2].startswith("| `loading_related_data/\u200blazy_loading/\u200b1` | ")
