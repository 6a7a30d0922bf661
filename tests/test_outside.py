"""The harness from outside: this project's wheel, installed into a fresh environment, works in
a tutorial project laid out unlike this one (``tests/outside``).

The work is started ahead (``tutorial_recorder.plugin.ahead``): build the wheel, install it with the
fixture's test dependencies into a new uv environment, copy the fixture to a temporary
folder, and there run
``pytest --inline-snapshot=create``, plain ``pytest`` under three hash seeds,
``companion list`` and ``companion check``, ``companion audit`` (which finds the page's
typed output contradicting a record) and ``companion audit --rewrite``, then ``companion
--project DIR check`` from elsewhere and ``companion audit`` again. The tests then read what
each command did.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.layout import PROJECT, ROOT
from tutorial_recorder.plugin.ahead import Ahead
from tutorial_recorder.project import config
from tutorial_recorder.project.paths import KINDS
from tutorial_recorder.runner import bare
from tutorial_recorder.runner.recorder import record
from tutorial_recorder.site.includes import expand

OUTSIDE = Path(__file__).parent / "outside"
UV = ROOT / "scripts" / "uv"
STEPS = [
    "link_warnings/1_py310",
    "link_warnings/2_py310",
    "many_links/1",
    "many_links/2",
    "models_only/1",
    "own_engine/1",
    "own_files/1",
    "own_files/2",
    "package_chapter/1",
    "py310/1_py310",
    "with_helper/1",
]
SEEDS = ("1", "2", "3")
ENGINE = "INFO sqlalchemy.engine.Engine"
TYPED = "pages/link_warnings.md"
"""The page whose output is typed by hand, one block right and one contradicting its record."""
NOT_INHERITED = (
    "VIRTUAL_ENV",
    "PYTHONHASHSEED",
    "PYTHONPATH",
    "UV_PROJECT_ENVIRONMENT",
)


@dataclass
class Done:
    command: str
    code: int
    output: str


@dataclass
class Outside:
    companion: str
    """Where the environment's ``tutorial_recorder`` package lives."""
    runs: dict[str, Done]
    created: list[str]
    """The files of the project after ``pytest --inline-snapshot=create``, from its root."""
    after_create: dict[str, bytes]
    after_plain: dict[str, bytes]
    rewritten: str
    """The page with typed output after ``companion audit --rewrite``."""
    escaped: bool
    """Whether the file an environment variable named outside the step's folder exists after
    ``companion run --raw`` of the step that reads it."""


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _run(name: str, command: list[str], cwd: Path, **environ: str) -> Done:
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env = {key: value for key, value in env.items() if not key.startswith("PYTEST_")}
    done = subprocess.run(
        command,
        cwd=cwd,
        env={**env, **environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )
    return Done(name, done.returncode, done.stdout)


def _requirements() -> list[str]:
    """The fixture's test dependencies, without this project, which comes as the wheel."""
    project = tomllib.loads((OUTSIDE / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [*project["project"]["dependencies"], *project["dependency-groups"]["test"]]
    return [name for name in wanted if name != "tutorial-recorder"]


def outside_runs() -> Outside:
    with tempfile.TemporaryDirectory(prefix="companion-outside-") as name:
        folder = Path(name)
        runs: dict[str, Done] = {}

        def step(key: str, command: list[str], cwd: Path, code: int = 0, **environ: str) -> Done:
            runs[key] = _run(key, command, cwd, **environ)
            assert runs[key].code == code, (
                f"{key} ended with {runs[key].code}:\n{runs[key].output[-6000:]}"
            )
            return runs[key]

        build = [str(UV), "build", "--wheel", "--package", "tutorial-recorder"]
        step("build", [*build, "--out-dir", str(folder / "dist")], ROOT)
        # This project's locked versions, every package pinned with its artifacts' hashes, as
        # constraints: the install below may resolve on the package index (nothing is assumed
        # of uv's cache, which may be empty), yet it can only pick the locked version of each
        # package, and only a file whose hash the lock records.
        export = [str(UV), "export", "-q", "--frozen", "--all-groups", "--no-emit-workspace"]
        step("export", [*export, "-o", str(folder / "constraints.txt")], ROOT)
        env = folder / "env"
        step("venv", [str(UV), "venv", "-q", str(env), "--python", sys.executable], folder)
        python = str(env / "bin" / "python")
        [wheel] = (folder / "dist").glob("*.whl")
        install = [str(UV), "pip", "install", "-q", "--python", python, str(wheel)]
        step("install", [*install, *_requirements(), "-c", str(folder / "constraints.txt")], folder)

        step("freeze", [str(UV), "pip", "freeze", "--python", python], folder)

        project = folder / "project"
        shutil.copytree(OUTSIDE, project)
        companion = str(env / "bin" / "companion")
        where = [python, "-c", "import tutorial_recorder; print(tutorial_recorder.__file__)"]
        step("where", where, project)
        step("create", [python, "-m", "pytest", "-q", "--inline-snapshot=create"], project)
        after_create = _files(project)
        for seed in SEEDS:
            step(f"pytest {seed}", [python, "-m", "pytest", "-q"], project, PYTHONHASHSEED=seed)
        after_plain = _files(project)
        step("list", [companion, "list"], project)
        step("check", [companion, "check"], project)
        step("audit", [companion, "audit"], project, code=1)
        step("audit json", [companion, "audit", "--json"], project, code=1)
        step("rewrite", [companion, "audit", "--rewrite"], project)
        rewritten = (project / TYPED).read_text(encoding="utf-8")
        step("elsewhere", [companion, "--project", str(project), "check"], folder)
        step("audit again", [companion, "audit"], project)
        elsewhere = folder / "elsewhere.db"
        runs["raw elsewhere"] = _run(
            "raw elsewhere",
            [companion, "run", "own_files/2", "--raw"],
            project,
            HEROES_DATABASE_URL=f"sqlite:///{elsewhere}",
        )
        return Outside(
            companion=runs["where"].output.strip(),
            runs=runs,
            created=sorted(set(after_create) - set(_files(OUTSIDE))),
            after_create=after_create,
            after_plain=after_plain,
            rewritten=rewritten,
            escaped=elsewhere.exists(),
        )


OUTSIDE_RUNS = pytest.mark.ahead.with_args(outside_runs)


@OUTSIDE_RUNS
def test_the_wheel_is_what_runs_there(tutorial_ahead: Ahead) -> None:
    outside = tutorial_ahead.result(outside_runs)
    assert "/env/lib/" in outside.companion
    assert not outside.companion.startswith(str(ROOT))


@OUTSIDE_RUNS
def test_the_environment_has_this_projects_locked_versions(tutorial_ahead: Ahead) -> None:
    frozen = tutorial_ahead.result(outside_runs).runs["freeze"].output.split()
    installed = dict(line.split("==") for line in frozen if "==" in line)
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    locked = {package["name"]: package["version"] for package in lock["package"]}
    assert {"sqlmodel", "sqlalchemy", "pydantic", "pytest", "inline-snapshot"} <= set(installed)
    assert {name: locked[name] for name in installed} == installed


@OUTSIDE_RUNS
def test_pytest_create_writes_every_record_of_the_configured_tree_and_passes(
    tutorial_ahead: Ahead,
) -> None:
    outside = tutorial_ahead.result(outside_runs)
    assert outside.created == sorted(
        f"expected/sqlite/{step}{kind}"
        for step in (
            "link_warnings/step001_py310",
            "link_warnings/step002_py310",
            "many_links/step1",
            "many_links/step2",
            "models_only/step1",
            "own_engine/step1",
            "own_files/step1",
            "own_files/step2",
            "package_chapter/step1",
            "py310/step001_py310",
            "with_helper/step1",
        )
        for kind in KINDS
    )
    # 33 record tests and their 3 checks, 11 real runs, 8 cold starts (one a chapter, the
    # package's as `python -m`), 10 claims; the pages and "every module has its records"
    # wait for the records this run writes
    last = outside.runs["create"].output.splitlines()[-1]
    assert last.startswith("64 passed, 4 skipped in ")


@OUTSIDE_RUNS
def test_plain_pytest_passes_under_three_hash_seeds_and_changes_nothing(
    tutorial_ahead: Ahead,
) -> None:
    """The link model's two "not in session" warnings among them, in one order."""
    outside = tutorial_ahead.result(outside_runs)
    for seed in SEEDS:
        last = outside.runs[f"pytest {seed}"].output.splitlines()[-1]
        assert last.startswith("68 passed in ")
    assert outside.after_plain == outside.after_create


@OUTSIDE_RUNS
def test_companion_lists_the_steps_of_the_configured_tree(tutorial_ahead: Ahead) -> None:
    listed = tutorial_ahead.result(outside_runs).runs["list"].output
    ids = [line.split()[0] for line in listed.splitlines() if line.startswith("  ") and "/" in line]
    assert [i for i in ids if not i.startswith("examples/")] == STEPS
    assert "many_links  page: pages/many_links.md" in listed
    assert listed.splitlines()[-1] == "11 steps in 8 chapters. Run one with `companion run STEP`."


@OUTSIDE_RUNS
def test_companion_check_passes_there_and_from_elsewhere_with_project(
    tutorial_ahead: Ahead,
) -> None:
    """From elsewhere after ``audit --rewrite``, which made two includes of typed blocks."""
    runs = tutorial_ahead.result(outside_runs).runs
    for name, includes in (("check", 8), ("elsewhere", 10)):
        assert runs[name].output.splitlines()[-2:] == [
            f"Checked 11 steps (33 records) and 3 pages ({includes} includes, 1 SQL blocks).",
            "Everything is up to date.",
        ]


@OUTSIDE_RUNS
def test_companion_audit_reports_where_the_typed_output_contradicts_the_record(
    tutorial_ahead: Ahead,
) -> None:
    """The typed block shows an older SQLAlchemy's cached statement, leaves out both
    warnings with nothing to say so, and claims that the link is in memory; its other
    differences (timings, ``INFO Engine``) are a terminal's, and the second block is right."""
    runs = tutorial_ahead.result(outside_runs).runs
    record = "expected/sqlite/link_warnings/step001_py310.txt"
    warned = "examples/link_warnings/step001_py310.py:14: SAWarning: Object of type "
    assert runs["audit"].output.splitlines() == [
        f"✗ {TYPED}:12: typed output (lines 12-29) contradicts {record} (link_warnings/1_py310):",
        f"  at {TYPED}:21 (- record, + page)",
        f"  -   49 {ENGINE} [generated in ...s] ('Vimes',)",
        f"  +   21 {ENGINE} [cached since ...s ago] ('Vimes',)",
        f"  at {TYPED}:23 (- record, + page)",
        f"  -   51 {warned}<GuildMember> not in session, add operation along "
        "'Guild.member_links' will not proceed",
        "  -   52   session.commit()",
        f"  -   53 {warned}<GuildMember> not in session, add operation along "
        "'Hero.guild_links' will not proceed",
        "  -   54   session.commit()",
        f"  at {TYPED}:27 (- record, + page)",
        "  -   82 Links in memory: 0 0",
        "  +   27 Links in memory: 1 1",
        f"✓ {TYPED}:37: typed output (lines 37-51) agrees with "
        "expected/sqlite/link_warnings/step002_py310.txt (link_warnings/2_py310).",
        "2 typed output blocks in 1 pages: 1 agree with their records, 1 contradict them, 0 "
        "match no record.",
        "`companion audit --rewrite` replaces each block with an include of its record, which "
        "always shows what the code does.",
    ]
    found = json.loads(runs["audit json"].output)
    assert found["contradicting"] == 1
    assert [block["status"] for block in found["blocks"]] == ["contradicts", "right"]


@OUTSIDE_RUNS
def test_audit_rewrite_moves_the_page_to_recorded_output_and_leaves_it_clean(
    tutorial_ahead: Ahead,
) -> None:
    outside = tutorial_ahead.result(outside_runs)
    typed = (OUTSIDE / TYPED).read_text(encoding="utf-8").split("\n")
    first, second = "expected/sqlite/link_warnings/step001_py310", "step002_py310"
    assert outside.rewritten.split("\n") == [
        *typed[:9],
        f'{{* {first}.txt from="INSERT INTO" to="ROLLBACK" *}}',
        *typed[31:36],
        f'{{* {first.replace("step001_py310", second)}.txt from="INSERT INTO guildmember" '
        'to="ROLLBACK" *}',
        "",
    ]
    assert outside.runs["audit again"].output.splitlines() == [
        "0 typed output blocks in 0 pages: 0 agree with their records, 0 contradict them, 0 "
        "match no record."
    ]


def test_a_step_of_a_package_chapter_imports_its_models_relatively() -> None:
    transcript = record(PROJECT, OUTSIDE / "examples" / "package_chapter" / "step1.py")
    assert transcript.error is None, transcript.text
    assert transcript.reading.printed == ["Saved in package package_chapter"]


def test_a_step_with_its_own_pool_class_and_connect_args_runs() -> None:
    transcript = record(PROJECT, OUTSIDE / "examples" / "own_engine" / "step1.py")
    assert transcript.error is None, transcript.text
    assert transcript.reading.printed == ["Saved with a StaticPool"]


def test_the_page_commands_of_a_package_step_run_it_as_python_m() -> None:
    """No ``run_with`` in the fixture project: plain commands, and the package's module run
    the way its cold start runs it (a recorded run's header says the same,
    ``Project.python_command``)."""
    block = expand(
        config.load(OUTSIDE), "{* run examples/package_chapter/step1.py *}", "pages/x.md"
    ).split("\n")
    assert [line.strip() for line in block if line.strip().startswith("$ ")] == [
        "$ companion run package_chapter/1",
        "$ rm -f database.db",
        "$ PYTHONPATH=examples python -m package_chapter.step1",
        "$ companion diff package_chapter/1",
    ]


def test_a_cold_start_of_a_package_step_runs_it_as_python_m() -> None:
    module = OUTSIDE / "examples" / "package_chapter" / "step1.py"
    cold = bare.run(module, root=ROOT)
    assert "Saved in package package_chapter\n" in cold.output
    assert cold.text == record(PROJECT, module).text  # the page shows what `python -m` prints


@OUTSIDE_RUNS
def test_a_url_from_the_environment_cannot_write_outside_the_steps_folder(
    tutorial_ahead: Ahead,
) -> None:
    """``run --raw`` runs the step for real, in the recordings' sandbox: the file the variable
    names, outside the step's folder, cannot be opened, and nothing is written there."""
    outside = tutorial_ahead.result(outside_runs)
    raw = outside.runs["raw elsewhere"]
    assert not outside.escaped
    assert "(sqlite3.OperationalError) unable to open database file" in raw.output
