"""Claims of the page on links made outside the session."""

from pathlib import Path

CHAPTER = Path(__file__).parents[1] / "examples" / "link_warnings"


def test_a_link_outside_the_session_warns_once_for_each_side(tutorial_run):
    warnings = tutorial_run(CHAPTER / "step001_py310.py").reading.warnings
    assert [w.text.rsplit(" along ", 1)[1] for w in warnings] == [
        "'Guild.member_links' will not proceed",
        "'Hero.guild_links' will not proceed",
    ]
    assert tutorial_run(CHAPTER / "step001_py310.py").reading.printed == ["Links in memory: 0 0"]


def test_a_link_given_to_the_session_is_saved_without_a_warning(tutorial_run):
    run = tutorial_run(CHAPTER / "step002_py310.py").reading
    assert run.warnings == []
    assert run.printed == ["Link: hero_id=1 guild_id=1"]
