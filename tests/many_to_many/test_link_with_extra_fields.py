"""Claims of the link-with-extra-fields page (curriculum C.5), on the recorded runs."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC
from tutorial_recorder.testing import Database, query, writes

from ..conftest import Run

CHAPTER = DOCS_SRC / "many_to_many" / "link_with_extra_fields"
LINK_MODEL = CHAPTER / "tutorial001.py"
BOTH_WRITABLE = CHAPTER / "tutorial002.py"
VIEW_ONLY = CHAPTER / "tutorial003.py"
SILENCED = CHAPTER / "tutorial004.py"

LINK_INSERT = "INSERT INTO heroteamlink (team_id, hero_id, is_training) VALUES (?, ?, ?)"
APPENDING = "Appending the Preventers to Rusty-Man's plain list"
FLIPPING = "Flipping is_training of the link team_id=2 hero_id=3"


@pytest.mark.on_both
def test_the_link_table_gains_the_extra_column_and_keeps_its_key(
    tutorial_run: Run, tutorial_database: Database
) -> None:
    [ddl] = [
        s
        for s in tutorial_run(LINK_MODEL).reading.statements
        if s.startswith("CREATE TABLE heroteamlink (")
    ]
    boolean = "BOOL" if tutorial_database.name == "mariadb" else "BOOLEAN"  # MySQL's type
    assert f"is_training {boolean} NOT NULL," in ddl
    assert "PRIMARY KEY (team_id, hero_id)" in ddl
    assert ddl.count("FOREIGN KEY(") == 2


@pytest.mark.on_both
def test_back_populates_fills_the_heros_links_before_saving(tutorial_run: Run) -> None:
    reading = tutorial_run(LINK_MODEL).reading
    assert "Deadpond's links before saving: 2" in reading.printed
    assert reading.statements_between("Deadpond's links", "Committing four links") == []


def test_the_links_are_inserted_last_in_one_statement(tutorial_run: Run) -> None:
    changed = writes(
        tutorial_run(LINK_MODEL).reading.sent(after="Committing four links", before="Committed")
    )
    tables = [s.statement.split()[2] for s in changed]
    assert tables == ["hero", "hero", "hero", "team", "team", "heroteamlink"]
    assert all(s.statement.endswith("RETURNING id") for s in changed[:5])
    assert changed[-1].statement == LINK_INSERT


def test_each_team_is_loaded_once_while_walking_the_links(tutorial_run: Run) -> None:
    reading = tutorial_run(LINK_MODEL).reading
    team_by_id = "SELECT team.id, team.name, team.headquarters\nFROM team\nWHERE team.id = ?"
    deadpond = reading.sent(after="Committed", before="Created Deadpond")
    assert [s.parameters for s in deadpond if s.statement == team_by_id] == [(1,), (2,)]
    later = reading.statements_between("Created Deadpond", "Created Spider-Boy")
    assert team_by_id not in later
    links_of_a_hero = (
        "SELECT heroteamlink.team_id, heroteamlink.hero_id, heroteamlink.is_training\n"
        "FROM heroteamlink\nWHERE ? = heroteamlink.hero_id"
    )
    assert later.count(links_of_a_hero) == 2  # Rusty-Man's links, Spider-Boy's links


def test_is_training_is_written(tutorial_run: Run) -> None:
    changed = writes(
        tutorial_run(LINK_MODEL).reading.sent(after="Committing four links", before="Committed")
    )
    # SQLite has no boolean storage: False and True are sent as 0 and 1
    assert changed[-1].parameters == [(1, 1, 0), (2, 1, 1), (2, 2, 0), (2, 3, 1)]
    printed = tutorial_run(LINK_MODEL).reading.printed
    assert "Created Spider-Boy: Preventers (training: True)" in printed


def test_is_training_is_flipped_by_one_update_of_the_link_row(tutorial_run: Run) -> None:
    reading = tutorial_run(LINK_MODEL).reading
    assert "Before: Spider-Boy: Preventers (training: True)" in reading.printed
    changed = writes(reading.sent(after=FLIPPING, before="Flipped and committed"))
    assert [(s.statement, s.parameters) for s in changed] == [
        (
            "UPDATE heroteamlink SET is_training=? "
            "WHERE heroteamlink.team_id = ? AND heroteamlink.hero_id = ?",
            (0, 2, 3),
        )
    ]


def test_is_training_is_read_back_from_the_database(tutorial_run: Run) -> None:
    reading = tutorial_run(LINK_MODEL).reading
    # a new session: the links are loaded again, not taken from memory
    reloaded = reading.sent(after="Read back in a new session", before="  Spider-Boy")
    assert (
        "SELECT heroteamlink.team_id, heroteamlink.hero_id, heroteamlink.is_training\n"
        "FROM heroteamlink\nWHERE ? = heroteamlink.hero_id",
        (3,),
    ) in [(s.statement, s.parameters) for s in reloaded]
    printed = reading.printed
    assert printed[printed.index("Read back in a new session:") + 1 :] == [
        "  Deadpond: Z-Force (training: False), Preventers (training: True)",
        "  Rusty-Man: Preventers (training: False)",
        "  Spider-Boy: Preventers (training: False)",
    ]
    assert query(
        tutorial_run(LINK_MODEL).state, "SELECT team_id, hero_id, is_training FROM heroteamlink"
    ).rows == [(1, 1, 0), (2, 1, 1), (2, 2, 0), (2, 3, 0)]


@pytest.mark.on_both
def test_the_link_model_alone_runs_without_warning(tutorial_run: Run) -> None:
    reading = tutorial_run(LINK_MODEL).reading
    assert reading.warnings == []
    assert reading.error is None


@pytest.mark.on_both
def test_plain_lists_beside_the_link_model_warn_that_relationships_overlap(
    tutorial_run: Run,
) -> None:
    warnings = tutorial_run(BOTH_WRITABLE).reading.warnings
    assert len(warnings) == 5
    assert {w.category for w in warnings} == {"SAWarning"}
    for warning in warnings:
        assert "will copy column" in warning.text
        assert "which conflicts with relationship(s)" in warning.text
        assert "viewonly=True" in warning.text
    first = warnings[0].text
    assert first.startswith(
        "relationship 'Team.heroes' will copy column team.id to column heroteamlink.team_id, "
        "which conflicts with relationship(s): 'HeroTeamLink.team' (copies team.id to "
        "heroteamlink.team_id), 'Team.hero_links' (copies team.id to heroteamlink.team_id)."
    )
    assert (
        "To silence this warning, add the parameter 'overlaps=\"hero_links,team\"' "
        "to the 'Team.heroes' relationship."
    ) in first
    warned = {w.text.split("'")[1] for w in warnings}
    assert warned == {"Team.heroes", "Hero.team_links", "Hero.teams"}


@pytest.mark.on_both
def test_viewonly_lists_remove_the_warning(tutorial_run: Run) -> None:
    reading = tutorial_run(VIEW_ONLY).reading
    assert reading.warnings == []
    assert reading.error is None


@pytest.mark.on_both
def test_viewonly_changes_nothing_until_the_list_is_written(tutorial_run: Run) -> None:
    warned, view_only = tutorial_run(BOTH_WRITABLE).reading, tutorial_run(VIEW_ONLY).reading
    assert view_only.sent(after="Saved Deadpond", before=APPENDING) == warned.sent(
        after="Saved Deadpond", before=APPENDING
    )
    printed = view_only.printed
    at = next(i for i, line in enumerate(printed) if line.startswith(APPENDING))
    assert printed[: at + 1] == warned.printed[: at + 1]
    assert "Deadpond's teams through the list: ['Z-Force', 'Preventers']" in printed
    assert "Deadpond's is_training through the links: [False, True]" in printed


def test_a_writable_list_inserts_a_link_with_the_default_is_training(tutorial_run: Run) -> None:
    reading = tutorial_run(BOTH_WRITABLE).reading
    changed = writes(reading.sent(after=APPENDING, before="Rusty-Man's teams after the commit"))
    assert [(s.statement, s.parameters) for s in changed] == [(LINK_INSERT, (2, 2, 0))]
    printed = reading.printed
    assert "Rusty-Man's teams after the commit: ['Preventers']" in printed
    assert "Rusty-Man's links after the commit: [('Preventers', False)]" in printed


@pytest.mark.on_both
def test_a_viewonly_list_accepts_the_append_but_writes_nothing(tutorial_run: Run) -> None:
    reading = tutorial_run(VIEW_ONLY).reading
    sent = reading.sent(after=APPENDING, before="Rusty-Man's teams after the commit")
    assert writes(sent) == []
    assert "COMMIT" in [s.statement for s in sent]
    assert "Rusty-Man's teams after the commit: []" in reading.printed
    assert "Rusty-Man's links after the commit: []" in reading.printed
    assert query(
        tutorial_run(VIEW_ONLY).state, "SELECT team_id, hero_id FROM heroteamlink"
    ).rows == [
        (1, 1),
        (2, 1),
    ]


def test_overlaps_silences_the_warning_but_the_plain_list_still_writes(tutorial_run: Run) -> None:
    reading = tutorial_run(SILENCED).reading
    assert reading.warnings == []
    assert reading.error is None
    changed = writes(reading.sent(after=APPENDING, before="Rusty-Man's teams after the commit"))
    assert [(s.statement, s.parameters) for s in changed] == [(LINK_INSERT, (2, 2, 0))]
    assert reading.statements == tutorial_run(BOTH_WRITABLE).reading.statements
    assert reading.printed == tutorial_run(BOTH_WRITABLE).reading.printed


@pytest.mark.on_both
def test_after_the_commit_each_hero_is_refreshed_before_his_links_and_their_teams(
    tutorial_run: Run,
) -> None:
    reading = tutorial_run(LINK_MODEL).reading
    sent = reading.statements_between("Committed", "Created Deadpond")
    assert [" ".join(s.split("\n")[1:2]) for s in sent] == [
        "",
        "FROM hero",
        "FROM heroteamlink",
        "FROM team",
        "FROM team",
    ]
    assert sent[1].split("\n")[2].startswith("WHERE hero.id = ")
    for first, second in (("Created Deadpond", "Created Rusty"), ("Created Rusty", "Created S")):
        between = reading.statements_between(first, second)
        assert [s.split("\n")[1] for s in between] == ["FROM hero", "FROM heroteamlink"]
