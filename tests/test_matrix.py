"""The upgrade matrix: its report, its exit status, a module broken under one set and the
sets themselves (the upgrade comparisons it generates: ``test_upgrades_page.py``).

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

from tests.layout import POSTGRESQL, PROJECT, ROOT, SQLITE
from tutorial_recorder.cli import matrix as matrix_cli
from tutorial_recorder.cli.app import app
from tutorial_recorder.matrix import html as matrix_html
from tutorial_recorder.matrix import page as matrix_page
from tutorial_recorder.matrix import report as matrix_report
from tutorial_recorder.matrix.recording import TRACEBACK, SetInfo, fail, prepare, target
from tutorial_recorder.matrix.results import (
    CHANGED,
    FAILED,
    IDENTICAL,
    SetResult,
    load,
    verdict,
)
from tutorial_recorder.project.paths import KINDS, TRANSCRIPT


def _record(module: Path) -> Path:
    """The SQLite transcript of ``module``."""
    return SQLITE.record_for(PROJECT, module, TRANSCRIPT)


MODULES = PROJECT.modules()
PLAIN = [m for m in MODULES if "Traceback" not in _record(m).read_text()]
CASCADE = next(m for m in PLAIN if "cascade_delete_relationships/tutorial001" in m.as_posix())
ONE, TWO, THREE = PLAIN[:3]
TRACE = (
    "Traceback (most recent call last):\n"
    '  File "docs_src/x.py", line 3, in <module>\n'
    "    boom()\n"
    "TypeError: boom() got an unexpected keyword argument 'cascade_delete'\n"
)


def records_of(module: Path) -> dict[str, str]:
    return {kind: SQLITE.record_for(PROJECT, module, kind).read_text() for kind in KINDS}


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
        base = target(PROJECT, folder, module)
        base.parent.mkdir(parents=True, exist_ok=True)
        for kind, text in texts.items():
            base.with_name(base.name + kind).write_text(text)
    for module, text in (tracebacks or {}).items():
        base = target(PROJECT, folder, module)
        base.parent.mkdir(parents=True, exist_ok=True)
        base.with_name(base.name + TRACEBACK).write_text(text)
    info = SetInfo.read(folder)
    info.python, info.error, info.seconds = "3.11.7", "", 1.5
    info.packages = {"sqlmodel": "0.0.50", "sqlalchemy": sqlalchemy, "pydantic": "2.14.3"}
    info.write(folder)
    return folder


def run_report(*arguments: str) -> tuple[int, str]:
    """``companion matrix report`` with ``arguments``: its exit code and what it printed."""
    result = CliRunner().invoke(app, ["matrix", "report", *arguments])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def changed(module: Path) -> dict[str, str]:
    texts = records_of(module)
    texts[TRANSCRIPT] = texts[TRANSCRIPT].replace("SELECT", "SELECT DISTINCT", 1)
    return texts


def broken(module: Path) -> dict[str, str]:
    texts = records_of(module)
    texts[TRANSCRIPT] = "Traceback (most recent call last):\n  ...\n" + TRACE.split("\n")[3]
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
    return [load(PROJECT, tmp_path / name, chosen) for name in ("good", "worse", "old")]


# the report


def test_each_module_is_identical_changed_or_failed_under_each_set(
    three_sets: list[SetResult],
) -> None:
    worse = three_sets[1]
    counts = {r.name: [r.count(s) for s in (IDENTICAL, CHANGED, FAILED)] for r in three_sets}
    assert counts == {"good": [3, 0, 0], "worse": [1, 1, 1], "old": [2, 0, 1]}
    failure = worse.outcome(PROJECT.step_id(TWO))
    assert failure is not None
    assert failure.reason == "it ended with TypeError, which its record does not end with"
    assert failure.traceback == TRACE
    difference = worse.outcome(PROJECT.step_id(ONE))
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
    assert f"| {PROJECT.step_id(TWO)} | identical | **failed** | identical |" in report
    sections = re.findall(r"^### (.+)$", report, re.M)
    assert sections == [PROJECT.step_id(m) for m in (ONE, TWO, THREE)]
    two = report[
        report.index(f"### {PROJECT.step_id(TWO)}") : report.index(f"### {PROJECT.step_id(THREE)}")
    ]
    assert "- `worse`: failed: it ended with TypeError" in two
    assert "```pytb" in two and TRACE.splitlines()[1] in two
    assert "`good`" not in two  # identical there: not a difference
    assert report.startswith("# Upgrade matrix report")
    assert "**FAILED: 1 module failed under the supported set worse.**" in report


def test_a_difference_shared_with_an_earlier_set_is_not_repeated(tmp_path: Path) -> None:
    write_set(tmp_path, "a", {ONE: changed(ONE)})
    write_set(tmp_path, "b", {ONE: changed(ONE)})
    results = [load(PROJECT, tmp_path / name, [ONE]) for name in "ab"]
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
        f"#{matrix_report.anchor(PROJECT.step_id(m))}" for m in (ONE, TWO, THREE)
    ]
    assert f'<details id="{matrix_report.anchor(PROJECT.step_id(TWO))}" open>' in page
    assert "<ins>+INFO sqlalchemy.engine.Engine SELECT<mark> DISTINCT</mark>" in page
    assert "TypeError: boom() got an unexpected keyword argument &#x27;cascade_delete&#x27;" in page


# the exit status


def test_a_failure_under_a_supported_set_fails(three_sets: list[SetResult]) -> None:
    assert verdict(three_sets).status == 1
    assert verdict(three_sets).reasons == ("1 module failed under the supported set worse",)


def test_differences_alone_pass_unless_strict(tmp_path: Path) -> None:
    write_set(tmp_path, "locked", {ONE: records_of(ONE)})
    write_set(tmp_path, "lowest", {ONE: changed(ONE)})
    results = [load(PROJECT, tmp_path / name, [ONE]) for name in ("locked", "lowest")]
    assert verdict(results).status == 0
    assert verdict(results, strict=True) == verdict(results, strict=True).__class__(
        1, ("1 module changed under lowest (--strict)",)
    )


def test_failures_under_an_unsupported_set_are_only_reported(tmp_path: Path) -> None:
    write_set(tmp_path, "old", {ONE: broken(ONE)}, {ONE: TRACE}, supported=False)
    results = [load(PROJECT, tmp_path / "old", [ONE])]
    assert results[0].count(FAILED) == 1
    assert verdict(results, strict=True).status == 0


def test_a_supported_set_without_results_fails_every_module(tmp_path: Path) -> None:
    folder = write_set(tmp_path, "lowest", {})
    fail(folder, "Its environment could not be installed.")
    results = [load(PROJECT, folder, [ONE, TWO])]
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
                "from tutorial_recorder.cli.app import app; app()",
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
    results = {name: load(PROJECT, sets / name) for name in environments}
    assert results["clean"].count(IDENTICAL) == len(MODULES)
    failed = [o for o in results["broken"].outcomes if o.status == FAILED]
    step = PROJECT.step_id(CASCADE)
    uses_it = [PROJECT.step_id(m) for m in MODULES if "cascade_delete=True" in m.read_text()]
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


# the sets


@functools.cache
def _noxfile() -> ModuleType:
    spec = importlib.util.spec_from_file_location("noxfile", ROOT / "noxfile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["noxfile"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_lowest_set_is_the_lower_bounds_pyproject_declares() -> None:
    noxfile = _noxfile()
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
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
    on_postgresql = {kind: POSTGRESQL.record_for(PROJECT, ONE, kind).read_text() for kind in KINDS}
    for name, runs in (("postgresql", on_postgresql), ("sqlite-records", records_of(ONE))):
        folder = write_set(tmp_path, name, {ONE: runs})
        info = SetInfo.read(folder)
        info.on = POSTGRESQL.name
        info.write(folder)
    matching, other = (load(PROJECT, tmp_path / n, [ONE]) for n in ("postgresql", "sqlite-records"))
    assert [matching.count(state) for state in (IDENTICAL, CHANGED, FAILED)] == [1, 0, 0]
    assert [other.count(state) for state in (IDENTICAL, CHANGED, FAILED)] == [0, 1, 0]
