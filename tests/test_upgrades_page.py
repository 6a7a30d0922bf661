"""The generated upgrade comparisons: SQLAlchemy 2.0's set against the records, grouped by
cause, and the lowest set's unexplained steps; written from sets made here, checked against
the committed files and the records, and included by the upgrades page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.layout import PROJECT, ROOT, SQLITE
from tutorial_recorder.compare import causes, fragment, upgrades
from tutorial_recorder.matrix import page as matrix_page
from tutorial_recorder.matrix.results import SetResult, load
from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import TRANSCRIPT
from tutorial_recorder.site import includes

from .test_matrix import ONE, PLAIN, THREE, TWO, changed, records_of, write_set


def _record(module: Path) -> Path:
    """The SQLite transcript of ``module``."""
    return SQLITE.record_for(PROJECT, module, TRANSCRIPT)


UPGRADES = causes.of(PROJECT, "upgrades")
FRAGMENT = PROJECT.root / PROJECT.comparisons / upgrades.FILE
PAGE = PROJECT.docs / "upgrades" / "sqlalchemy_2_0_vs_2_1.md"
CODE_FENCE = "```"


def write(results: list[SetResult], root: Path, into: Path) -> str:
    return matrix_page.write(PROJECT, UPGRADES, results, root, into)


def compared(root: Path, modules: list[Path]) -> str:
    """The upgrades comparison of the sets ``OLD`` and ``NEW`` of ``modules`` under ``root``."""
    first, second = (
        matrix_page.versions(PROJECT, load(PROJECT, root / name, modules), root / name)
        for name in (matrix_page.OLD, matrix_page.NEW)
    )
    return upgrades.generate(PROJECT, UPGRADES, first, second)


def problems(text: str) -> list[str]:
    return upgrades.problems(PROJECT, UPGRADES, text)


def test_the_page_shows_the_generated_section_as_committed() -> None:
    markdown = PAGE.read_text()
    target_name = FRAGMENT.relative_to(ROOT).as_posix()
    assert f"{{* {target_name} *}}" in markdown
    text = FRAGMENT.read_text()
    assert (
        text in includes.expand(PROJECT, markdown, "docs/upgrades/sqlalchemy_2_0_vs_2_1.md") + "\n"
    )


def test_the_generated_section_is_unedited_and_fits_the_records() -> None:
    text = FRAGMENT.read_text()
    assert problems(text) == []
    assert "SQLAlchemy 2.0" in text and "SQLAlchemy 2.1" in text


def test_a_hand_edit_of_the_generated_section_is_found() -> None:
    text = FRAGMENT.read_text().replace("steps differ", "steps differ a lot", 1)
    assert problems(text) == [
        "it was edited by hand: its checksum does not match; run ./scripts/matrix"
    ]


def test_a_generated_section_that_no_longer_fits_the_records_is_found(tmp_path: Path) -> None:
    write_set(
        tmp_path, matrix_page.OLD, {ONE: changed(ONE), TWO: records_of(TWO)}, sqlalchemy="2.0.58"
    )
    write_set(tmp_path, matrix_page.NEW, {ONE: records_of(ONE), TWO: records_of(TWO)})
    text = compared(tmp_path, [ONE, TWO])
    assert problems(text) == []
    assert "1 of the 2 steps differ" in text
    assert "`DISTINCT` goes: 1 line in 1 step, for example:" in text
    # 2.0's line, then 2.1's, the word that differs marked
    assert "<del>-INFO sqlalchemy.engine.Engine SELECT<mark> DISTINCT</mark>" in text
    # as if the records had changed since: the diff's 2.1 side no longer reads as they do
    # (the step's diff, the last one, not the example under its cause)
    head, sign, tail = text.partition("\n")[2].rpartition("\n<ins>+INFO")
    rest = head + sign + " CHANGED" + tail
    stale = fragment.header(rest, "./scripts/matrix", "its sets sqlalchemy-2.0 and locked") + rest
    [problem] = problems(stale)
    assert problem.startswith(_record(ONE).relative_to(ROOT).as_posix())


def test_the_section_is_written_only_from_a_run_with_both_sqlalchemy_sets(tmp_path: Path) -> None:
    into = tmp_path / "comparisons"
    write_set(tmp_path, matrix_page.NEW, {ONE: records_of(ONE)})
    new = load(PROJECT, tmp_path / matrix_page.NEW, [ONE])
    assert "left as it is" in write([new], tmp_path, into)
    write_set(tmp_path, matrix_page.OLD, {ONE: changed(ONE)}, sqlalchemy="2.0.58")
    old = load(PROJECT, tmp_path / matrix_page.OLD, [ONE])
    assert "rewritten" in write([new, old], tmp_path, into)
    assert "up to date" in write([new, old], tmp_path, into)
    assert "SQLAlchemy 2.0.58" in (into / upgrades.FILE).read_text()


LOWEST_FRAGMENT = FRAGMENT.with_name(upgrades.LOWEST_FILE)
LABELLED = re.compile(r"\b(\w+)\.(\w+)(?=,|$)")


def as_under_2_0(module: Path) -> dict[str, str]:
    """``module``'s records as SQLAlchemy 2.0 writes them: labelled columns in each
    ``SELECT`` line, and ``/e/20/`` links."""
    texts = records_of(module)
    lines = []
    for line in texts[TRANSCRIPT].split("\n"):
        if line.startswith("INFO sqlalchemy.engine.Engine SELECT "):
            line = LABELLED.sub(lambda m: f"{m[1]}.{m[2]} AS {m[1]}_{m[2]}", line)
        lines.append(line.replace("sqlalche.me/e/21/", "sqlalche.me/e/20/"))
    texts[TRANSCRIPT] = "\n".join(lines)
    return texts


LINKED = next(m for m in PLAIN if "sqlalche.me/e/21/" in _record(m).read_text())
SELECTS = next(m for m in PLAIN if m != LINKED and "Engine SELECT " in _record(m).read_text())


def _page_link(module: Path) -> str:
    step = next(step for step in steps.steps(PROJECT) if step.module == module)
    assert step.page is not None
    return f"[`{step.id}`](../{step.group}/{step.page.name})"


def test_the_section_groups_the_changes_by_cause_with_their_sources(tmp_path: Path) -> None:
    runs = {LINKED: as_under_2_0(LINKED), SELECTS: as_under_2_0(SELECTS), THREE: changed(THREE)}
    write_set(tmp_path, matrix_page.OLD, runs, sqlalchemy="2.0.58")
    write_set(tmp_path, matrix_page.NEW, {m: records_of(m) for m in runs})
    text = compared(tmp_path, list(runs))
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == [
        "### Column labels in the ORM's own SELECTs",
        "### Links in errors and warnings",
        "### Other changes",
        "### Every step",
    ]
    assert "[issue 12932](https://github.com/sqlalchemy/sqlalchemy/issues/12932)" in text
    assert "[error pages for 2.1](https://docs.sqlalchemy.org/en/21/errors.html)" in text
    other = text.partition("### Other changes")[2].partition("### Every step")[0]
    assert "No cause above explains these changes." in other
    assert "`DISTINCT` goes" in other
    for module in runs:
        assert f"{_page_link(module)}, `{PROJECT.relative(_record(module))}`:" in text
    assert problems(text) == []


def test_every_diff_is_html_that_wraps_its_lines() -> None:
    text = FRAGMENT.read_text()
    blocks = re.findall(r"^<pre[^>]*>", text, re.M)
    assert blocks
    assert set(blocks) == {
        '<pre class="upgrade-diff" style="white-space: pre-wrap; overflow-wrap: anywhere">'
    }
    assert CODE_FENCE not in text
    assert "<del>-INFO sqlalchemy.engine.Engine SELECT team.id<mark> AS team_id</mark>" in text


def test_the_page_summary_holds_for_the_committed_section() -> None:
    """Every difference under 2.0 has one of the causes: there are no "Other changes".
    Besides the ORM's own SELECTs and the links to 2.0's or 2.1's docs, only the refused lazy
    loads under asyncio (their printed error and its echo) and 2.1's warning for noload()
    change a line. No parameter, final database or diagram differs."""
    text = FRAGMENT.read_text()
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == [f"### {cause.title}" for cause in UPGRADES.causes] + ["### Every step"]
    every = upgrades.diffs(text)
    assert every and all(name.endswith(TRANSCRIPT) for name in every)
    chapter = "tests/records/sqlite/loading_related_data/"
    refusing = [f"{chapter}async_loading/tutorial00{n}.txt" for n in (1, 4)]
    noload = f"{chapter}choosing_a_loader/tutorial012.txt"

    def changed_lines(name: str) -> list[str]:
        return [line for line in every[name][2:] if line[:1] in "-+" and not line.startswith("@@")]

    select = "INFO sqlalchemy.engine.Engine SELECT "
    for name in set(every) - {*refusing, noload}:
        # besides the ORM's own SELECTs, a line changes only in its link to the 2.0 or 2.1 docs
        others = [line for line in changed_lines(name) if not line[1:].startswith(select)]
        removed = sorted(
            line[1:].replace("sqlalche.me/e/20/", "sqlalche.me/e/21/")
            for line in others
            if line.startswith("-")
        )
        added = sorted(line[1:] for line in others if line.startswith("+"))
        assert removed == added, name
        assert all("sqlalche.me/e/21/" in line for line in added), name
    # under 2.0 the lazy load's SELECT is logged; under 2.1 it is only quoted in the error
    assert (
        f"-{select}team.id AS team_id, team.name AS team_name, team.headquarters AS "
        "team_headquarters" in changed_lines(refusing[0])
    )
    assert "+[SQL: SELECT team.id, team.name, team.headquarters" in changed_lines(refusing[0])
    refused = sorted(line for line in changed_lines(refusing[0]) if "team: refused:" in line)
    assert refused == [
        "+  team: refused: (sqlalchemy.exc.MissingGreenlet) greenlet_spawn has not been called; "
        "can't call await_() here. Was IO attempted in an unexpected place?",
        "-  team: refused: greenlet_spawn has not been called; can't call await_only() here. "
        "Was IO attempted in an unexpected place? "
        "(Background on this error at: https://sqlalche.me/e/20/xd2s)",
    ]
    assert [line for line in changed_lines(refusing[1]) if "refused:" in line] == [
        "-  refused: greenlet_spawn has not been called; can't call await_only() here. "
        "Was IO attempted in an unexpected place? "
        "(Background on this error at: https://sqlalche.me/e/20/xd2s)",
        "+  refused: (sqlalchemy.exc.MissingGreenlet) greenlet_spawn has not been called; "
        "can't call await_() here. Was IO attempted in an unexpected place?",
    ]
    # noload() only adds its warning: the lines the step prints are the same
    assert [line[:1] for line in changed_lines(noload)] == ["+", "+"]
    assert "SADeprecationWarning: The noload() option is deprecated" in changed_lines(noload)[0]


def test_the_lowest_file_keeps_only_the_steps_that_no_cause_explains(tmp_path: Path) -> None:
    runs = {SELECTS: as_under_2_0(SELECTS), THREE: changed(THREE)}
    write_set(tmp_path, matrix_page.LOWEST, runs, sqlalchemy="2.0.14")
    folder = tmp_path / matrix_page.LOWEST
    text = upgrades.generate_lowest(
        PROJECT, UPGRADES, matrix_page.versions(PROJECT, load(PROJECT, folder, list(runs)), folder)
    )
    assert "2 of the 2 steps differ. In 1 of them every changed line is one of the 5 causes" in (
        text
    )
    assert list(upgrades.diffs(text)) == [PROJECT.relative(_record(THREE))]
    assert _page_link(THREE) in text and _page_link(SELECTS) not in text
    assert problems(text) == []


def test_the_lowest_file_is_unedited_fits_the_records_and_is_on_the_page() -> None:
    text = LOWEST_FRAGMENT.read_text()
    assert problems(text) == []
    name = LOWEST_FRAGMENT.relative_to(ROOT).as_posix()
    assert f"{{* {name} *}}" in PAGE.read_text()


def test_a_run_without_the_lowest_set_leaves_its_file_alone(tmp_path: Path) -> None:
    write_set(tmp_path, matrix_page.NEW, {ONE: records_of(ONE)})
    write_set(tmp_path, matrix_page.OLD, {ONE: changed(ONE)}, sqlalchemy="2.0.58")
    results = [load(PROJECT, tmp_path / name, [ONE]) for name in (matrix_page.NEW, matrix_page.OLD)]
    done = write(results, tmp_path, tmp_path)
    assert done.endswith(
        f"{PROJECT.relative(tmp_path / upgrades.LOWEST_FILE)}: left as it is "
        f"(this run has no set {matrix_page.LOWEST})."
    )
    assert not (tmp_path / upgrades.LOWEST_FILE).exists()
    write_set(tmp_path, matrix_page.LOWEST, {ONE: changed(ONE)}, sqlalchemy="2.0.14")
    results.append(load(PROJECT, tmp_path / matrix_page.LOWEST, [ONE]))
    assert write(results, tmp_path, tmp_path).endswith("review it with git diff and commit it.")
    assert PROJECT.relative(_record(ONE)) in (tmp_path / upgrades.LOWEST_FILE).read_text()


def test_only_generated_markdown_can_be_included() -> None:
    with pytest.raises(includes.IncludeError, match=r"only \.py modules and records can be"):
        includes.expand(PROJECT, "{* docs/index.md *}", "docs/page.md")
    name = FRAGMENT.relative_to(ROOT).as_posix()
    assert includes.expand(PROJECT, f"{{* {name} *}}", "docs/page.md") == (
        FRAGMENT.read_text().rstrip("\n")
    )
