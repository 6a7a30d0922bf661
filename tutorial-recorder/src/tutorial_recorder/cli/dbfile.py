"""The ``--db FILE`` of ``companion run``: check FILE before anything is written or deleted.

FILE must be new, in a folder that exists and can be written (tried by creating FILE and
removing it again, which also holds for root, whom permission bits do not stop). With
``--replace`` an existing FILE is deleted first, but only if it is a SQLite database (a
regular file that starts with SQLite's header): a text file, a folder, a device such as
``/dev/null``, or anything else is refused and left as it is.
"""

from __future__ import annotations

import os
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


class Refused(ValueError):
    """FILE cannot be used; the message says why, in one line."""


def prepare(db: Path, *, replace: bool) -> None:
    """Make ``db`` ready to be written by a run, or raise ``Refused``."""
    if not db.parent.is_dir():
        raise Refused(f"--db {db}: the folder {db.parent} does not exist.")
    if os.path.lexists(db):
        if not replace:
            raise Refused(
                f"--db {db}: the file exists. Delete it, choose another name, or add --replace."
            )
        if not _is_sqlite(db):
            raise Refused(
                f"--db {db}: --replace deletes only a SQLite database, and this is not one; "
                "it was left as it is."
            )
        db.unlink()
    try:
        with open(db, "xb"):
            pass
        db.unlink()
    except OSError as error:
        raise Refused(f"--db {db}: cannot write there ({error.strerror}).") from None


def _is_sqlite(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with open(path, "rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
