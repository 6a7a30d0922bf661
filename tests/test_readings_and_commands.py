"""Readings taken from a run's structure, the terminal kept safe from a step, commands quoted.

A run's final error is the one its process reported, not the first ``Traceback`` line in
its output; a printed line is what lies between two newlines; ``companion run`` shows
control characters escaped; the pages' commands quote every path. Each bad module is a
fixture under ``tests/fixtures/readings_*.py``.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.layout import PROJECT, ROOT
from tutorial_recorder.cli.app import app
from tutorial_recorder.databases.registry import MAIN
from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.project import config, steps
from tutorial_recorder.project.steps import Step
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.records.reading import Error, Reading
from tutorial_recorder.runner.recorder import record
from tutorial_recorder.site.running import run_block

FIXTURES = Path(__file__).parent / "fixtures"
ENGINE = "INFO sqlalchemy.engine.Engine"
PRINTED_TRACEBACK = [
    "Traceback (most recent call last):",
    "  ...",
    "ValueError: caught and shown",
]


def test_a_printed_traceback_is_printed_output_and_the_run_goes_on() -> None:
    reading = record(PROJECT, FIXTURES / "readings_print_exc.py").reading
    assert reading.error is None
    assert reading.printed == [*PRINTED_TRACEBACK, "carried on"]
    assert reading.statements == ["BEGIN (implicit)", "SELECT 1", "ROLLBACK"]


def test_the_final_error_is_the_one_the_process_reported() -> None:
    transcript = record(PROJECT, FIXTURES / "readings_print_exc_then_raises.py")
    reading = transcript.reading
    assert reading.error == Error("KeyError", "'the real end'")
    assert reading.error.lines == (
        "Traceback (most recent call last):",
        "  ...",
        "KeyError: 'the real end'",
    )
    assert reading.printed == [*PRINTED_TRACEBACK, "carried on"]
    assert reading.statements == ["BEGIN (implicit)", "SELECT 1", "ROLLBACK"]
    # read from the record's text alone, the last traceback is the final error
    assert Reading.parse(transcript.text) == reading


@pytest.mark.real_run(FIXTURES / "readings_print_exc_then_raises.py")
def test_a_printed_traceback_reads_the_same_in_a_real_terminal(tutorial_ahead: Ahead) -> None:
    """Each traceback collapses on its own (a chained one with its chain), so what was
    printed between two of them stays, in the record as in a real run."""
    module = FIXTURES / "readings_print_exc_then_raises.py"
    real = normalise(tutorial_ahead.real_run(module).output, root=ROOT)
    assert real == record(PROJECT, module).text
    assert "carried on\nTraceback (most recent call last):\n  ...\nKeyError" in real


def test_a_line_is_what_was_printed_between_two_newlines() -> None:
    reading = record(PROJECT, FIXTURES / "readings_separators.py").reading
    assert reading.printed == ["one\rline", "still\x1eone", "and\u2028this", "last"]


def test_an_error_printed_after_text_with_no_line_end_keeps_that_text() -> None:
    text = f"{ENGINE} COMMIT\nno line endTraceback (most recent call last):\n  ...\nKeyError: 1\n"
    reading = Reading.parse(text, error_lines=3)
    assert reading.printed == ["no line end"]
    assert reading.error == Error("KeyError", "1")


def _fixture_step(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    module = FIXTURES / name
    step = Step(
        "fixtures/1", "tests", "fixtures", "1", 1, module, "", PROJECT.relative(module), None
    )
    monkeypatch.setattr(steps, "find", lambda project, name: step)


def test_companion_run_shows_control_characters_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    _fixture_step(monkeypatch, "readings_terminal_title.py")
    result = CliRunner().invoke(app, ["run", "fixtures/1"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "  OUT │ \\x1b]0;owned\\x07title set\n" in result.stdout
    assert "      │ \\x1b[2Jscreen cleared\n" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_companion_run_reads_the_error_the_process_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _fixture_step(monkeypatch, "readings_print_exc_then_raises.py")
    result = CliRunner().invoke(app, ["run", "fixtures/1"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "ERROR │ KeyError: 'the real end'\n" in result.stdout
    assert "3 SQL statements, 4 printed lines, 0 warnings; ended with KeyError." in result.stdout


HOSTILE = "tutorial932 $(touch PWNED).py"


def _hostile_project(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "pyproject.toml").write_text('[tool.tutorial-recorder]\nrun_with = "uv run"\n')
    module = tmp_path / "docs_src" / "chapter" / "part" / HOSTILE
    module.parent.mkdir(parents=True)
    module.write_text('print("hello")\n')
    return module, tmp_path / "PWNED"


def test_the_run_block_quotes_a_module_named_like_a_command(tmp_path: Path) -> None:
    module, pwned = _hostile_project(tmp_path)
    project = config.load(tmp_path)
    step = steps.id_of(project, module)
    assert step is not None
    block = run_block(project, [MAIN], step, module, "")
    commands = [line.strip()[2:] for line in block if line.strip().startswith("$ ")]
    python = f"uv run python 'docs_src/chapter/part/{HOSTILE}'"
    assert python in commands
    assert shlex.split(python)[-1] == f"docs_src/chapter/part/{HOSTILE}"
    for command in commands:  # run by a shell whose uv, companion and rm do nothing
        script = f"uv() {{ :; }}; companion() {{ :; }}; rm() {{ :; }}; {command}"
        subprocess.run(["sh", "-c", script], cwd=tmp_path, check=True)
    assert not pwned.exists()


def test_a_package_module_command_quotes_its_folder_and_name(tmp_path: Path) -> None:
    module, _ = _hostile_project(tmp_path)
    (module.parent / "__init__.py").write_text("")
    project = config.load(tmp_path)
    assert project.python_command(module) == (
        f"PYTHONPATH=docs_src/chapter python -m 'part.{HOSTILE[:-3]}'"
    )


def test_ordinary_commands_read_as_before() -> None:
    module = ROOT / "docs_src" / "relationship_attributes" / "back_populates" / "tutorial001.py"
    assert PROJECT.python_command(module) == (
        "python docs_src/relationship_attributes/back_populates/tutorial001.py"
    )
    block = run_block(PROJECT, [MAIN], "back_populates/1", module, "")
    assert f"    $ {PROJECT.command('companion run back_populates/1')}" in block
    assert f"    $ {PROJECT.command('companion diff back_populates/1')}" in block
