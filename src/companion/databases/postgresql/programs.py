"""Finding PostgreSQL's server programs and running them: ``initdb`` and ``postgres``, as an
unprivileged user when this process is root (PostgreSQL refuses to run as root)."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.databases.base import ServerError

SUPERUSER = "companion"
PORT = 5432  # only names the socket file: there is no TCP port
BIN_VARIABLE = "COMPANION_POSTGRESQL_BIN"
DEBIAN_LAYOUT = Path("/usr/lib/postgresql")  # postgresql-common: <version>/bin/postgres
INSTALL = "install Debian's postgresql package (apt-get install postgresql)"
_VERSION = re.compile(r"^\d+(?:\.\d+)?$")
SETTINGS = {
    "listen_addresses": "",
    "unix_socket_permissions": "0700",
    "fsync": "off",  # a throwaway database: nothing needs to survive a crash
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "autovacuum": "off",
    "lc_messages": "C",
    "TimeZone": "UTC",
    "logging_collector": "off",
}


def programs(candidates: Iterable[Path] | None = None) -> Path:
    """The folder holding ``initdb`` and ``postgres``: the first of ``candidates`` that has
    both; by default the folder named by ``$COMPANION_POSTGRESQL_BIN`` if it is set, else
    ``pg_config --bindir``, then ``/usr/lib/postgresql/<version>/bin``, newest first."""
    if candidates is None:
        named = os.environ.get(BIN_VARIABLE)
        candidates = [Path(named)] if named else _default_candidates()
    folders = list(candidates)
    for folder in folders:
        if all(os.access(folder / name, os.X_OK) for name in ("initdb", "postgres")):
            return folder
    looked = ", ".join(str(f) for f in folders) or f"{DEBIAN_LAYOUT}/<version>/bin"
    raise ServerError(
        f"PostgreSQL's server programs were not found (looked in {looked}): {INSTALL}"
    )


def _default_candidates() -> list[Path]:
    found: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        asked = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if asked.returncode == 0 and asked.stdout.strip():
            found.append(Path(asked.stdout.strip()))
    if DEBIAN_LAYOUT.is_dir():
        versions = [p for p in DEBIAN_LAYOUT.iterdir() if _VERSION.match(p.name)]
        versions.sort(key=lambda p: tuple(int(n) for n in p.name.split(".")), reverse=True)
        found += [p / "bin" for p in versions]
    return found


def unprivileged_user() -> pwd.struct_passwd | None:
    """Who runs the server: this process's user, or under root ``postgres`` or ``nobody``."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise ServerError(
        "PostgreSQL refuses to run as root, and there is no 'postgres' or 'nobody' user to "
        "run it as"
    )


@dataclass(frozen=True)
class AsUser:
    uid: int | None
    gid: int | None
    environ: dict[str, str]

    def options(self, folder: Path) -> dict[str, Any]:
        """``subprocess`` options that run a program as this user, in ``folder``."""
        return {
            "cwd": folder,
            "env": self.environ,
            "user": self.uid,
            "group": self.gid,
            "extra_groups": [] if self.uid is not None else None,
            "stdin": subprocess.DEVNULL,
        }


def as_user(user: pwd.struct_passwd | None, folder: Path) -> AsUser:
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C"}
    if user is None:
        return AsUser(None, None, environ | {"HOME": os.environ.get("HOME", str(folder))})
    os.chown(folder, user.pw_uid, user.pw_gid)
    return AsUser(user.pw_uid, user.pw_gid, environ | {"HOME": str(folder)})


def initdb(bin_folder: Path, folder: Path, user: AsUser) -> None:
    command = [
        str(bin_folder / "initdb"),
        *("--pgdata", str(folder / "data"), "--username", SUPERUSER, "--auth", "trust"),
        *("--encoding", "UTF8", "--locale", "C", "--no-sync", "--no-instructions"),
    ]
    done = subprocess.run(
        command, **user.options(folder), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ServerError(f"PostgreSQL's initdb failed in {folder}: {last_line(done.stderr)}")


def launch(bin_folder: Path, folder: Path, user: AsUser) -> subprocess.Popen[bytes]:
    settings = [f"--{name}={value}" for name, value in SETTINGS.items()]
    command = [
        str(bin_folder / "postgres"),
        *("-D", str(folder / "data"), "-k", str(folder), "-p", str(PORT)),
        *settings,
    ]
    with open(folder / "server.log", "wb") as log:
        return subprocess.Popen(
            command,
            **user.options(folder),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"
