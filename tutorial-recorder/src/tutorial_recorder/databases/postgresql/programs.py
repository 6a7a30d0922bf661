"""Finding PostgreSQL's server programs and running them: ``initdb`` and ``postgres``, as an
unprivileged user when this process is root (PostgreSQL refuses to run as root), each in a
session of its own, which ``end_session`` ends whole."""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutorial_recorder.databases.base import ServerError

SUPERUSER = "companion"
PORT = 5432  # only names the socket file: there is no TCP port
BIN_VARIABLE = "TUTORIAL_RECORDER_POSTGRESQL_BIN"
DEBIAN_LAYOUT = Path("/usr/lib/postgresql")  # postgresql-common: <version>/bin/postgres
INSTALL = "install Debian's postgresql package (apt-get install postgresql)"
_VERSION = re.compile(r"^\d+(?:\.\d+)?$")
INITDB_WAIT = 120.0
END_WAIT = 10.0
PASSWORD_FILE = "superuser.password"  # read by initdb, then deleted
SETTINGS = {
    "listen_addresses": "",
    "password_encryption": "scram-sha-256",
    "dynamic_shared_memory_type": "mmap",  # in the data folder, not in /dev/shm
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
    both; by default the folder named by ``$TUTORIAL_RECORDER_POSTGRESQL_BIN`` if it is set, else
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

    def start(self, command: list[str], folder: Path, log: str) -> subprocess.Popen[bytes]:
        """Start ``command`` as this user, in ``folder`` and in a session of its own (a
        Ctrl-C in the terminal does not reach it), its output in the file ``log`` there."""
        with open(folder / log, "wb") as output:
            return subprocess.Popen(
                command,
                **self.options(folder),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )


def as_user(user: pwd.struct_passwd | None, folder: Path) -> AsUser:
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C"}
    if user is None:
        return AsUser(None, None, environ | {"HOME": os.environ.get("HOME", str(folder))})
    os.chown(folder, user.pw_uid, user.pw_gid)
    return AsUser(user.pw_uid, user.pw_gid, environ | {"HOME": str(folder)})


def begin_initdb(
    bin_folder: Path, folder: Path, user: AsUser, password: str
) -> subprocess.Popen[bytes]:
    """Start ``initdb``: every connection authenticates with a password (``scram-sha-256``),
    the superuser's being ``password``; ``finish_initdb`` waits for it."""
    secret = folder / PASSWORD_FILE
    secret.touch(0o600)
    secret.write_text(password + "\n")
    if user.uid is not None:
        os.chown(secret, user.uid, -1)
    command = [
        str(bin_folder / "initdb"),
        *("--pgdata", str(folder / "data"), "--username", SUPERUSER, "--pwfile", str(secret)),
        *("--auth-local", "scram-sha-256", "--auth-host", "scram-sha-256"),
        *("--encoding", "UTF8", "--locale", "C", "--no-sync", "--no-instructions"),
    ]
    return user.start(command, folder, "initdb.log")


def finish_initdb(process: subprocess.Popen[bytes], folder: Path) -> None:
    """Wait for ``initdb`` (polling, so a signal handler may end it meanwhile), then delete
    the superuser's password file."""
    try:
        process.wait(INITDB_WAIT)
    except subprocess.TimeoutExpired:
        raise ServerError(f"PostgreSQL's initdb did not finish within {INITDB_WAIT:g} s") from None
    finally:
        (folder / PASSWORD_FILE).unlink(missing_ok=True)
    if process.returncode != 0:
        log = (folder / "initdb.log").read_text(errors="replace")
        raise ServerError(f"PostgreSQL's initdb failed in {folder}: {last_line(log)}")


def launch(bin_folder: Path, folder: Path, user: AsUser) -> subprocess.Popen[bytes]:
    settings = [f"--{name}={value}" for name, value in SETTINGS.items()]
    command = [
        str(bin_folder / "postgres"),
        *("-D", str(folder / "data"), "-k", str(folder), "-p", str(PORT)),
        *settings,
    ]
    return user.start(command, folder, "server.log")


def end_session(process: subprocess.Popen[bytes]) -> None:
    """End ``process`` and every process of its session at once (``initdb`` and the backend
    it runs, or a server and its workers), then remove the POSIX shared memory segments
    they had mapped (``/dev/shm/PostgreSQL.*``), which a killed backend cannot remove. The
    session is stopped first, so none maps a new one while they are listed."""
    group = process.pid
    segments: set[str] = set()
    try:
        os.killpg(group, signal.SIGSTOP)
        segments = _mapped_segments(group)
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:  # the session has ended already
        pass
    with contextlib.suppress(subprocess.TimeoutExpired):  # the members are waited for below
        process.wait(END_WAIT)
    deadline = time.monotonic() + END_WAIT
    while _members(group) and time.monotonic() < deadline:
        time.sleep(0.01)
    for segment in segments:
        Path(segment).unlink(missing_ok=True)


def _members(group: int) -> list[int]:
    """The live processes of process group ``group`` (zombies hold nothing: left out)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == group:
            found.append(int(entry.name))
    return found


def _mapped_segments(group: int) -> set[str]:
    """The ``/dev/shm`` files that the processes of ``group`` have mapped."""
    segments = set()
    for pid in _members(group):
        try:
            maps = Path(f"/proc/{pid}/maps").read_text()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        for line in maps.splitlines():
            path = line.split(maxsplit=5)[5:]
            if path and path[0].startswith("/dev/shm/PostgreSQL."):
                segments.add(path[0].removesuffix(" (deleted)"))
    return segments


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"
