"""The harness from outside: this project's wheel, installed into a fresh environment, works in
a tutorial project laid out unlike this one (``tests/outside``).

The work is started ahead (``tutorial_recorder.plugin.ahead``): build the wheel, install it with the
fixture's test dependencies into a new uv environment, copy the fixture to a temporary
folder, and there run
``pytest --inline-snapshot=create``, plain ``pytest`` twice with other hash seeds,
``companion list`` and ``companion check``, and ``companion --project DIR check`` from
elsewhere. The tests then read what each command did.
"""

from __future__ import annotations

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
    "many_links/1",
    "many_links/2",
    "models_only/1",
    "own_engine/1",
    "package_chapter/1",
    "py310/1_py310",
    "with_helper/1",
]
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

        def step(key: str, command: list[str], cwd: Path, **environ: str) -> Done:
            runs[key] = _run(key, command, cwd, **environ)
            assert runs[key].code == 0, f"{key} failed:\n{runs[key].output[-6000:]}"
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
        for seed in ("1", "2"):
            step(f"pytest {seed}", [python, "-m", "pytest", "-q"], project, PYTHONHASHSEED=seed)
        step("list", [companion, "list"], project)
        step("check", [companion, "check"], project)
        step("elsewhere", [companion, "--project", str(project), "check"], folder)
        return Outside(
            companion=runs["where"].output.strip(),
            runs=runs,
            created=sorted(set(after_create) - set(_files(OUTSIDE))),
            after_create=after_create,
            after_plain=_files(project),
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
            "many_links/step1",
            "many_links/step2",
            "models_only/step1",
            "own_engine/step1",
            "package_chapter/step1",
            "py310/step001_py310",
            "with_helper/step1",
        )
        for kind in KINDS
    )
    # 21 record tests and their 3 checks, 7 real runs, 6 cold starts (one a chapter, the
    # package's as `python -m`), 6 claims; the pages and "every module has its records"
    # wait for the records this run writes
    last = outside.runs["create"].output.splitlines()[-1]
    assert last.startswith("42 passed, 3 skipped in ")


@OUTSIDE_RUNS
def test_plain_pytest_passes_under_two_hash_seeds_and_changes_nothing(
    tutorial_ahead: Ahead,
) -> None:
    outside = tutorial_ahead.result(outside_runs)
    for seed in ("1", "2"):
        last = outside.runs[f"pytest {seed}"].output.splitlines()[-1]
        assert last.startswith("45 passed in ")
    assert outside.after_plain == outside.after_create


@OUTSIDE_RUNS
def test_companion_lists_the_steps_of_the_configured_tree(tutorial_ahead: Ahead) -> None:
    listed = tutorial_ahead.result(outside_runs).runs["list"].output
    ids = [line.split()[0] for line in listed.splitlines() if line.startswith("  ") and "/" in line]
    assert [i for i in ids if not i.startswith("examples/")] == STEPS
    assert "many_links  page: pages/many_links.md" in listed
    assert listed.splitlines()[-1] == "7 steps in 6 chapters. Run one with `companion run STEP`."


@OUTSIDE_RUNS
def test_companion_check_passes_there_and_from_elsewhere_with_project(
    tutorial_ahead: Ahead,
) -> None:
    runs = tutorial_ahead.result(outside_runs).runs
    for name in ("check", "elsewhere"):
        assert runs[name].output.splitlines()[-2:] == [
            "Checked 7 steps (21 records) and 2 pages (6 includes, 1 SQL blocks).",
            "Everything is up to date.",
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
