"""Rule 12: the "not in session" warnings of one flush come in one order; others keep theirs."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.layout import PROJECT, ROOT
from tests.test_linear import LIMIT, _times
from tests.test_normalise import RECORD_BOTH
from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.runner.recorder import record

FIXTURES = Path(__file__).parent / "fixtures"
LINKED = FIXTURES / "warning_order_link.py"
"""A link made outside the session: its flush warns along 'Hero.team_links' and
'Team.hero_links' in an order that follows memory addresses."""
REPEATS = 30
SEEDS = ("1", "2", "3")
AT = "docs_src/a/tutorial001.py:42: SAWarning: Object of type <HeroTeamLink> not in session, "
HERO = f"{AT}add operation along 'Hero.team_links' will not proceed\n  session.commit()\n"
TEAM = f"{AT}add operation along 'Team.hero_links' will not proceed\n  session.commit()\n"
WONT = HERO.replace("will not", "won't")
ENGINE = "INFO sqlalchemy.engine.Engine"


def test_two_warnings_together_read_the_same_in_either_order() -> None:
    assert normalise(f"{TEAM}{HERO}") == normalise(f"{HERO}{TEAM}") == f"{HERO}{TEAM}"


def test_the_wording_of_the_dependency_processor_is_sorted_too() -> None:
    assert normalise(f"before\n{TEAM}{WONT}after\n") == f"before\n{WONT}{TEAM}after\n"
    assert normalise(f"before\n{WONT}{TEAM}after\n") == f"before\n{WONT}{TEAM}after\n"


def test_warnings_without_their_source_line_are_sorted_as_they_are() -> None:
    hero, team = HERO.split("\n")[0] + "\n", TEAM.split("\n")[0] + "\n"
    assert normalise(f"{team}{hero}") == f"{hero}{team}"


@pytest.mark.parametrize(
    "between",
    ["Links: 0 0\n", f"{ENGINE} COMMIT\n", "\n"],
    ids=["a printed line", "SQL", "a blank line"],
)
def test_warnings_with_something_between_them_keep_their_order(between: str) -> None:
    assert normalise(f"{TEAM}{between}{HERO}") == f"{TEAM}{between}{HERO}"


def test_other_warnings_keep_their_order_even_together() -> None:
    other = "docs_src/a/tutorial001.py:44: SAWarning: relationship 'Team.heroes' will copy\n"
    assert normalise(f"{TEAM}{other}{HERO}") == f"{TEAM}{other}{HERO}"
    assert normalise(f"{other}{TEAM}{HERO}") == f"{other}{HERO}{TEAM}"
    unsorted = f"{other}{other.replace('Team.heroes', 'Hero.teams')}"
    assert normalise(unsorted) == unsorted


def test_the_rule_takes_time_proportional_to_its_input() -> None:
    warnings = f"({TEAM!r} + {HERO!r}) * (n // {len(TEAM) + len(HERO)})"
    for shape in (warnings, '"x" + ":1" * (n // 2) + " not in session, "'):
        small, large = _times(shape, "line", 256 * 1024)
        assert large / max(small, 1e-3) < LIMIT, (shape, small, large)
        assert large < 30, (shape, large)


def test_the_fixture_warns_once_per_side_in_one_flush() -> None:
    warnings = record(PROJECT, LINKED).reading.warnings
    assert [warning.text for warning in warnings] == [
        "Object of type <HeroTeamLink> not in session, add operation along "
        f"'{side}' will not proceed"
        for side in ("Hero.team_links", "Team.hero_links")
    ]


def test_the_fixture_records_the_same_30_times() -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        texts = set(pool.map(lambda _: record(PROJECT, LINKED).text, range(REPEATS)))
    assert len(texts) == 1


def _recorded_with_hash_seed(seed: str) -> str:
    command = [sys.executable, "-c", RECORD_BOTH, str(LINKED)]
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        command, env=environment, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def under_three_hash_seeds() -> set[str]:
    """The fixture recorded in three processes, each with its own hash seed."""
    return {_recorded_with_hash_seed(seed) for seed in SEEDS}


@pytest.mark.ahead.with_args(under_three_hash_seeds)
def test_the_fixture_records_the_same_under_three_hash_seeds(tutorial_ahead: Ahead) -> None:
    assert tutorial_ahead.result(under_three_hash_seeds) == {record(PROJECT, LINKED).text}
