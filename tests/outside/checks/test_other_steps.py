"""Claims about the steps that are laid out unlike the rest."""

from pathlib import Path

EXAMPLES = Path(__file__).parents[1] / "examples"


def test_a_models_only_module_prints_nothing_and_leaves_an_empty_database(tutorial_run):
    transcript = tutorial_run(EXAMPLES / "models_only" / "step1.py")
    assert transcript.text == ""
    assert transcript.state == "BEGIN TRANSACTION;\nCOMMIT;\n"
    assert 'team |o--o{ hero : "team_id"' in transcript.diagram


def test_a_step_imports_its_sibling_helper(tutorial_run):
    assert tutorial_run(EXAMPLES / "with_helper" / "step1.py").reading.printed == [
        "Heroes: ['Ada']"
    ]


def test_a_step_named_for_python_3_10_runs(tutorial_run):
    assert tutorial_run(EXAMPLES / "py310" / "step001_py310.py").reading.printed == [
        "Saved Ada with id 1"
    ]


def test_a_step_on_heroes_db_is_recorded_with_that_database(tutorial_run):
    transcript = tutorial_run(EXAMPLES / "own_files" / "step1.py")
    assert transcript.reading.printed == ["Heroes in heroes.db: ['Deadpond']"]
    assert "INSERT INTO \"hero\" VALUES(1,'Deadpond');" in transcript.state


def test_a_step_whose_url_comes_from_the_environment_is_recorded_on_its_own_database(
    tutorial_run,
):
    transcript = tutorial_run(EXAMPLES / "own_files" / "step2.py")
    assert transcript.reading.printed == ["Saved Rusty-Man"]
    assert "INSERT INTO \"hero\" VALUES(1,'Rusty-Man');" in transcript.state
