"""Right verdicts: a missing dependency fails the run, naming it, and is never recorded; a
warning is read as a warning whatever its message starts with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.layout import PROJECT
from tutorial_recorder.runner.recorder import StepError, record

FIXTURES = Path(__file__).parent / "fixtures"


MISSING = (
    "tests/fixtures/verdicts_needs_a_package.py needs the package 'superhero_registry',"
    " which is not installed: install it (a missing dependency is never recorded)"
)


def test_a_package_that_is_not_installed_fails_as_a_missing_dependency() -> None:
    with pytest.raises(StepError, match=f"^{re.escape(MISSING)}$"):
        record(PROJECT, FIXTURES / "verdicts_needs_a_package.py")


# the step's own errors, a missing module of the project's tree among them, are recorded
ENDING = "Traceback (most recent call last):\n  ...\n"
RECORDED = {
    "verdicts_imports_its_own_tree.py": (
        f"{ENDING}ModuleNotFoundError: No module named 'connect_tables'\n"
    ),
    "verdicts_fails_on_purpose.py": (
        f"looking for the hero\n{ENDING}LookupError: no hero named Deadpond\n"
    ),
}


@pytest.mark.parametrize("fixture", sorted(RECORDED))
def test_a_missing_module_of_the_tree_or_an_ordinary_error_is_recorded(fixture: str) -> None:
    assert record(PROJECT, FIXTURES / fixture).text == RECORDED[fixture]


def test_a_warning_whose_message_starts_with_a_line_end_is_read_as_a_warning() -> None:
    transcript = record(PROJECT, FIXTURES / "verdicts_warns_with_a_line_end.py")
    assert transcript.text == (
        "before the warning\n"
        "tests/fixtures/verdicts_warns_with_a_line_end.py:6: DeprecationWarning:\n"
        "Hero.team is deprecated: use Hero.teams\n"
        '  warnings.warn("\\nHero.team is deprecated: use Hero.teams", DeprecationWarning,'
        " stacklevel=1)\n"
        "after the warning\n"
    )
    reading = transcript.reading
    assert reading.printed == ["before the warning", "after the warning"]
    [warning] = reading.warnings
    assert (warning.category, warning.text) == (
        "DeprecationWarning",
        "Hero.team is deprecated: use Hero.teams",
    )
    assert warning.lines == tuple(transcript.text.splitlines()[1:4])
