"""The causes of the comparison pages: the project's data file, its match rules, and the
clear error a bad file gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout import PROJECT
from tutorial_recorder.compare import causes
from tutorial_recorder.compare.causes import Causes, CausesError, Change

GOOD = """
[upgrades]
unexplained = { title = "Other changes", explanation = "None above." }

[[upgrades.causes]]
title = "Labels"
explanation = "Labels go."
match = { removed = '\\s*AS \\w+\\s*', added = '' }
"""


def _load(tmp_path: Path, text: str, comparison: str = "upgrades") -> Causes:
    (tmp_path / causes.FILE).write_text(text, encoding="utf-8")
    return causes.load(tmp_path / causes.FILE, comparison, tmp_path)


def _title(found: Causes, removed: tuple[str, ...], added: tuple[str, ...]) -> str:
    return found.of(Change(removed, added)).title


def test_the_projects_file_has_both_comparisons_in_order() -> None:
    upgrades = causes.of(PROJECT, "upgrades")
    assert [cause.title for cause in upgrades.causes] == [
        "Column labels in the ORM's own SELECTs",
        "Links in errors and warnings",
        "A lazy load refused under asyncio",
        "Labels of an aliased table's columns",
        "noload() is deprecated",
    ]
    assert upgrades.command == "./scripts/matrix"
    assert upgrades.page == PROJECT.docs / "upgrades" / "sqlalchemy_2_0_vs_2_1.md"
    databases = causes.of(PROJECT, "databases")
    assert databases.causes[0].title == "PostgreSQL has no PRAGMA"
    assert databases.causes[-1].title == "Rows in another order"
    assert databases.unexplained.title == "Other differences"
    assert databases.command is None  # the companion command, with the project's run_with


def test_a_change_goes_under_the_first_cause_whose_rule_holds() -> None:
    upgrades = causes.of(PROJECT, "upgrades")
    select = "SELECT team.id{}, team.name{} FROM team"
    labelled = (select.format(" AS team_id", " AS team_name"),)
    assert _title(upgrades, labelled, (select.format("", ""),)) == upgrades.causes[0].title
    link = "(Background on this error at: https://sqlalche.me/e/{}/xd2s)"
    assert _title(upgrades, (link.format(20),), (link.format(21),)) == upgrades.causes[1].title
    # the same 20 to 21 outside a link is no link
    assert _title(upgrades, ("id 20",), ("id 21",)) == "Other changes"


def test_markers_reordered_and_whole_step() -> None:
    databases = causes.of(PROJECT, "databases")
    assert _title(databases, ("(1, 'a')",), ("{'x': 1}",)) == "Placeholders and parameters"
    assert _title(databases, ("Deadpond, Rusty",), ("Rusty, Deadpond",)) == "Rows in another order"
    moved = Change(("Ada", "Bob"), ("Bob", "Ada"), frozenset({"Ada", "Bob"}))
    assert databases.of(moved).title == "Rows in another order"
    assert _title(databases, ("one",), ("two",)) == "Other differences"
    pragma = databases.causes[0]
    assert pragma.ends('... syntax error at or near "PRAGMA" ...')
    assert not databases.causes[1].ends("psycopg.errors")  # not a whole-step cause


def test_a_good_file_loads(tmp_path: Path) -> None:
    found = _load(tmp_path, GOOD)
    assert _title(found, ("a.id AS a_id",), ("a.id",)) == "Labels"
    assert found.command is None and found.page is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[upgrades\n", r"^causes\.toml is not valid TOML: "),
        ("[databases]\n", r"^causes\.toml: no \[upgrades\] table$"),
        (
            GOOD.replace("removed =", "remove ="),
            r"^causes\.toml \[\[upgrades\.causes\]\] 1 \('Labels'\): match: unknown key "
            r"'remove' \(known: markers, every_line, removed, added, reordered, whole_step\)$",
        ),
        (
            GOOD.replace("'\\s*AS \\w+\\s*'", "'(AS'"),
            r"^causes\.toml \[\[upgrades\.causes\]\] 1 \('Labels'\): match: removed '\(AS' "
            r"is not a regular expression: ",
        ),
        (
            GOOD.replace("match = { removed", "match = { whole_step = true, removed"),
            r"\('Labels'\): match: whole_step needs markers to find the step by$",
        ),
        (
            GOOD.replace("match = { removed = '\\s*AS \\w+\\s*', added = '' }", ""),
            r"\('Labels'\): match must be a table with at least one of markers, ",
        ),
        (
            GOOD.replace('title = "Labels"', ""),
            r"^causes\.toml \[\[upgrades\.causes\]\] 1: title must be a non-empty string$",
        ),
        (
            GOOD.replace("markers", "x").replace("match = {", "match = { markers = 'AS',"),
            r"\('Labels'\): match: markers must be a list of non-empty strings$",
        ),
        (
            GOOD.replace("[upgrades]\nunexplained", "[upgrades]\nunexplain"),
            r"^causes\.toml \[upgrades\]: unknown key 'unexplain' \(known: command, page, ",
        ),
    ],
    ids=[
        "not-toml",
        "no-table",
        "unknown-rule",
        "bad-regex",
        "whole-step-alone",
        "no-rule",
        "no-title",
        "markers-not-a-list",
        "unknown-key",
    ],
)
def test_a_bad_file_is_a_clear_error_naming_the_file_and_the_cause(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(CausesError, match=message):
        _load(tmp_path, text)


def test_a_missing_file_says_what_it_is_for(tmp_path: Path) -> None:
    with pytest.raises(CausesError, match=r"^causes\.toml cannot be read \(No such file"):
        causes.load(tmp_path / causes.FILE, "upgrades", tmp_path)
