"""Claims of the many-links page, asserted on the recorded runs."""

from pathlib import Path

from tutorial_recorder.testing import inserted

EXAMPLES = Path(__file__).parents[1] / "examples"
ONE_COMMIT = EXAMPLES / "many_links" / "step1.py"
TWO_WARNINGS = EXAMPLES / "many_links" / "step2.py"


def test_one_commit_sends_every_link_row_in_one_statement(tutorial_run):
    sent = tutorial_run(ONE_COMMIT).reading.sent()
    assert inserted(sent, "membership") == [[(1, 1), (1, 2), (1, 3), (2, 2), (2, 3), (3, 3)]]


def test_each_hero_is_in_the_teams_it_was_given(tutorial_run):
    assert tutorial_run(ONE_COMMIT).reading.printed == [
        "Links: [(1, 1), (2, 1), (2, 2), (3, 1), (3, 2), (3, 3)]"
    ]


def test_lists_without_back_populates_warn_twice_at_configuration(tutorial_run):
    warnings = tutorial_run(TWO_WARNINGS).reading.warnings
    assert [w.category for w in warnings] == ["SAWarning", "SAWarning"]
    assert [w.text.split(", which")[0] for w in warnings] == [
        "relationship 'Hero.teams' will copy column hero.id to column membership.hero_id",
        "relationship 'Hero.teams' will copy column team.id to column membership.team_id",
    ]
