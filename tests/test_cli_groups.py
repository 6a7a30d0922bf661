"""The command groups ``companion matrix`` and ``companion compare``: their help, and a bad
causes file named in a usage error."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutorial_recorder.cli.app import app

from .test_cli import PLAIN


@pytest.mark.parametrize(
    ("command", "mentions"),
    [
        ([], ["matrix", "compare"]),
        (["matrix"], ["record", "report", "./scripts/matrix"]),
        (["matrix", "record"], ["--set", "--out", "--description", "--unsupported", "--only"]),
        (["matrix", "report"], ["SET", "--out", "--strict", "--fragments", "--no-fragments"]),
        (["compare"], ["databases", "upgrades", "causes.toml"]),
        (["compare", "databases"], ["SQLite", "PostgreSQL", "Example"]),
        (["compare", "upgrades"], ["--out", "lowest set", "Example"]),
    ],
    ids=["companion", "matrix", "record", "report", "compare", "databases", "upgrades"],
)
def test_help_describes_every_group_and_subcommand(command: list[str], mentions: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env=PLAIN)
    assert result.exit_code == 0, result.output
    for mention in mentions:
        assert mention in result.stdout, f"{mention!r} is missing from the help"


def test_a_bad_causes_file_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "steps").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tutorial-recorder]\nmodules = ["steps"]\ncomparisons = "pages"\n', encoding="utf-8"
    )
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "causes.toml").write_text(
        '[databases]\nunexplained = { title = "Other", explanation = "None." }\n'
        '[[databases.causes]]\ntitle = "Ids"\nexplanation = "Serial."\n'
        'match = { marker = ["SERIAL"] }\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["--project", str(tmp_path), "compare", "databases"], env=PLAIN
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        "Error: pages/causes.toml [[databases.causes]] 1 ('Ids'): match: unknown key 'marker'"
    )
    assert not (tmp_path / "pages" / "sqlite_and_postgresql.md").exists()
