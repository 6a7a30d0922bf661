"""The code's own checks, as part of the test command: ruff's lint and format, mypy, and the
import contracts, each run as its tool runs from a shell (configured in ``pyproject.toml``),
failing with the tool's output. Then the same tools on small temporary code with a
deliberate fault, to prove that each check can fail.

Nothing is written into the working tree: ruff and import-linter run without their caches,
and mypy keeps its cache outside the tree, under ``${XDG_CACHE_HOME:-~/.cache}``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.layout import PACKAGE, ROOT

BIN = Path(sysconfig.get_path("scripts"))
RUFF_PATHS = [
    "docs_src",  # with its own ruff.toml: lines that fit a code block on the page
    "tutorial-recorder/src",
    "tests",
    *sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("scripts/*.py")),
    "noxfile.py",
]
MYPY_CACHE = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sqlmodel-companion" / "mypy"
)


def _run(command: list[str], cwd: Path = ROOT, **environ: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )


def _ruff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return _run([str(BIN / "ruff"), *args], cwd)


def _mypy(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(MYPY_CACHE), *args]
    return _run(command, cwd)


def _lint_imports(cwd: Path = ROOT, **environ: str) -> subprocess.CompletedProcess[str]:
    return _run([str(BIN / "lint-imports"), "--no-cache"], cwd, **environ)


# The project's code


def test_ruff_check_passes() -> None:
    done = _ruff("check", "--no-cache", *RUFF_PATHS)
    assert done.returncode == 0, done.stdout


def test_ruff_format_check_passes() -> None:
    done = _ruff("format", "--check", "--no-cache", *RUFF_PATHS)
    assert done.returncode == 0, done.stdout


def test_mypy_passes_strict_on_src_and_scripts_and_checks_tests() -> None:
    """``[tool.mypy]``: strict on ``src`` and ``scripts``; ``tests`` checked (bodies of
    unannotated functions too) but not required to be annotated; ``tests/fixtures`` left
    out."""
    done = _mypy()  # the files of [tool.mypy]
    assert done.returncode == 0, done.stdout


def test_the_import_contracts_are_kept() -> None:
    done = _lint_imports()
    assert done.returncode == 0, done.stdout


# Each check can fail


def test_ruff_fails_on_an_unused_import_and_unformatted_code(tmp_path: Path) -> None:
    module = tmp_path / "faulty.py"
    module.write_text("import os\nx = {'a':1}\n")
    config = ["--config", str(ROOT / "pyproject.toml"), "--no-cache"]
    checked = _ruff("check", *config, str(module), cwd=tmp_path)
    assert checked.returncode == 1, checked.stdout
    assert "F401" in checked.stdout
    formatted = _ruff("format", "--check", *config, str(module), cwd=tmp_path)
    assert formatted.returncode == 1, formatted.stdout
    assert "1 file would be reformatted" in formatted.stdout
    assert module.read_text() == "import os\nx = {'a':1}\n"


def test_mypy_fails_on_a_wrong_type_and_under_strict_on_a_missing_annotation(
    tmp_path: Path,
) -> None:
    module = tmp_path / "faulty.py"
    module.write_text('count: int = "one"\n\n\ndef double(x):\n    return x * 2\n')
    done = _mypy("--config-file", str(ROOT / "pyproject.toml"), str(module), cwd=tmp_path)
    assert done.returncode == 1, done.stdout
    assert "faulty.py:1: error: Incompatible types in assignment" in done.stdout
    assert "faulty.py:4: error: Function is missing a type annotation" in done.stdout


def test_lint_imports_fails_when_project_imports_another_part_of_the_harness(
    tmp_path: Path,
) -> None:
    """The project's own contracts, on a copy of the package in which ``tutorial_recorder.project``
    imports another of its sub-packages."""
    copy = _copy_of_the_package(tmp_path)
    other = next(
        child.name
        for child in sorted(copy.iterdir())
        if (child / "__init__.py").is_file() and child.name != "project"
    )
    with (copy / "project" / "__init__.py").open("a", encoding="utf-8") as init:
        init.write(f"\nimport tutorial_recorder.{other}  # the deliberate violation\n")
    done = _lint_imports(tmp_path, PYTHONPATH=str(tmp_path))
    assert done.returncode == 1, done.stdout
    assert (
        f"tutorial_recorder.project is not allowed to import tutorial_recorder.{other}"
        in done.stdout
    )


CLAIMS = ("connect_tables", "loading_related_data", "many_to_many", "relationship_attributes")


def _copy_of_the_package(tmp_path: Path) -> Path:
    """A copy of the ``tutorial_recorder`` package, with the project's configuration beside it and
    the claim tests' packages, empty, as the contracts name them."""
    copy = tmp_path / "tutorial_recorder"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for package in ("", *CLAIMS):
        (tmp_path / "tests" / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / "tests" / package / "__init__.py").write_text("")
    (tmp_path / "tests" / "conftest.py").write_text("from tutorial_recorder.testing import Run\n")
    return copy


def _broken(tmp_path: Path, module: str, line: str) -> str:
    """What lint-imports says of a copy of the package in which the file ``module`` (from
    ``tmp_path``) ends with ``line``; it must fail."""
    _copy_of_the_package(tmp_path)
    with (tmp_path / module).open("a", encoding="utf-8") as file:
        file.write(f"\n{line}  # the deliberate violation\n")
    done = _lint_imports(tmp_path, PYTHONPATH=str(tmp_path))
    assert done.returncode == 1, done.stdout
    return done.stdout


def test_lint_imports_fails_when_a_claim_test_imports_past_the_public_surface(
    tmp_path: Path,
) -> None:
    said = _broken(
        tmp_path,
        "tests/many_to_many/test_links.py",
        "from tutorial_recorder.records.reading import Sent",
    )
    assert "claim tests import the harness through tutorial_recorder.testing only BROKEN" in said
    assert "tests.many_to_many.test_links -> tutorial_recorder.records.reading (l.2)" in said


def test_lint_imports_fails_when_a_part_imports_one_above_it(tmp_path: Path) -> None:
    """The layers contract, on a copy of the package in which the records import the
    command line."""
    said = _broken(
        tmp_path, "tutorial_recorder/records/labels.py", "import tutorial_recorder.cli.output"
    )
    assert "the harness's layers BROKEN" in said
    assert "tutorial_recorder.records.labels -> tutorial_recorder.cli.output" in said


def test_lint_imports_fails_on_a_sub_package_outside_the_layers(tmp_path: Path) -> None:
    copy = _copy_of_the_package(tmp_path)
    (copy / "extra").mkdir()
    (copy / "extra" / "__init__.py").write_text('"""A part with no layer."""\n')
    done = _lint_imports(tmp_path, PYTHONPATH=str(tmp_path))
    assert done.returncode == 1, done.stdout
    assert "tutorial_recorder.extra" in done.stdout


def cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others (the
    strongly connected components of more than one module, or of one that imports itself),
    each sorted, in a stable order."""
    order: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = lowest[module] = len(order)
        stack.append(module)
        for imported in sorted(imports.get(module, ())):
            if imported not in order:
                visit(imported)
                lowest[module] = min(lowest[module], lowest[imported])
            elif imported in stack:
                lowest[module] = min(lowest[module], order[imported])
        if lowest[module] == order[module]:
            group = stack[stack.index(module) :]
            del stack[stack.index(module) :]
            if len(group) > 1 or module in imports.get(module, ()):
                found.append(sorted(group))

    for module in sorted(imports):
        if module not in order:
            visit(module)
    return sorted(found)


def _imports(package: str) -> dict[str, set[str]]:
    """Every module of ``package`` and the modules of it that it imports (TYPE_CHECKING
    imports included), as import-linter reads them."""
    import grimp

    graph = grimp.build_graph(package)
    return {
        module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules
    }


def test_no_modules_of_the_harness_import_each_other() -> None:
    assert cycles(_imports("tutorial_recorder")) == []


def test_a_cycle_is_found_however_long() -> None:
    imports = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}, "f": {"a"}}
    assert cycles(imports) == [["a", "b", "c"], ["e"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
