"""inline-snapshot reads and writes every record through ``companion.records.files``.

inline-snapshot stores an external file by copying its new value over the old one
(``shutil.copy``: truncate, then write), so a run killed in the middle leaves a truncated
record and a reader at the same time can see an empty one. The one place it writes such a
file is ``FileLocation.store``; ``install`` replaces that method, for this process, by a
write of a temporary file in the same folder renamed over the record. It reads a record's
old value in ``ExternalFile._load_value`` (to compare it, and for its diff), which
``install`` makes refuse a record reached through a symbolic link (``files.Refused``) as
``files.write`` does: neither follows a link out of the project.
"""

from __future__ import annotations

from pathlib import Path

from inline_snapshot._external._external_file import ExternalFile
from inline_snapshot._external._external_location import FileLocation

from companion.records import files


def _store(location: FileLocation, new_file: Path) -> None:
    files.write(location._filename, new_file.read_bytes())


_LOAD_VALUE = ExternalFile._load_value


def _load_value(external: ExternalFile, which: str) -> object:
    if which == "old":
        files.refused(external._filename)
    return _LOAD_VALUE(external, which)  # type: ignore[no-untyped-call]


def install() -> None:
    """Make inline-snapshot's file store atomic, and its reads and writes refuse links, once
    per process."""
    FileLocation.store = _store  # type: ignore[method-assign, assignment]
    ExternalFile._load_value = _load_value  # type: ignore[method-assign]
