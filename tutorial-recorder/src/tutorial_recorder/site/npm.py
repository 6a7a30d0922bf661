"""One file of a pinned npm package, fetched once and kept in the user's cache folder.

The site serves Mermaid itself, and the browser checks run axe-core, without any request
outside the machine once the file is cached. ``npm pack`` takes the package's archive
from the npm registry (never into the project); the one file needed is kept in
``~/.cache/sqlmodel-companion/<package>-<version>/``. Without npm there is no file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path


def cache_folder(package: str, version: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sqlmodel-companion" / f"{package}-{version}"


def cached(package: str, version: str, member: str) -> Path | None:
    """``member`` (a path inside the package's archive, ``package/...``) of
    ``package@version``, fetched first if needed; None when npm is missing."""
    file = cache_folder(package, version) / Path(member).name
    if file.is_file():
        return file
    npm = shutil.which("npm")
    if npm is None:
        return None
    with tempfile.TemporaryDirectory(prefix=f"companion-{package}-") as folder:
        subprocess.run(
            [npm, "pack", f"{package}@{version}", "--pack-destination", folder, "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with tarfile.open(Path(folder) / f"{package}-{version}.tgz") as archive:
            source = archive.extractfile(member)
            if source is None:
                raise FileNotFoundError(f"{member} is missing from {package}@{version}")
            file.parent.mkdir(parents=True, exist_ok=True)
            partial = file.with_suffix(".partial")
            partial.write_bytes(source.read())
            partial.replace(file)
    return file
