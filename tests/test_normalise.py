"""Each normalisation rule: what it removes, and what it keeps."""

from __future__ import annotations

from companion.project.paths import ROOT
from companion.records.normalise import normalise

ENGINE = "INFO sqlalchemy.engine.Engine"
HERO = ("id", "name", "secret_name", "age", "team_id", "team")
TEAM = ("id", "name", "headquarters", "heroes")


def test_log_timestamps_are_dropped() -> None:
    raw = f"2026-11-21 20:00:00,123 {ENGINE} BEGIN (implicit)\n"
    assert normalise(raw) == f"{ENGINE} BEGIN (implicit)\n"


def test_a_printed_line_that_starts_with_a_date_is_kept() -> None:
    assert normalise("2026-11-21 20:00:00,123 was a Saturday\n") == (
        "2026-11-21 20:00:00,123 was a Saturday\n"
    )


def test_timings_become_dots_and_the_badge_stays() -> None:
    raw = (
        f"{ENGINE} [generated in 0.00011s] ('Spider-Boy',)\n"
        f"{ENGINE} [cached since 2.104s ago] (2,)\n"
        f"{ENGINE} [no key 0.00009s] ()\n"
        f"{ENGINE} [generated in 0.00020s (insertmanyvalues) 1/3 (ordered)] ('x', 1)\n"
        f"{ENGINE} [insertmanyvalues 2/3 (ordered; batch not supported)] ('y', 2.5)\n"
    )
    assert normalise(raw) == (
        f"{ENGINE} [generated in ...s] ('Spider-Boy',)\n"
        f"{ENGINE} [cached since ...s ago] (2,)\n"
        f"{ENGINE} [no key ...s] ()\n"
        f"{ENGINE} [generated in ...s (insertmanyvalues) 1/3 (ordered)] ('x', 1)\n"
        f"{ENGINE} [insertmanyvalues 2/3 (ordered; batch not supported)] ('y', 2.5)\n"
    )


def test_parameters_that_look_like_timings_are_kept() -> None:
    raw = f"{ENGINE} [generated in 0.1s] ('0.5s', 1.25)\n"
    assert normalise(raw) == f"{ENGINE} [generated in ...s] ('0.5s', 1.25)\n"


def test_trailing_spaces_are_dropped() -> None:
    raw = f"{ENGINE} \nCREATE TABLE team (\n\tid INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)\n"
    assert (
        normalise(raw)
        == f"{ENGINE}\nCREATE TABLE team (\n\tid INTEGER NOT NULL,\n\tPRIMARY KEY (id)\n)\n"
    )


def test_paths_lose_the_project_root_and_the_environment() -> None:
    raw = (
        f"{ROOT}/docs_src/a/tutorial001.py:34: SAWarning: careful\n"
        "/opt/env/lib/python3.11/site-packages/sqlmodel/main.py:10: UserWarning: hm\n"
    )
    assert normalise(raw) == (
        "docs_src/a/tutorial001.py:34: SAWarning: careful\n"
        "<site-packages>/sqlmodel/main.py:10: UserWarning: hm\n"
    )


def test_object_addresses_are_hidden() -> None:
    assert normalise("<Session object at 0x7f3a2b1c>\n") == "<Session object at 0x...>\n"


def test_traceback_frames_collapse_and_the_error_stays() -> None:
    raw = (
        "printed first\n"
        "Traceback (most recent call last):\n"
        '  File "/somewhere/sqlite.py", line 3, in execute\n'
        "    cursor.execute(statement)\n"
        "sqlite3.IntegrityError: FOREIGN KEY constraint failed\n"
        "\n"
        "The above exception was the direct cause of the following exception:\n"
        "\n"
        "Traceback (most recent call last):\n"
        '  File "/project/tutorial.py", line 9, in <module>\n'
        "    session.commit()\n"
        "    ^^^^^^^^^^^^^^^^\n"
        "sqlalchemy.exc.IntegrityError: (sqlite3.IntegrityError) FOREIGN KEY constraint failed\n"
        "[SQL: DELETE FROM team WHERE team.id = ?]\n"
    )
    assert normalise(raw) == (
        "printed first\n"
        "Traceback (most recent call last):\n"
        "  ...\n"
        "sqlalchemy.exc.IntegrityError: (sqlite3.IntegrityError) FOREIGN KEY constraint failed\n"
        "[SQL: DELETE FROM team WHERE team.id = ?]\n"
    )


def test_index_creation_is_sorted_and_every_statement_stays() -> None:
    raw = (
        f"{ENGINE} CREATE INDEX ix_hero_name ON hero (name)\n"
        f"{ENGINE} [no key 0.1s] ()\n"
        f"{ENGINE} CREATE INDEX ix_hero_age ON hero (age)\n"
        f"{ENGINE} [no key 0.2s] ()\n"
        f"{ENGINE} COMMIT\n"
    )
    assert normalise(raw) == (
        f"{ENGINE} CREATE INDEX ix_hero_age ON hero (age)\n"
        f"{ENGINE} [no key ...s] ()\n"
        f"{ENGINE} CREATE INDEX ix_hero_name ON hero (name)\n"
        f"{ENGINE} [no key ...s] ()\n"
        f"{ENGINE} COMMIT\n"
    )


def test_model_fields_follow_declaration_order_in_str_and_repr() -> None:
    raw = (
        "Hero: secret_name='Dive Wilson' age=None id=1 name='Deadpond, the one' team_id=2\n"
        "[Hero(team_id=2, name='Rusty-Man', id=2, secret_name='Tommy Sharp', age=48)]\n"
    )
    assert normalise(raw, (HERO, TEAM)) == (
        "Hero: id=1 name='Deadpond, the one' secret_name='Dive Wilson' age=None team_id=2\n"
        "[Hero(id=2, name='Rusty-Man', secret_name='Tommy Sharp', age=48, team_id=2)]\n"
    )


def test_nested_models_are_ordered_too() -> None:
    raw = "team=Team(name='Z-Force', id=1, headquarters=\"Sister Margaret's Bar\") id=1 name='x'\n"
    assert normalise(raw, (HERO, TEAM)) == (
        "id=1 name='x' team=Team(id=1, name='Z-Force', headquarters=\"Sister Margaret's Bar\")\n"
    )


def test_pairs_that_belong_to_no_model_keep_their_order() -> None:
    raw = "width=3 height=4\nname='x' weapon='sword'\n"
    assert normalise(raw, (HERO, TEAM)) == raw


def test_normalising_twice_changes_nothing() -> None:
    raw = f"2026-11-21 20:00:00,123 {ENGINE} [generated in 0.1s] (1,) \nage=1 id=2\n"
    once = normalise(raw, (HERO,))
    assert normalise(once, (HERO,)) == once
