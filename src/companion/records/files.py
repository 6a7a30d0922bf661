"""A record on disk: read exactly, written atomically, and what is wrong with one.

A record is UTF-8 text with ``\\n`` line ends and no byte order mark, exactly the bytes a
run produces. It is read as bytes, without newline translation, so a record edited to CRLF
line ends or saved with a BOM differs from the run, and ``defect`` says how in words.

``write`` replaces a record in one step: the new bytes go to a temporary file in the same
folder, which ``os.replace`` then renames over the record. A process killed at any moment
leaves the record as it was or wholly new (and at worst a ``.partial`` file beside it), and
a reader at the same time sees the old bytes or the new ones, never a part.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from companion.project.paths import Project

PARTIAL = ".partial"
BOM = b"\xef\xbb\xbf"


def read(record: Path) -> str | None:
    """The record's text, exactly as stored; ``None`` if there is no file (see ``defect``)."""
    if not record.is_file():
        return None
    return record.read_bytes().decode("utf-8", errors="surrogateescape")


def defect(project: Project, record: Path) -> str | None:
    """What makes ``record`` something no run writes, in a sentence naming it; ``None`` if
    it is missing or a plain record (which may still differ from a run)."""
    name = project.relative(record)
    if record.is_dir():
        return f"{name} is a folder, not a record file. Remove it, then record the step again."
    if record.exists() and not record.is_file():
        return f"{name} is not a regular file. Remove it, then record the step again."
    if not record.exists():
        return None
    data = record.read_bytes()
    if data.startswith(BOM):
        return f"{name} starts with a byte order mark, which no run writes."
    if b"\r\n" in data:
        return f"{name} has CRLF line ends; a run writes \\n only."
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"{name} is not UTF-8 (byte {error.start}), which every run writes."
    return None


def write(record: Path, data: bytes) -> None:
    """Replace ``record`` with ``data`` in one step (see the docstring above)."""
    record.parent.mkdir(parents=True, exist_ok=True)
    partial = record.with_name(f".{record.name}.{secrets.token_hex(4)}{PARTIAL}")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, record)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
