"""``companion check --json``: the verdicts of ``check``, as JSON, the same as its text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from tutorial_recorder.cli.app import app
from tutorial_recorder.project import config
from tutorial_recorder.project.paths import DIAGRAM, KINDS, STATE, TRANSCRIPT, Project
from tutorial_recorder.runner.recorder import record

SAVES = '"""Saves one hero."""\n\n' + "\n".join(
    [
        "from sqlmodel import Field, Session, SQLModel, create_engine",
        "",
        "",
        "class Hero(SQLModel, table=True):",
        "    id: int | None = Field(default=None, primary_key=True)",
        "    name: str",
        "",
        "",
        'engine = create_engine("sqlite:///database.db")',
        "SQLModel.metadata.create_all(engine)",
        "with Session(engine) as session:",
        '    session.add(Hero(name="Ada"))',
        "    session.commit()",
        'print("Saved")',
        "",
    ]
)
LEAVES = '"""Leaves a file behind."""\n\nopen("left.txt", "w").close()\n'


def _project(folder: Path) -> Project:
    """A project of two steps, the first recorded, and a page that includes its record."""
    (folder / "pyproject.toml").write_text("[tool.tutorial-recorder]\n", encoding="utf-8")
    (folder / "docs_src" / "heroes").mkdir(parents=True)
    (folder / "docs_src" / "heroes" / "tutorial001.py").write_text(SAVES, encoding="utf-8")
    (folder / "docs").mkdir()
    page = "{* tests/records/sqlite/heroes/tutorial001.txt *}\n"
    (folder / "docs" / "heroes.md").write_text(page, encoding="utf-8")
    project = config.load(folder)
    module = project.modules()[0]
    transcript = record(project, module)
    for kind in KINDS:
        path = project.record_for(module, kind, "sqlite")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(transcript.recorded(kind), encoding="utf-8", newline="")
    return project


def _check(project: Project, *args: str) -> Result:
    every = ["--project", str(project.root), "check", *args]
    return CliRunner().invoke(app, every, env={"COLUMNS": "300", "NO_COLOR": "1"})


def _verdicts(result: Result) -> list[dict[str, Any]]:
    found: dict[str, Any] = json.loads(result.stdout)
    verdicts: list[dict[str, Any]] = found["verdicts"]
    return verdicts


def test_check_json_gives_every_verdict_and_exits_with_0_when_all_is_well(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path)
    result = _check(project, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert {key: found[key] for key in ("steps", "pages", "problems")} == {
        "steps": 1,
        "pages": 1,
        "problems": 0,
    }
    assert [(v["step"], v["database"], v["kind"], v["status"]) for v in found["verdicts"]] == [
        ("heroes/1", "sqlite", "transcript", "ok"),
        ("heroes/1", "sqlite", "state", "ok"),
        ("heroes/1", "sqlite", "diagram", "ok"),
        (None, None, "page", "ok"),
    ]
    assert found["verdicts"][0]["message"] == (
        "tests/records/sqlite/heroes/tutorial001.txt: the transcript matches a fresh run"
    )


def test_check_json_says_what_check_says_of_each_problem(tmp_path: Path) -> None:
    """A stale transcript, a state record with CRLF line ends, no diagram, a record of no
    module, a step that cannot be recorded, and a page that does not build."""
    project = _project(tmp_path)
    module = project.modules()[0]
    transcript = project.record_for(module, TRANSCRIPT, "sqlite")
    transcript.write_text("Saved differently\n", encoding="utf-8")
    state = project.record_for(module, STATE, "sqlite")
    state.write_bytes(state.read_bytes().replace(b"\n", b"\r\n"))
    project.record_for(module, DIAGRAM, "sqlite").unlink()
    (transcript.parent / "tutorial009.txt").write_text("gone\n", encoding="utf-8")
    (project.root / "docs_src" / "heroes" / "tutorial002.py").write_text(LEAVES, encoding="utf-8")
    page = project.docs / "heroes.md"
    page.write_text(page.read_text(encoding="utf-8") + "{* docs_src/none.py *}\n")

    result = _check(project, "--json")
    assert result.exit_code == 1, result.output
    verdicts = _verdicts(result)
    assert [(v["step"], v["kind"], v["status"]) for v in verdicts] == [
        ("heroes/1", "transcript", "differs"),
        ("heroes/1", "state", "defect"),
        ("heroes/1", "diagram", "missing"),
        ("heroes/2", None, "failed"),
        (None, "record", "orphan"),
        (None, "page", "failed"),
    ]
    assert json.loads(result.stdout)["problems"] == 6
    assert verdicts[-1]["at"] == "docs/heroes.md:2"

    text = _check(project)
    assert text.exit_code == 1
    assert text.stdout.count("✗ ") == 6
    for verdict in verdicts:
        where = verdict["step"] or verdict.get("at") or verdict["record"]
        assert f"✗ {where}: {verdict['message']}\n" in text.stdout, verdict
