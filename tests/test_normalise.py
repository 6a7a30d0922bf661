"""Each normalisation rule: what it removes, and what it keeps."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.layout import PROJECT, ROOT
from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.records.reading import inserted
from tutorial_recorder.runner.recorder import record

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


def test_timings_written_by_g_format_become_dots_too() -> None:
    """``cached since`` is ``%.4g``: a whole second has no point, a tiny time an exponent."""
    raw = (
        f"{ENGINE} [cached since 1s ago] (2,)\n"
        f"{ENGINE} [cached since 5e-05s ago] (3,)\n"
        f"{ENGINE} [cached since 12.5s ago] (4,)\n"
    )
    assert normalise(raw) == "".join(
        f"{ENGINE} [cached since ...s ago] ({n},)\n" for n in (2, 3, 4)
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
    assert normalise(raw, root=ROOT) == (
        "docs_src/a/tutorial001.py:34: SAWarning: careful\n"
        "<site-packages>/sqlmodel/main.py:10: UserWarning: hm\n"
    )
    assert normalise(raw).startswith(f"{ROOT}/docs_src/")  # no root given: nothing to drop


WARNED = "sqlalchemy/orm/relationships.py:3341: SAWarning: relationship 'Hero.team'"


@pytest.mark.parametrize(
    "environment",
    [
        "{root}/.venv/lib/python3.11/site-packages/",
        "{root}/.nox/lowest/lib/python3.12/site-packages/",
        "/tmp/tmpa1b2/venv/lib64/python3.13/site-packages/",
        "/root/.cache/uv/archive-v0/x1y2/lib/python3.11/site-packages/",
        "/usr/lib/python3/dist-packages/",
        ".venv/lib/python3.11/site-packages/",
        "site-packages/",
        "<site-packages>/",
    ],
)
def test_a_library_path_has_one_spelling_wherever_the_environment_lives(
    environment: str,
) -> None:
    raw = f"{environment.format(root=ROOT)}{WARNED}\n"
    assert normalise(raw) == f"<site-packages>/{WARNED}\n"


def test_the_standard_library_and_the_prefix_are_named_and_the_root_goes_last() -> None:
    stdlib = sysconfig.get_paths()["stdlib"]
    raw = (
        f'  File "{stdlib}/json/decoder.py", line 3\n'
        f"{sys.prefix}/bin/python\n"
        f"{ROOT}/tests/outside/pyproject.toml\n"
    )
    assert normalise(raw, root=ROOT) == (
        '  File "<stdlib>/json/decoder.py", line 3\n'
        "<prefix>/bin/python\n"
        "tests/outside/pyproject.toml\n"
    )


LINK_TABLE = (
    f"{ENGINE} \nCREATE TABLE heroteamlink (\n\tteam_id INTEGER NOT NULL, \n"
    "\thero_id INTEGER NOT NULL, \n\tPRIMARY KEY (team_id, hero_id), \n"
    "\tFOREIGN KEY(team_id) REFERENCES team (id), \n"
    "\tFOREIGN KEY(hero_id) REFERENCES hero (id)\n)\n\n\n"
)
LINK_WITH_A_FIELD = LINK_TABLE.replace(
    "\tPRIMARY KEY", "\tis_training BOOLEAN NOT NULL, \n\tPRIMARY KEY"
)


def test_the_rows_of_one_statement_on_a_link_table_are_sorted() -> None:
    raw = (
        f"{LINK_TABLE}"
        f"{ENGINE} INSERT INTO heroteamlink (team_id, hero_id) VALUES (?, ?)\n"
        f"{ENGINE} [generated in 0.0001s] [(2, 5), (1, 2), (10, 1), (1, 1)]\n"
        f"{ENGINE} DELETE FROM heroteamlink WHERE heroteamlink.team_id = ? AND "
        "heroteamlink.hero_id = ?\n"
        f"{ENGINE} [generated in 0.0001s] [(2, 2), (1, 2)]\n"
    )
    assert normalise(raw).split("\n")[-5:] == [
        f"{ENGINE} INSERT INTO heroteamlink (team_id, hero_id) VALUES (?, ?)",
        f"{ENGINE} [generated in ...s] [(1, 1), (1, 2), (2, 5), (10, 1)]",
        f"{ENGINE} DELETE FROM heroteamlink WHERE heroteamlink.team_id = ? AND "
        "heroteamlink.hero_id = ?",
        f"{ENGINE} [generated in ...s] [(1, 2), (2, 2)]",
        "",
    ]


@pytest.mark.parametrize(
    ("created", "rows"),
    [
        (LINK_WITH_A_FIELD, "[(2, 5, 1), (1, 2, 0)]"),
        (LINK_TABLE.replace("heroteamlink", "elsewhere"), "[(2, 5), (1, 2)]"),
        (LINK_TABLE, "[(2, 5), (1, 2)  ... displaying 10 of 30 total bound parameter sets ...]"),
        (LINK_TABLE, "[(2, 'b'), (1, None), ('a', 1)]"),
    ],
    ids=["extra column", "no such link table", "shortened", "values that do not compare"],
)
def test_rows_keep_their_order_unless_they_are_a_whole_list_of_link_rows(
    created: str, rows: str
) -> None:
    raw = (
        f"{created}{ENGINE} INSERT INTO heroteamlink (team_id, hero_id) VALUES (?, ?)\n"
        f"{ENGINE} [generated in 0.0001s] {rows}\n"
    )
    assert normalise(raw).endswith(f"{ENGINE} [generated in ...s] {rows}\n")


MANY_LINKS = Path(__file__).parent / "outside" / "examples" / "many_links"
ONE_COMMIT = MANY_LINKS / "step1.py"
"""One commit saves three heroes with six links: SQLAlchemy's link-row order varies."""
TWO_WARNINGS = MANY_LINKS / "step2.py"
"""Two lists without back_populates: two warnings at mapper configuration."""
REPEATS = 30


@pytest.mark.parametrize("module", [ONE_COMMIT, TWO_WARNINGS], ids=["links", "warnings"])
def test_a_step_sqlalchemy_orders_freely_records_the_same_30_times(module: Path) -> None:
    assert len({record(PROJECT, module).text for _ in range(REPEATS)}) == 1


def test_the_link_rows_of_one_commit_are_in_value_order() -> None:
    [rows] = inserted(record(PROJECT, ONE_COMMIT).reading.sent(), "membership")
    assert rows == [(1, 1), (1, 2), (1, 3), (2, 2), (2, 3), (3, 3)]


RECORD_BOTH = (
    "import sys; from pathlib import Path; from tutorial_recorder.runner.recorder import record; "
    "from tests.layout import PROJECT; "
    "sys.stdout.write('\\0'.join(record(PROJECT, Path(m)).text for m in sys.argv[1:]))"
)


def under_three_hash_seeds() -> set[str]:
    """Both steps recorded in three processes, each with its own hash seed."""
    found = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", RECORD_BOTH, str(ONE_COMMIT), str(TWO_WARNINGS)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        found.add(done.stdout)
    return found


@pytest.mark.ahead.with_args(under_three_hash_seeds)
def test_such_steps_record_the_same_under_other_hash_seeds(tutorial_ahead: Ahead) -> None:
    assert tutorial_ahead.result(under_three_hash_seeds) == {
        "\0".join(record(PROJECT, module).text for module in (ONE_COMMIT, TWO_WARNINGS))
    }


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
