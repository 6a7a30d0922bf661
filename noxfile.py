"""The upgrade matrix: every tutorial module under several dependency sets, then one report.

Each set is a nox session with its own uv virtual environment, kept in ``.nox/`` between
runs (a warm run only checks what is installed). The session installs the project there,
editable, with the set's versions of sqlmodel, SQLAlchemy and pydantic, and runs
``companion matrix record``, which records every module into ``.matrix/sets/<set>/``. The
``report`` session then runs ``companion matrix report``, which compares the sets of this
run with the committed records and writes ``.matrix/report.md`` and ``.matrix/report.html``.

Run it with ``./scripts/matrix`` (README: "Upgrades and the matrix"):
``./scripts/matrix --list`` shows the sets; ``--smoke`` runs ``locked`` and ``lowest``
only, as CI does; ``--strict`` fails on differences too.

The sets:

- ``locked``: uv.lock's versions, on the Python the project's environment uses;
- ``lowest``: every runtime dependency at the lower bound pyproject.toml declares;
- ``sqlalchemy-2.0``: uv.lock's versions with the newest SQLAlchemy 2.0 instead of 2.1
  (the docs page on SQLAlchemy 2.0 and 2.1 is generated from this set);
- ``python-3.N``: uv.lock's versions on each other Python from 3.10 up (the oldest the
  harness supports) that is installed on this machine (found, never downloaded);
- ``postgresql``: uv.lock's versions with psycopg 3 (the ``postgresql`` group), every step
  recorded on a PostgreSQL server the set starts, compared with the PostgreSQL records;
- ``mariadb``: uv.lock's versions with PyMySQL and aiomysql (the ``mariadb`` group), every
  step recorded on a MariaDB server the set starts, compared with the MariaDB records;
- ``below-floor``: the lowest set with sqlmodel 0.0.20, under the declared floor. Not
  supported: its failures are reported, and show why the floor is 0.0.21.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nox
from nox.command import CommandFailed

from tutorial_recorder.matrix import recording as matrix_run

ROOT = Path(__file__).resolve().parent
OUT = ROOT / ".matrix"
SETS = OUT / "sets"
UV = os.environ.get("UV", "uv")
SQLALCHEMY_2_0 = "sqlalchemy==2.0.58"  # the newest SQLAlchemy 2.0 release
BELOW_FLOOR = "sqlmodel==0.0.20"  # the last sqlmodel without cascade_delete

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.download_python = "never"
nox.options.error_on_missing_interpreters = True


@dataclass(frozen=True)
class Set:
    name: str
    description: str
    python: str | None = None
    """An interpreter's path; ``None`` for the one nox runs on, the project's."""
    pins: tuple[str, ...] = ()
    """Requirements installed with the project, ``name==version``."""
    locked: bool = True
    """Everything not pinned at uv.lock's versions."""
    overrides: tuple[str, ...] = ()
    """Requirements that replace the project's own (to go below its declared floor)."""
    supported: bool = True
    smoke: bool = False
    on: str = "sqlite"
    """The name of the database the set records on (``tutorial_recorder.databases.registry``)."""
    groups: tuple[str, ...] = ()
    """Dependency groups of uv.lock whose versions constrain the install too."""


def lower_bounds() -> tuple[str, ...]:
    """Every runtime dependency of pyproject.toml pinned at its lower bound."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = []
    for requirement in project["dependencies"]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([^,;\s]+)", requirement)
        if match is None:
            raise ValueError(f"pyproject.toml: {requirement!r} has no lower bound `name>=X`")
        pins.append(f"{match[1].lower()}=={match[2]}")
    return tuple(pins)


OLDEST_MINOR = 10
"""The oldest Python 3 the harness supports (tutorial-recorder's requires-python)."""


def installed_pythons() -> dict[str, str]:
    """One interpreter per Python version from 3.10 up installed here, ``{"3.12": path}``.

    Looked for, never downloaded: ``python3.N`` on PATH (pyenv's shims aside, which run only
    the active version), in pyenv's versions and in uv's own Python installations.
    """
    candidates: list[Path] = []
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if folder and "shims" not in Path(folder).parts:
            candidates += sorted(Path(folder).glob("python3.[1-9]*"))
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(pyenv.glob("versions/3.*/bin/python3.[1-9]*"))
    managed = os.environ.get("UV_PYTHON_INSTALL_DIR", Path.home() / ".local/share/uv/python")
    candidates += sorted(Path(managed).glob("cpython-3.*/bin/python3.[1-9]*"))
    found: dict[str, str] = {}
    for path in candidates:
        match = re.fullmatch(r"python(3\.(\d+))", path.name)
        if match is None or int(match[2]) < OLDEST_MINOR or match[1] in found:
            continue
        if os.access(path, os.X_OK) and _runs(str(path), match[1]):
            found[match[1]] = str(path)
    return dict(sorted(found.items(), key=lambda item: int(item[0].split(".")[1])))


def _runs(path: str, minor: str) -> bool:
    try:
        ran = subprocess.run(
            [path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return ran.returncode == 0 and ran.stdout.strip() == minor


def sets() -> list[Set]:
    lowest = lower_bounds()
    current = f"{sys.version_info.major}.{sys.version_info.minor}"
    pythons = {minor: path for minor, path in installed_pythons().items() if minor != current}
    return [
        Set("locked", f"uv.lock's versions, on Python {current}", smoke=True),
        Set(
            "lowest",
            "the lower bounds of pyproject.toml: " + ", ".join(lowest),
            pins=lowest,
            locked=False,
            smoke=True,
        ),
        Set(
            "sqlalchemy-2.0",
            f"uv.lock's versions with {SQLALCHEMY_2_0} instead of 2.1",
            pins=(SQLALCHEMY_2_0,),
        ),
        *(
            Set(f"python-{minor}", f"uv.lock's versions, on Python {minor}", python=path)
            for minor, path in pythons.items()
        ),
        Set(
            "postgresql",
            "uv.lock's versions with psycopg 3, every step on PostgreSQL",
            pins=("psycopg[binary]",),
            on="postgresql",
            groups=("postgresql",),
        ),
        Set(
            "mariadb",
            "uv.lock's versions with PyMySQL and aiomysql, every step on MariaDB",
            pins=("pymysql", "aiomysql"),
            on="mariadb",
            groups=("mariadb",),
        ),
        Set(
            "below-floor",
            f"the lowest set with {BELOW_FLOOR}, below the declared floor",
            pins=tuple(pin for pin in lowest if not pin.startswith("sqlmodel==")),
            locked=False,
            overrides=(BELOW_FLOOR,),
            supported=False,
        ),
    ]


RAN: list[str] = []
"""The sets of this nox run, in order, for the report."""


def _install(session: nox.Session, chosen: Set) -> None:
    """The harness (the workspace member, editable) and the tutorial's own dependencies,
    with the set's versions, into the session's environment.

    Skipped when the environment already has exactly that: same pyproject.toml, uv.lock and
    set (a stamp in the environment records them), which makes a warm run fast.
    """
    environment = Path(session.virtualenv.location)
    stamp = environment / "matrix-installed"
    key = hashlib.sha256(repr(chosen).encode())
    for name in ("pyproject.toml", "uv.lock", "tutorial-recorder/pyproject.toml"):
        key.update((ROOT / name).read_bytes())
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key.hexdigest():
        session.log(f"{chosen.name}: already installed (pyproject.toml, uv.lock, set unchanged)")
        return
    tmp = Path(session.create_tmp())
    tutorial = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    arguments = ["-e", "./tutorial-recorder", *tutorial["dependencies"]]
    if chosen.locked:
        exported = session.run_install(
            "uv",
            "export",
            "--locked",
            "--no-default-groups",
            "--no-hashes",
            "--no-emit-workspace",
            *(f"--group={group}" for group in chosen.groups),
            "--quiet",
            external=True,
            silent=True,
        )
        pinned = {pin.split("==")[0] for pin in chosen.pins}
        kept = [
            line
            for line in str(exported).splitlines()
            if line and not line.startswith(" ") and re.split(r"[=<>; ]", line)[0] not in pinned
        ]
        (tmp / "locked.txt").write_text("\n".join(kept) + "\n", encoding="utf-8")
        arguments += ["--constraint", str(tmp / "locked.txt")]
    if chosen.overrides:
        (tmp / "overrides.txt").write_text("\n".join(chosen.overrides) + "\n", encoding="utf-8")
        arguments += ["--override", str(tmp / "overrides.txt")]
    stamp.unlink(missing_ok=True)
    session.install(*arguments, *chosen.pins, silent=True)
    stamp.write_text(key.hexdigest(), encoding="utf-8")


def _record(session: nox.Session, chosen: Set) -> None:
    RAN.append(chosen.name)
    folder = SETS / chosen.name
    matrix_run.prepare(folder, chosen.name, chosen.description, supported=chosen.supported)
    try:
        _install(session, chosen)
    except CommandFailed as error:
        message = f"Its environment could not be installed ({error.reason or 'uv failed'})."
        matrix_run.fail(folder, message + " nox's output shows uv's message.")
        session.warn(f"{chosen.name}: {message} The report counts every module as failed.")
        return
    session.run(
        "companion",
        "matrix",
        "record",
        "--set",
        chosen.name,
        "--out",
        str(folder),
        "--description",
        chosen.description,
        "--on",
        chosen.on,
        *([] if chosen.supported else ["--unsupported"]),
    )


def _session(chosen: Set) -> Callable[[nox.Session], None]:
    def record(session: nox.Session) -> None:
        _record(session, chosen)

    supported = "" if chosen.supported else " (not supported: reported only)"
    record.__doc__ = f"{chosen.description}{supported}"
    return record


for _set in sets():
    nox.session(
        _session(_set),
        name=_set.name,
        python=_set.python,
        tags=["smoke"] if _set.smoke else [],
    )


@nox.session(venv_backend="none", tags=["smoke"])
def report(session: nox.Session) -> None:
    """Compare this run's sets with the records; write .matrix/report.md and report.html."""
    session.run(
        str(Path(sys.executable).parent / "companion"),  # the project environment's command
        "matrix",
        "report",
        "--out",
        str(OUT),
        *RAN,
        *session.posargs,
        external=True,
    )
