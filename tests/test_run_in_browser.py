"""The "Run in your browser" buttons: each synchronous step runs in the page, offline, and
shows what its record shows.

The built site is served on 127.0.0.1 and Chromium reaches nothing else. By default one step
of each chapter group is pressed (its first synchronous step); with
``TUTORIAL_RECORDER_BROWSER_RUNS=all`` (as ``.ci/run`` sets it) every synchronous step is,
each page's steps by one Pyodide start, pages side by side. Needs Chromium (skipped
without it) and the runtime the site build fetches once (npm and the wheels of uv.lock).
"""

from __future__ import annotations

import _imp
import json
import os
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.layout import PROJECT
from tutorial_recorder.project.paths import TRANSCRIPT
from tutorial_recorder.project.steps import Step, steps
from tutorial_recorder.records.normalise import normalise
from tutorial_recorder.site import browser, browser_runs, bytecode, in_browser, runtime

CHROMIUM = browser.chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="browser runs skipped: Chromium is not installed (Debian package `chromium`)",
)
WHICH = "TUTORIAL_RECORDER_BROWSER_RUNS"
BUTTON = re.compile(r'<button type="button" class="md-button" data-step="([^"]+)">')
TIMEOUT = 240.0
"""Seconds for a page's runs, from its first click: Pyodide's start and every step on it."""


def _synchronous() -> list[Step]:
    every = steps(PROJECT)
    return [s for s in every if not in_browser.uses_asyncio(s.module.read_text("utf-8"))]


def _buttons(site: Path) -> dict[str, list[str]]:
    """Each page of the built site (its path) with the step ids of its buttons, in order."""
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("index.html")):
        ids = BUTTON.findall(page.read_text(encoding="utf-8"))
        if ids:
            path = page.parent.relative_to(site).as_posix()
            found["" if path == "." else f"{path}/"] = ids
    return found


def _chosen(buttons: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every step, or the first step with a button of each chapter group."""
    if os.environ.get(WHICH) == "all":
        return buttons
    group_of = {step.id: step.group for step in steps(PROJECT)}
    chosen: dict[str, list[str]] = {}
    seen: set[str] = set()
    for page, ids in buttons.items():
        for step in ids:
            if group_of[step] not in seen:
                seen.add(group_of[step])
                chosen.setdefault(page, []).append(step)
    return chosen


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with browser.served(site) as url:
        yield url


def test_every_synchronous_step_has_one_button_and_no_async_step_has_any(site: Path) -> None:
    buttons = [step for ids in _buttons(site).values() for step in ids]
    assert sorted(buttons) == sorted(step.id for step in _synchronous())
    async_pages = {s.page for s in steps(PROJECT)} - {s.page for s in _synchronous()}
    for page in async_pages:
        assert page is not None
        built = site / page.relative_to(PROJECT.docs).with_suffix("") / "index.html"
        assert "the Python of a browser has no greenlet" in built.read_text(encoding="utf-8")


def test_the_site_serves_pyodide_and_the_locked_wheels_itself(site: Path) -> None:
    folder = site / runtime.FOLDER
    manifest = (folder / runtime.MANIFEST).read_text(encoding="utf-8")
    for wheel in runtime.wheels(PROJECT.root / "uv.lock"):
        assert (folder / wheel.name).stat().st_size == wheel.size
        assert wheel.name in manifest
    assert (folder / "pydantic_core-2.50.4-cp314-cp314-pyemscripten_2026_0_wasm32.whl").is_file()
    for name in (*runtime.FILES, runtime.LOCK, runtime.RUNNER):
        assert (folder / name).is_file(), name


def test_a_zensical_site_gets_the_same_runtime_from_the_module_command(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Zensical runs no hook: ``python -m tutorial_recorder.site.runtime SITE`` writes the
    folder the MkDocs build wrote, byte for byte; a site with no button gets nothing."""
    monkeypatch.chdir(PROJECT.root)
    assert runtime.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"no page of {tmp_path} has a button: nothing to add\n"
    page = tmp_path / "relationship_attributes" / "back_populates" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes((site / "relationship_attributes/back_populates/index.html").read_bytes())
    assert runtime.main([str(tmp_path)]) == 0
    built, written = site / runtime.FOLDER, tmp_path / runtime.FOLDER
    assert sorted(p.name for p in written.iterdir()) == sorted(p.name for p in built.iterdir())
    for file in built.iterdir():
        assert (written / file.name).read_bytes() == file.read_bytes(), file.name


@needs_chromium
def test_steps_run_in_the_browser_offline_as_their_records_show(site: Path, base: str) -> None:
    assert CHROMIUM is not None
    chosen = _chosen(_buttons(site))
    modules = {step.id: step.module for step in steps(PROJECT)}
    at_once = max(1, os.cpu_count() or 1)
    with browser_runs.offline(CHROMIUM) as held:
        shown = browser_runs.run_pages(held.context, base, chosen, at_once, TIMEOUT)
    assert held.refused == []
    assert len(shown) == sum(len(ids) for ids in chosen.values())
    for run in shown:
        record = PROJECT.record_for(modules[run.step], TRANSCRIPT, "sqlite")
        assert (run.step, run.status) == (run.step, "done"), run.text
        assert run.copied + "\n" == record.read_text(encoding="utf-8"), run.step
        assert run.versions.startswith(f"Run in your browser by Pyodide {runtime.VERSION}: ")
        assert "sqlmodel 0.0.50, SQLAlchemy 2.1.9, pydantic 2.14.3" in run.versions


@needs_chromium
def test_a_run_that_cannot_start_ends_failed_saying_why(base: str) -> None:
    """Without ``run.json`` the worker cannot start Pyodide: the output says why, and the
    element's status is ``failed``, not ``done``."""
    assert CHROMIUM is not None
    one = {"relationship_attributes/back_populates/": ["relationship_attributes/back_populates/1"]}
    with browser_runs.offline(CHROMIUM) as held:
        held.context.route("**/pyodide/run.json", lambda route: route.abort())
        [shown] = browser_runs.run_pages(held.context, base, one, 1, TIMEOUT)
    assert held.refused == []
    assert shown.status == "failed"
    assert "TypeError: Failed to fetch" in shown.text
    assert shown.versions == "The run could not be completed in this browser."


def test_a_root_prefix_is_no_path_to_shorten(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pyodide's ``sys.prefix`` is ``/``: rule 4 must not write ``https://`` as
    ``https:<prefix>/``."""
    monkeypatch.setattr(sys, "prefix", "/")
    text = "(Background on this warning at: https://sqlalche.me/e/21/qzyx)\n"
    assert normalise(text) == text


def test_a_package_without_a_wheel_for_the_browser_fails_naming_it(tmp_path: Path) -> None:
    lock = (PROJECT.root / "uv.lock").read_text(encoding="utf-8")
    emscripten = re.compile(r"\n    \{ url = \"[^\"]*pydantic_core-[^\"]*pyemscripten[^\n]*")
    assert len(emscripten.findall(lock)) == 1
    (tmp_path / "uv.lock").write_text(emscripten.sub("", lock), encoding="utf-8")
    with pytest.raises(runtime.MissingRuntime) as raised:
        runtime.wheels(tmp_path / "uv.lock")
    assert str(raised.value) == (
        "pydantic-core 2.50.4 has no wheel for the browser in uv.lock: neither pure Python "
        f"nor {runtime.PLATFORM} (Pyodide {runtime.VERSION})"
    )


PYTHON_314_MAGIC = (3627).to_bytes(2, "little") + b"\r\n"
"""The magic number of CPython 3.14's bytecode, which Pyodide 314 runs."""


def _unchecked_pyc_of(pyc: bytes, source: bytes) -> bool:
    """Whether ``pyc`` is Python 3.14 bytecode, hash-based and unchecked (flags 1), made from
    exactly ``source``."""
    key = int.from_bytes(pyc[:4], "little")
    return (
        pyc[:4] == PYTHON_314_MAGIC
        and pyc[4:8] == (1).to_bytes(4, "little")
        and pyc[8:16] == _imp.source_hash(key, source)
    )


def test_the_site_serves_the_bytecode_of_the_standard_library_and_the_wheels(site: Path) -> None:
    """The worker imports compiled modules: the compiled standard library is Pyodide's, every
    file kept byte for byte, with a ``.pyc`` of the same source beside each module a run
    imports; the wheels' bytecode is of their own source files, at the paths the browser
    installs them to. Both are named by ``run.json``."""
    folder = site / runtime.FOLDER
    manifest = json.loads((folder / runtime.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["compiled"] == [bytecode.STDLIB, bytecode.SITE_PACKAGES]
    with (
        zipfile.ZipFile(folder / "python_stdlib.zip") as plain,
        zipfile.ZipFile(folder / bytecode.STDLIB) as compiled,
    ):
        names = set(compiled.namelist())
        for name in plain.namelist():
            assert compiled.read(name) == plain.read(name), name
        added = sorted(names - set(plain.namelist()))
        assert {"json/__init__.pyc", "typing.pyc", "unittest/mock.pyc"} <= set(added)
        for name in added:
            assert _unchecked_pyc_of(compiled.read(name), plain.read(name[:-1])), name
    sources: dict[str, bytes] = {}
    for wheel in runtime.wheels(PROJECT.root / "uv.lock"):
        with zipfile.ZipFile(folder / wheel.name) as archive:
            for name in archive.namelist():
                sources[f"lib/python3.14/site-packages/{name}"] = archive.read(name)
    with zipfile.ZipFile(folder / bytecode.SITE_PACKAGES) as archive:
        found = archive.namelist()
        for module in ("orm/__pycache__/session", "ext/asyncio/__pycache__/session"):
            assert f"lib/python3.14/site-packages/sqlalchemy/{module}.cpython-314.pyc" in found
        for name in found:
            folder_of, _, file = name.rpartition("/__pycache__/")
            source = f"{folder_of}/{file.removesuffix('.cpython-314.pyc')}.py"
            assert _unchecked_pyc_of(archive.read(name), sources[source]), name


def test_without_node_there_is_no_bytecode_to_serve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing compiled and nothing cached: the manifest names no compiled files, and the
    worker imports from source, as before."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("tutorial_recorder.site.bytecode.shutil.which", lambda name: None)
    runtime_folder = tmp_path / "pyodide"
    runtime_folder.mkdir()
    (runtime_folder / "pyodide.mjs").write_text("export {};\n", encoding="utf-8")
    assert bytecode.compiled(runtime_folder, []) == []
    assert not (tmp_path / "cache").exists()
