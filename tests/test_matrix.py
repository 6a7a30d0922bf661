"""The upgrade matrix: its report, its exit status, a module broken under one set, the
generated docs section and the sets themselves.

The matrix itself (one environment per set, ``./scripts/matrix``) is too slow for the test
suite: the report is tested on sets written here, and the recording on real runs of the
modules in this environment, one of them with a fault injected the way an incompatible
release would break it.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from companion.cli import matrix as matrix_cli
from companion.cli.app import app
from companion.compare import causes, fragment, upgrades
from companion.matrix import html as matrix_html
from companion.matrix import page as matrix_page
from companion.matrix import report as matrix_report
from companion.matrix.recording import TRACEBACK, SetInfo, fail, prepare, target
from companion.matrix.results import (
    CHANGED,
    FAILED,
    IDENTICAL,
    SetResult,
    load,
    verdict,
)
from companion.project import paths, steps
from companion.site import includes

PROJECT = paths.current()
UPGRADES = causes.of(PROJECT, "upgrades")
FRAGMENT = PROJECT.root / PROJECT.comparisons / upgrades.FILE
MODULES = paths.modules()
PLAIN = [m for m in MODULES if "Traceback" not in paths.record_for(m).read_text()]
CASCADE = next(m for m in PLAIN if "cascade_delete_relationships/tutorial001" in m.as_posix())
ONE, TWO, THREE = PLAIN[:3]
PAGE = paths.DOCS / "upgrades" / "sqlalchemy_2_0_vs_2_1.md"
CODE_FENCE = "```"
TRACE = (
    "Traceback (most recent call last):\n"
    '  File "docs_src/x.py", line 3, in <module>\n'
    "    boom()\n"
    "TypeError: boom() got an unexpected keyword argument 'cascade_delete'\n"
)


def records_of(module: Path) -> dict[str, str]:
    return {kind: paths.record_for(module, kind).read_text() for kind in paths.KINDS}


def write_set(
    root: Path,
    name: str,
    runs: dict[Path, dict[str, str]],
    tracebacks: dict[Path, str] | None = None,
    *,
    supported: bool = True,
    sqlalchemy: str = "2.1.9",
) -> Path:
    """A set's folder as ``record`` leaves it: each module's files, then ``set.json``."""
    folder = root / name
    prepare(folder, name, f"the {name} set", supported=supported)
    for module, texts in runs.items():
        base = target(folder, module)
        base.parent.mkdir(parents=True, exist_ok=True)
        for kind, text in texts.items():
            base.with_name(base.name + kind).write_text(text)
    for module, text in (tracebacks or {}).items():
        base = target(folder, module)
        base.parent.mkdir(parents=True, exist_ok=True)
        base.with_name(base.name + TRACEBACK).write_text(text)
    info = SetInfo.read(folder)
    info.python, info.error, info.seconds = "3.11.7", "", 1.5
    info.packages = {"sqlmodel": "0.0.50", "sqlalchemy": sqlalchemy, "pydantic": "2.14.3"}
    info.write(folder)
    return folder


def write(results: list[SetResult], root: Path, into: Path) -> str:
    return matrix_page.write(PROJECT, UPGRADES, results, root, into)


def compared(root: Path, modules: list[Path]) -> str:
    """The upgrades comparison of the sets ``OLD`` and ``NEW`` of ``modules`` under ``root``."""
    first, second = (
        matrix_page.versions(load(root / name, modules), root / name)
        for name in (matrix_page.OLD, matrix_page.NEW)
    )
    return upgrades.generate(PROJECT, UPGRADES, first, second)


def problems(text: str) -> list[str]:
    return upgrades.problems(PROJECT, UPGRADES, text)


def run_report(*arguments: str) -> tuple[int, str]:
    """``companion matrix report`` with ``arguments``: its exit code and what it printed."""
    result = CliRunner().invoke(app, ["matrix", "report", *arguments])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def changed(module: Path) -> dict[str, str]:
    texts = records_of(module)
    texts[paths.TRANSCRIPT] = texts[paths.TRANSCRIPT].replace("SELECT", "SELECT DISTINCT", 1)
    return texts


def broken(module: Path) -> dict[str, str]:
    texts = records_of(module)
    texts[paths.TRANSCRIPT] = "Traceback (most recent call last):\n  ...\n" + TRACE.split("\n")[3]
    return texts


@pytest.fixture
def three_sets(tmp_path: Path) -> list[SetResult]:
    """``good`` matches every record; ``worse`` changes ONE and breaks TWO; ``old`` is not
    supported and breaks THREE."""
    chosen = [ONE, TWO, THREE]
    write_set(tmp_path, "good", {m: records_of(m) for m in chosen})
    write_set(
        tmp_path,
        "worse",
        {ONE: changed(ONE), TWO: broken(TWO), THREE: records_of(THREE)},
        {TWO: TRACE},
    )
    write_set(
        tmp_path,
        "old",
        {ONE: records_of(ONE), TWO: records_of(TWO), THREE: broken(THREE)},
        {THREE: TRACE},
        supported=False,
    )
    return [load(tmp_path / name, chosen) for name in ("good", "worse", "old")]


# the report


def test_each_module_is_identical_changed_or_failed_under_each_set(
    three_sets: list[SetResult],
) -> None:
    worse = three_sets[1]
    counts = {r.name: [r.count(s) for s in (IDENTICAL, CHANGED, FAILED)] for r in three_sets}
    assert counts == {"good": [3, 0, 0], "worse": [1, 1, 1], "old": [2, 0, 1]}
    failure = worse.outcome(paths.step_id(TWO))
    assert failure is not None
    assert failure.reason == "it ended with TypeError, which its record does not end with"
    assert failure.traceback == TRACE
    difference = worse.outcome(paths.step_id(ONE))
    assert difference is not None and difference.status == CHANGED
    assert "-INFO sqlalchemy.engine.Engine SELECT " in difference.diffs[0].text
    assert "+INFO sqlalchemy.engine.Engine SELECT DISTINCT " in difference.diffs[0].text


def test_the_markdown_report_has_the_summary_then_every_difference_by_module(
    three_sets: list[SetResult],
) -> None:
    report = matrix_report.markdown(three_sets, verdict(three_sets))
    sets = report.index("## Sets")
    grid = report.index("## Modules by set")
    by_module = report.index("## Differences by module")
    assert sets < grid < by_module
    assert (
        "| `worse` | yes | the worse set | 3.11.7 | 0.0.50 | 2.1.9 | 2.14.3 | 1 | 1 | 1 |" in report
    )
    assert "| `old` | no (reported only) |" in report
    assert f"| {paths.step_id(TWO)} | identical | **failed** | identical |" in report
    sections = re.findall(r"^### (.+)$", report, re.M)
    assert sections == [paths.step_id(m) for m in (ONE, TWO, THREE)]
    two = report[
        report.index(f"### {paths.step_id(TWO)}") : report.index(f"### {paths.step_id(THREE)}")
    ]
    assert "- `worse`: failed: it ended with TypeError" in two
    assert "```pytb" in two and TRACE.splitlines()[1] in two
    assert "`good`" not in two  # identical there: not a difference
    assert report.startswith("# Upgrade matrix report")
    assert "**FAILED: 1 module failed under the supported set worse.**" in report


def test_a_difference_shared_with_an_earlier_set_is_not_repeated(tmp_path: Path) -> None:
    write_set(tmp_path, "a", {ONE: changed(ONE)})
    write_set(tmp_path, "b", {ONE: changed(ONE)})
    results = [load(tmp_path / name, [ONE]) for name in "ab"]
    report = matrix_report.markdown(results, verdict(results))
    assert report.count("```diff") == 1
    assert "- `b`: changed, the same as under `a`." in report


def test_the_html_report_is_one_self_contained_page(three_sets: list[SetResult]) -> None:
    page = matrix_html.html(three_sets, verdict(three_sets))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<style>" in page
    # nothing is loaded from anywhere: no script, stylesheet, image, font or outside link
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(", page)
    assert re.findall(r'(?:href|src)="([^"]*)"', page) == [
        f"#{matrix_report.anchor(paths.step_id(m))}" for m in (ONE, TWO, THREE)
    ]
    assert f'<details id="{matrix_report.anchor(paths.step_id(TWO))}" open>' in page
    assert "<ins>+INFO sqlalchemy.engine.Engine SELECT<mark> DISTINCT</mark>" in page
    assert "TypeError: boom() got an unexpected keyword argument &#x27;cascade_delete&#x27;" in page


# the exit status


def test_a_failure_under_a_supported_set_fails(three_sets: list[SetResult]) -> None:
    assert verdict(three_sets).status == 1
    assert verdict(three_sets).reasons == ("1 module failed under the supported set worse",)


def test_differences_alone_pass_unless_strict(tmp_path: Path) -> None:
    write_set(tmp_path, "locked", {ONE: records_of(ONE)})
    write_set(tmp_path, "lowest", {ONE: changed(ONE)})
    results = [load(tmp_path / name, [ONE]) for name in ("locked", "lowest")]
    assert verdict(results).status == 0
    assert verdict(results, strict=True) == verdict(results, strict=True).__class__(
        1, ("1 module changed under lowest (--strict)",)
    )


def test_failures_under_an_unsupported_set_are_only_reported(tmp_path: Path) -> None:
    write_set(tmp_path, "old", {ONE: broken(ONE)}, {ONE: TRACE}, supported=False)
    results = [load(tmp_path / "old", [ONE])]
    assert results[0].count(FAILED) == 1
    assert verdict(results, strict=True).status == 0


def test_a_supported_set_without_results_fails_every_module(tmp_path: Path) -> None:
    folder = write_set(tmp_path, "lowest", {})
    fail(folder, "Its environment could not be installed.")
    results = [load(folder, [ONE, TWO])]
    assert results[0].count(FAILED) == 2
    assert verdict(results).status == 1
    report = matrix_report.markdown(results, verdict(results))
    assert "**`lowest` produced no results.**" in report
    assert "Its environment could not be installed." in report


def test_the_report_command_writes_both_reports_and_exits_by_the_rules(tmp_path: Path) -> None:
    sets = tmp_path / matrix_cli.SETS
    write_set(sets, "locked", {m: records_of(m) for m in MODULES})
    write_set(sets, "lowest", {**{m: records_of(m) for m in MODULES}, ONE: changed(ONE)})
    arguments = ["--out", str(tmp_path), "--no-fragments"]
    assert run_report(*arguments)[0] == 0
    status, shown = run_report(*arguments, "--strict")
    assert status == 1
    assert "FAILED: 1 module changed under lowest (--strict)." in shown
    assert (tmp_path / "report.md").is_file() and (tmp_path / "report.html").is_file()


# a module broken on purpose under one set

SITECUSTOMIZE = '''
"""An incompatible release of sqlmodel, for one set: Relationship() without cascade_delete."""
import sqlmodel

_relationship = sqlmodel.Relationship


def Relationship(*args, cascade_delete=None, **kwargs):
    if cascade_delete is not None:
        raise TypeError("Relationship() got an unexpected keyword argument 'cascade_delete'")
    return _relationship(*args, **kwargs)


sqlmodel.Relationship = Relationship
'''


def test_a_module_broken_under_one_set_is_reported_as_failed_with_its_traceback(
    tmp_path: Path,
) -> None:
    fault = tmp_path / "fault"
    fault.mkdir()
    (fault / "sitecustomize.py").write_text(SITECUSTOMIZE)
    sets = tmp_path / matrix_cli.SETS
    environments = {"clean": {}, "broken": {"PYTHONPATH": str(fault)}}
    for name, extra in environments.items():
        env = {**os.environ, **extra}
        env.pop("PYTHONWARNINGS", None)
        ran = subprocess.run(
            [
                sys.executable,
                "-c",
                "from companion.cli.app import app; app()",
                "matrix",
                "record",
                "--set",
                name,
                "--out",
                sets / name,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert ran.returncode == 0, ran.stderr
        assert f"{name}: recorded {len(MODULES)} modules" in ran.stderr

    status, _ = run_report("--out", str(tmp_path), *environments, "--no-fragments")

    assert status == 1
    results = {name: load(sets / name) for name in environments}
    assert results["clean"].count(IDENTICAL) == len(MODULES)
    failed = [o for o in results["broken"].outcomes if o.status == FAILED]
    step = paths.step_id(CASCADE)
    uses_it = [paths.step_id(m) for m in MODULES if "cascade_delete=True" in m.read_text()]
    assert step in uses_it
    assert [o.step for o in failed] == uses_it
    report = (tmp_path / "report.md").read_text()
    section = report[report.index(f"### {step}") :]
    assert "- `broken`: failed: it ended with TypeError, which its record does not end with." in (
        section
    )
    assert f'File "{CASCADE}", line' in section
    assert "TypeError: Relationship() got an unexpected keyword argument 'cascade_delete'" in (
        section
    )
    assert f"| {step} | identical | **failed** |" in report
    assert step in (tmp_path / "report.html").read_text()


# the generated docs section


def test_the_page_shows_the_generated_section_as_committed() -> None:
    markdown = PAGE.read_text()
    target_name = FRAGMENT.relative_to(paths.ROOT).as_posix()
    assert f"{{* {target_name} *}}" in markdown
    text = FRAGMENT.read_text()
    assert text in includes.expand(markdown, "docs/upgrades/sqlalchemy_2_0_vs_2_1.md") + "\n"


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
    assert problem.startswith(paths.record_for(ONE).relative_to(paths.ROOT).as_posix())


def test_the_section_is_written_only_from_a_run_with_both_sqlalchemy_sets(tmp_path: Path) -> None:
    into = tmp_path / "comparisons"
    write_set(tmp_path, matrix_page.NEW, {ONE: records_of(ONE)})
    new = load(tmp_path / matrix_page.NEW, [ONE])
    assert "left as it is" in write([new], tmp_path, into)
    write_set(tmp_path, matrix_page.OLD, {ONE: changed(ONE)}, sqlalchemy="2.0.58")
    old = load(tmp_path / matrix_page.OLD, [ONE])
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
    for line in texts[paths.TRANSCRIPT].split("\n"):
        if line.startswith("INFO sqlalchemy.engine.Engine SELECT "):
            line = LABELLED.sub(lambda m: f"{m[1]}.{m[2]} AS {m[1]}_{m[2]}", line)
        lines.append(line.replace("sqlalche.me/e/21/", "sqlalche.me/e/20/"))
    texts[paths.TRANSCRIPT] = "\n".join(lines)
    return texts


LINKED = next(m for m in PLAIN if "sqlalche.me/e/21/" in paths.record_for(m).read_text())
SELECTS = next(
    m for m in PLAIN if m != LINKED and "Engine SELECT " in paths.record_for(m).read_text()
)


def _page_link(module: Path) -> str:
    step = next(step for step in steps.steps() if step.module == module)
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
        assert f"{_page_link(module)}, `{paths.relative(paths.record_for(module))}`:" in text
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
    """Every difference under 2.0 but those of async_loading/1 has one of the two causes;
    there, only the printed error of the refused lazy load and its echo differ. No other
    printed line, parameter, final database or diagram differs."""
    text = FRAGMENT.read_text()
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == [f"### {cause.title}" for cause in UPGRADES.causes] + [
        "### Other changes",
        "### Every step",
    ]
    other = text.partition("### Other changes")[2].partition("### Every step")[0]
    assert "in 1 step: [`async_loading/1`]" in other
    every = upgrades.diffs(text)
    assert every and all(name.endswith(paths.TRANSCRIPT) for name in every)
    refusing = "tests/records/loading_related_data/async_loading/tutorial001.txt"

    def changed_lines(name: str) -> list[str]:
        return [line for line in every[name][2:] if line[:1] in "-+" and not line.startswith("@@")]

    select = "INFO sqlalchemy.engine.Engine SELECT "
    for name in set(every) - {refusing}:
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
        "team_headquarters" in changed_lines(refusing)
    )
    assert "+[SQL: SELECT team.id, team.name, team.headquarters" in changed_lines(refusing)
    refused = sorted(line for line in changed_lines(refusing) if "team: refused:" in line)
    assert refused == [
        "+  team: refused: (sqlalchemy.exc.MissingGreenlet) greenlet_spawn has not been called; "
        "can't call await_() here. Was IO attempted in an unexpected place?",
        "-  team: refused: greenlet_spawn has not been called; can't call await_only() here. "
        "Was IO attempted in an unexpected place? "
        "(Background on this error at: https://sqlalche.me/e/20/xd2s)",
    ]


def test_the_lowest_file_keeps_only_the_steps_that_no_cause_explains(tmp_path: Path) -> None:
    runs = {SELECTS: as_under_2_0(SELECTS), THREE: changed(THREE)}
    write_set(tmp_path, matrix_page.LOWEST, runs, sqlalchemy="2.0.14")
    folder = tmp_path / matrix_page.LOWEST
    text = upgrades.generate_lowest(
        PROJECT, UPGRADES, matrix_page.versions(load(folder, list(runs)), folder)
    )
    assert "2 of the 2 steps differ. In 1 of them every changed line is one of the 2 causes" in (
        text
    )
    assert list(upgrades.diffs(text)) == [paths.relative(paths.record_for(THREE))]
    assert _page_link(THREE) in text and _page_link(SELECTS) not in text
    assert problems(text) == []


def test_the_lowest_file_is_unedited_fits_the_records_and_is_on_the_page() -> None:
    text = LOWEST_FRAGMENT.read_text()
    assert problems(text) == []
    name = LOWEST_FRAGMENT.relative_to(paths.ROOT).as_posix()
    assert f"{{* {name} *}}" in PAGE.read_text()


def test_a_run_without_the_lowest_set_leaves_its_file_alone(tmp_path: Path) -> None:
    write_set(tmp_path, matrix_page.NEW, {ONE: records_of(ONE)})
    write_set(tmp_path, matrix_page.OLD, {ONE: changed(ONE)}, sqlalchemy="2.0.58")
    results = [load(tmp_path / name, [ONE]) for name in (matrix_page.NEW, matrix_page.OLD)]
    done = write(results, tmp_path, tmp_path)
    assert done.endswith(
        f"{paths.relative(tmp_path / upgrades.LOWEST_FILE)}: left as it is "
        f"(this run has no set {matrix_page.LOWEST})."
    )
    assert not (tmp_path / upgrades.LOWEST_FILE).exists()
    write_set(tmp_path, matrix_page.LOWEST, {ONE: changed(ONE)}, sqlalchemy="2.0.14")
    results.append(load(tmp_path / matrix_page.LOWEST, [ONE]))
    assert write(results, tmp_path, tmp_path).endswith("review it with git diff and commit it.")
    assert paths.relative(paths.record_for(ONE)) in (tmp_path / upgrades.LOWEST_FILE).read_text()


def test_only_generated_markdown_can_be_included() -> None:
    with pytest.raises(includes.IncludeError, match=r"only \.py modules and records can be"):
        includes.expand("{* docs/index.md *}", "docs/page.md")
    name = FRAGMENT.relative_to(paths.ROOT).as_posix()
    assert includes.expand(f"{{* {name} *}}", "docs/page.md") == (FRAGMENT.read_text().rstrip("\n"))


# the sets


@functools.cache
def _noxfile() -> ModuleType:
    spec = importlib.util.spec_from_file_location("noxfile", paths.ROOT / "noxfile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["noxfile"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_lowest_set_is_the_lower_bounds_pyproject_declares() -> None:
    noxfile = _noxfile()
    declared = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    sets = {chosen.name: chosen for chosen in noxfile.sets()}
    assert sets["lowest"].pins == tuple(
        requirement.replace(">=", "==") for requirement in declared["dependencies"]
    )
    assert "sqlmodel==0.0.21" in sets["lowest"].pins  # cascade deletes need it
    assert [name for name, chosen in sets.items() if chosen.smoke] == ["locked", "lowest"]
    assert all(chosen.supported for name, chosen in sets.items() if name != "below-floor")
    assert not sets["below-floor"].supported
    assert sets[matrix_page.OLD].pins == (noxfile.SQLALCHEMY_2_0,)
    assert noxfile.SQLALCHEMY_2_0.startswith("sqlalchemy==2.0.")


def test_a_postgresql_set_is_compared_with_the_postgresql_records(tmp_path: Path) -> None:
    on_postgresql = {
        kind: paths.record_for(ONE, kind, paths.POSTGRESQL).read_text() for kind in paths.KINDS
    }
    for name, runs in (("postgresql", on_postgresql), ("sqlite-records", records_of(ONE))):
        folder = write_set(tmp_path, name, {ONE: runs})
        info = SetInfo.read(folder)
        info.on = paths.POSTGRESQL
        info.write(folder)
    matching, other = (load(tmp_path / n, [ONE]) for n in ("postgresql", "sqlite-records"))
    assert [matching.count(state) for state in (IDENTICAL, CHANGED, FAILED)] == [1, 0, 0]
    assert [other.count(state) for state in (IDENTICAL, CHANGED, FAILED)] == [0, 1, 0]
