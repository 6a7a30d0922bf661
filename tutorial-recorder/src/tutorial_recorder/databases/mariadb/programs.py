"""Finding MariaDB's server programs and running them: ``mariadb-install-db`` and
``mariadbd``, as the ``mysql`` user when this process is root, each in a session of its own
(the helpers of ``tutorial_recorder.databases.postgresql.programs``, which ends one whole)."""

from __future__ import annotations

import os
import pwd
import subprocess
from collections.abc import Iterable
from pathlib import Path

from tutorial_recorder.databases.base import ServerError
from tutorial_recorder.databases.postgresql.programs import AsUser, last_line

BIN_VARIABLE = "TUTORIAL_RECORDER_MARIADB_BIN"
INSTALL = "install Debian's mariadb-server package (apt-get install mariadb-server)"
INSTALL_DB, SERVER = "mariadb-install-db", "mariadbd"
DEBIAN_FOLDERS = (Path("/usr/bin"), Path("/usr/sbin"))
INSTALL_WAIT = 120.0
SOCKET, INIT_FILE = "mariadb.sock", "init.sql"
STORAGE = (  # a throwaway server in memory: small files, nothing flushed, no asynchronous I/O
    "--innodb-log-file-size=4M",
    "--innodb-buffer-pool-size=16M",
    "--innodb-flush-method=fsync",
    "--innodb-use-native-aio=0",
    "--innodb-doublewrite=0",
    "--innodb-flush-log-at-trx-commit=0",
    "--skip-name-resolve",
)
SETTINGS = (
    "--skip-networking",  # the socket only: no TCP port
    "--skip-log-bin",
    "--local-infile=0",  # LOAD DATA LOCAL refused by the server too
    "--event-scheduler=DISABLED",
    "--default-time-zone=+00:00",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_general_ci",
    "--lc-messages=en_US",
    "--max-connections=64",
)


def programs(candidates: Iterable[Path] | None = None) -> tuple[Path, Path]:
    """``mariadb-install-db`` and ``mariadbd``: each the first found in ``candidates``; by
    default the folder ``$TUTORIAL_RECORDER_MARIADB_BIN`` names if it is set, else ``PATH``
    and then ``/usr/bin`` and ``/usr/sbin`` (where Debian puts them, off a user's PATH)."""
    if candidates is None:
        named = os.environ.get(BIN_VARIABLE)
        path = [Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if p]
        candidates = [Path(named)] if named else [*path, *DEBIAN_FOLDERS]
    folders = list(candidates)
    found = [_first(folders, name) for name in (INSTALL_DB, SERVER)]
    if found[0] is None or found[1] is None:
        looked = ", ".join(dict.fromkeys(str(f) for f in folders)) or "nowhere"
        raise ServerError(
            f"MariaDB's server programs were not found (looked in {looked}): {INSTALL}"
        )
    return found[0], found[1]


def _first(folders: list[Path], name: str) -> Path | None:
    for folder in folders:
        if os.access(folder / name, os.X_OK):
            return folder / name
    return None


def unprivileged_user() -> pwd.struct_passwd | None:
    """Who runs the server: this process's user, or under root the ``mysql`` user that
    Debian's package makes (MariaDB will not run as root unless told to)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("mysql")
    except KeyError:
        raise ServerError(
            f"MariaDB is not run as root here, and there is no 'mysql' user to run it as: {INSTALL}"
        ) from None


def write_init_file(folder: Path, user: AsUser, statements: list[str]) -> Path:
    """The SQL ``mariadbd`` runs at start before it takes any connection, readable by its
    user only; the caller deletes it once the server is up."""
    path = folder / INIT_FILE
    path.touch(0o600)
    path.write_text("".join(f"{statement};\n" for statement in statements))
    if user.uid is not None:
        os.chown(path, user.uid, -1)
    return path


def begin_install(
    install_db: Path, server: Path, folder: Path, user: AsUser
) -> subprocess.Popen[bytes]:
    """Start ``mariadb-install-db`` into ``folder/data``: no test database, the root account
    authenticated by password (its password is set by the init file, at the first start)."""
    command = [
        str(install_db),
        "--no-defaults",
        f"--datadir={folder / 'data'}",
        f"--basedir={server.parent.parent}",
        "--auth-root-authentication-method=normal",
        "--skip-test-db",
        *STORAGE,
    ]
    environ = user.environ | {"PATH": f"{server.parent}{os.pathsep}{user.environ['PATH']}"}
    as_server = AsUser(user.uid, user.gid, environ)
    return as_server.start(command, folder, "install.log")


def finish_install(process: subprocess.Popen[bytes], folder: Path) -> None:
    """Wait for ``mariadb-install-db`` (polling, so a signal handler may end it meanwhile)."""
    try:
        process.wait(INSTALL_WAIT)
    except subprocess.TimeoutExpired:
        raise ServerError(f"{INSTALL_DB} did not finish within {INSTALL_WAIT:g} s") from None
    if process.returncode != 0:
        log = (folder / "install.log").read_text(errors="replace")
        raise ServerError(f"{INSTALL_DB} failed in {folder}: {last_line(log)}")


def launch(server: Path, folder: Path, user: AsUser) -> subprocess.Popen[bytes]:
    """Start ``mariadbd`` on the socket in ``folder``, its log in ``server.log`` there."""
    command = [
        str(server),
        "--no-defaults",
        f"--datadir={folder / 'data'}",
        f"--socket={folder / SOCKET}",
        f"--pid-file={folder / 'mariadbd.pid'}",
        f"--tmpdir={folder}",
        f"--secure-file-priv={folder / 'files'}",
        f"--init-file={folder / INIT_FILE}",
        *STORAGE,
        *SETTINGS,
    ]
    (folder / "files").mkdir(mode=0o700)
    if user.uid is not None:
        os.chown(folder / "files", user.uid, -1)
    return user.start(command, folder, "server.log")
