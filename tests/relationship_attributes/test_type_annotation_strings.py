"""Claims of the type_annotation_strings page (curriculum B.7)."""

from __future__ import annotations

import pytest

from tests.layout import DOCS_SRC

from ..conftest import Run

MODULE = DOCS_SRC / "relationship_attributes" / "type_annotation_strings" / "tutorial001.py"


@pytest.mark.on_both
def test_hero_does_not_exist_yet_when_team_is_defined(tutorial_run: Run) -> None:
    printed = tutorial_run(MODULE).reading.printed
    assert printed[:2] == [
        "Team is defined. Is there a Hero class yet? False",
        "Hero is defined. Is there a Hero class now? True",
    ]


@pytest.mark.on_both
def test_the_quoted_annotation_resolves_once_both_classes_exist(tutorial_run: Run) -> None:
    printed = tutorial_run(MODULE).reading.printed
    assert "Team.heroes resolves to the class: Hero" in printed
    assert "It is the Hero class defined above: True" in printed
    assert "Hero.team resolves to the class: Team" in printed


@pytest.mark.on_both
def test_the_resolved_relationship_works_without_warning_or_error(tutorial_run: Run) -> None:
    reading = tutorial_run(MODULE).reading
    assert "Black Lion's team: Wakaland" in reading.printed
    assert reading.warnings == []
    assert reading.error is None


ONE_STRING = MODULE.with_name("tutorial002.py")


@pytest.mark.on_both
def test_an_optional_written_as_one_string_fails_when_the_models_are_set_up(
    tutorial_run: Run,
) -> None:
    reading = tutorial_run(ONE_STRING).reading
    assert reading.printed == ["Both classes are defined", "Creating the first Weapon object"]
    assert reading.error is not None
    assert reading.error.type == "sqlalchemy.exc.InvalidRequestError"
    assert reading.error.message.startswith(
        "When initializing mapper Mapper[Weapon(weapon)], expression 'Hero | None' failed "
        "to locate a name ('Hero | None')."
    )


@pytest.mark.on_both
def test_the_tables_are_the_usual_pair(tutorial_run: Run) -> None:
    plain = DOCS_SRC / "connect_tables" / "create_connected_tables" / "tutorial001.py"
    assert tutorial_run(MODULE).diagram == tutorial_run(plain).diagram
