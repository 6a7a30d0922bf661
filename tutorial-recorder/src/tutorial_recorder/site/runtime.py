"""The Python a reader's browser runs the steps with, fetched once and served by the site.

A built site whose pages have a "Run in your browser" button (``data-step``) gets a folder
``pyodide/`` beside its pages with everything the button's Web Worker loads, so that
nothing is ever asked of a CDN:

- Pyodide's runtime (``pyodide.mjs``, ``pyodide.asm.mjs``, ``pyodide.asm.wasm``,
  ``python_stdlib.zip``, ``pyodide-lock.json``) from the npm package ``pyodide``, pinned,
  fetched with npm (``tutorial_recorder.site.npm``);
- the wheels of the exact versions ``uv.lock`` pins for the packages a step imports, for
  Pyodide's platform (a pure-Python wheel, or one built for ``PLATFORM``), downloaded from
  the address the lock names and checked against its hash, into the same cache; a package
  the lock has no such wheel for fails the build with its name;
- ``companion-runner.zip``, the harness's own ``runner`` and ``records`` code (and what
  they import), which the worker runs each step with (``tutorial_recorder.runner.in_browser``);
- ``run.json``, which names them for the worker.

``tutorial_recorder.site.assets`` writes the folder into ``docs/`` before a build, and both
builders copy it into the site; ``python -m tutorial_recorder.site.runtime SITE`` adds it to a
site already built.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tutorial_recorder.project import config
from tutorial_recorder.project import toml as tomllib
from tutorial_recorder.site import bytecode, npm

VERSION = "314.0.8"
PLATFORM = "cp314-cp314-pyemscripten_2026_0_wasm32"
"""The wheel tag of compiled packages for this Pyodide (CPython 3.14, emscripten ABI 2026_0)."""
FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
LOCK = "pyodide-lock.json"
PACKAGES = (
    "sqlmodel",
    "sqlalchemy",
    "pydantic",
    "pydantic-core",
    "typing-extensions",
    "annotated-types",
    "typing-inspection",
)
FOLDER = "pyodide"
RUNNER = "companion-runner.zip"
MANIFEST = "run.json"
SHIPPED = ("__init__.py", "project", "records", "runner", "databases")
"""The parts of the harness the browser gets: the runner and every layer below it."""
BUTTON = 'data-step="'


class MissingRuntime(RuntimeError):
    """Something the browser runtime needs cannot be had; the message names it."""


@dataclass(frozen=True)
class Wheel:
    package: str
    version: str
    url: str
    hash: str
    size: int

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[1]


def wheels(lock: Path) -> list[Wheel]:
    """The wheel for Pyodide of each of ``PACKAGES`` at the version ``lock`` pins."""
    if not lock.is_file():
        raise MissingRuntime(f"{lock} is missing: the browser runs the versions it pins")
    pinned = {p["name"]: p for p in tomllib.loads(lock.read_text(encoding="utf-8"))["package"]}
    found: list[Wheel] = []
    for package in PACKAGES:
        if package not in pinned:
            raise MissingRuntime(f"{lock.name} pins no version of {package}")
        entry = pinned[package]
        fitting = [
            w
            for w in entry.get("wheels", [])
            if w["url"].endswith(("-py3-none-any.whl", f"-{PLATFORM}.whl"))
        ]
        if not fitting:
            raise MissingRuntime(
                f"{package} {entry['version']} has no wheel for the browser in {lock.name}: "
                f"neither pure Python nor {PLATFORM} (Pyodide {VERSION})"
            )
        wheel = fitting[-1]
        found.append(Wheel(package, entry["version"], wheel["url"], wheel["hash"], wheel["size"]))
    return found


def fetched(wheel: Wheel) -> Path:
    """``wheel`` in the cache, downloaded once and checked against the lock's hash."""
    file = npm.cache_folder("wheels", "pyodide") / wheel.name
    if file.is_file():
        return file
    try:
        with urllib.request.urlopen(wheel.url, timeout=60) as answer:
            data = answer.read()
    except OSError as error:
        raise MissingRuntime(f"{wheel.name} could not be downloaded: {error}") from error
    algorithm, _, expected = wheel.hash.partition(":")
    if hashlib.new(algorithm, data).hexdigest() != expected:
        raise MissingRuntime(f"{wheel.name} does not have the hash uv.lock gives it")
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_suffix(".partial")
    partial.write_bytes(data)
    partial.replace(file)
    return file


def pyodide_files() -> list[Path]:
    """Pyodide's runtime files, fetched once with npm."""
    found: list[Path] = []
    for name in (*FILES, LOCK):
        try:
            file = npm.cached("pyodide", VERSION, f"package/{name}")
        except (OSError, subprocess.CalledProcessError) as error:
            raise MissingRuntime(
                f"pyodide@{VERSION}: {name} could not be fetched: {error}"
            ) from error
        if file is None:
            raise MissingRuntime(f"npm is needed once, to fetch pyodide@{VERSION} ({name})")
        found.append(file)
    return found


def runner_zip() -> bytes:
    """The harness's code the browser runs, as a zip with fixed dates (the same bytes for
    the same code)."""
    package = Path(__file__).resolve().parents[1]
    sources = [package / "__init__.py"]
    for part in SHIPPED[1:]:
        sources += sorted((package / part).rglob("*.py"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for source in sources:
            name = f"{package.name}/{source.relative_to(package).as_posix()}"
            entry = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, source.read_bytes())
    return buffer.getvalue()


def needs_runtime(site: Path) -> bool:
    """Whether a page of the built ``site`` has a "Run in your browser" button."""
    return any(BUTTON in page.read_text(encoding="utf-8") for page in site.rglob("*.html"))


def write(site: Path, project_root: Path) -> list[Path]:
    """Put the runtime into ``site/pyodide/``; the files written (a file already there with
    the same size is kept)."""
    lock = wheels(project_root / "uv.lock")
    sources = [*pyodide_files(), *(fetched(wheel) for wheel in lock)]
    compiled = _compiled(sources)
    sources += compiled
    folder = site / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for source in sources:
        target = folder / source.name
        if not target.is_file() or target.stat().st_size != source.stat().st_size:
            target.write_bytes(source.read_bytes())
        written.append(target)
    versions = {wheel.package: wheel.version for wheel in lock}
    manifest = {"pyodide": VERSION, "wheels": [w.name for w in lock], "versions": versions}
    manifest |= {"compiled": [file.name for file in compiled]} if compiled else {}
    for name, data in (
        (RUNNER, runner_zip()),
        (MANIFEST, json.dumps(manifest, indent=1).encode()),
    ):
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


def _compiled(sources: list[Path]) -> list[Path]:
    """The bytecode of the standard library and of the wheels, for a faster start
    (``tutorial_recorder.site.bytecode``); none without Node.js."""
    runtime = sources[0].parent
    return bytecode.compiled(runtime, [s for s in sources if s.suffix == ".whl"])


def main(arguments: list[str]) -> int:
    """``python -m tutorial_recorder.site.runtime SITE``: the runtime into a site already
    built, for the project found from the current folder."""
    if len(arguments) != 1:
        print("usage: python -m tutorial_recorder.site.runtime SITE", file=sys.stderr)
        return 2
    site = Path(arguments[0])
    if not needs_runtime(site):
        print(f"no page of {site} has a button: nothing to add")
        return 0
    written = write(site, config.find(Path.cwd()).root)
    print(f"{len(written)} files in {site / FOLDER}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
