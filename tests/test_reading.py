"""Reading a record back into items: the basis of every claim test."""

from __future__ import annotations

import pytest

from tutorial_recorder.records.reading import Error, Reading, Sent, inserted, writes

ENGINE = "INFO sqlalchemy.engine.Engine"
RECORD = f"""{ENGINE} BEGIN (implicit)
{ENGINE}
CREATE TABLE team (
\tid INTEGER NOT NULL,
\tPRIMARY KEY (id)
)


{ENGINE} [no key ...s] ()
{ENGINE} COMMIT
Saving two teams
{ENGINE} BEGIN (implicit)
{ENGINE} INSERT INTO team (name) VALUES (?)
{ENGINE} [generated in ...s] [('Preventers',), ('Z-Force',)]
{ENGINE} COMMIT
docs_src/x/tutorial001.py:12: SAWarning: relationship 'Hero.team' conflicts
  session.add(team)
Deleting a team
{ENGINE} DELETE FROM team WHERE team.id = ?
{ENGINE} [generated in ...s] (1,)
{ENGINE} ROLLBACK
Traceback (most recent call last):
  ...
sqlalchemy.exc.IntegrityError: (sqlite3.IntegrityError) FOREIGN KEY constraint failed
[SQL: DELETE FROM team WHERE team.id = ?]
"""


def test_statements_run_over_several_lines_until_their_parameters() -> None:
    reading = Reading.parse(RECORD)
    assert reading.statements[1] == (
        "CREATE TABLE team (\n\tid INTEGER NOT NULL,\n\tPRIMARY KEY (id)\n)"
    )
    assert reading.parameters == [
        "[no key ...s] ()",
        "[generated in ...s] [('Preventers',), ('Z-Force',)]",
        "[generated in ...s] (1,)",
    ]


def test_printed_lines_warnings_and_the_final_error_are_told_apart() -> None:
    reading = Reading.parse(RECORD)
    assert reading.printed == ["Saving two teams", "Deleting a team"]
    [warning] = reading.warnings
    assert (warning.category, warning.text) == ("SAWarning", "relationship 'Hero.team' conflicts")
    assert reading.error == Error(
        "sqlalchemy.exc.IntegrityError",
        "(sqlite3.IntegrityError) FOREIGN KEY constraint failed\n"
        "[SQL: DELETE FROM team WHERE team.id = ?]",
    )


def test_sent_pairs_each_statement_with_its_parameters_as_values() -> None:
    sent = Reading.parse(RECORD).sent(after="Saving two teams", before="Deleting a team")
    assert sent == [
        Sent("BEGIN (implicit)", None),
        Sent("INSERT INTO team (name) VALUES (?)", [("Preventers",), ("Z-Force",)]),
        Sent("COMMIT", None),
    ]
    assert writes(sent) == [sent[1]]
    assert inserted(sent, "team") == [[("Preventers",), ("Z-Force",)]]


def test_everything_after_a_printed_line() -> None:
    reading = Reading.parse(RECORD)
    assert [s.statement for s in reading.sent(after="Deleting")] == [
        "DELETE FROM team WHERE team.id = ?",
        "ROLLBACK",
    ]
    assert reading.printed_after("Saving two teams") == ["Deleting a team"]


def test_a_missing_marker_is_an_error_not_an_empty_list() -> None:
    reading = Reading.parse(RECORD)
    with pytest.raises(AssertionError, match="no printed line starting with 'Creating'"):
        reading.sent(after="Creating")
    with pytest.raises(AssertionError, match="no printed line starting with 'Saving two'"):
        reading.statements_between("Deleting a team", "Saving two")
