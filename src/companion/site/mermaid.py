"""Serve Mermaid from the site itself, so diagrams draw without any outside request.

mkdocs-material draws ``mermaid`` blocks with the Mermaid library, which it fetches from a
CDN unless a ``mermaid`` script is already on the page. The docs hook adds a local copy
of a pinned Mermaid release, taken from the npm registry once with ``npm pack`` and kept
in the user's cache folder (never in the project). Without npm the site falls back to
mkdocs-material's CDN copy, which works for any reader who is online.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

VERSION = "11.12.2"
MEMBER = "package/dist/mermaid.min.js"


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sqlmodel-companion" / f"mermaid-{VERSION}"


def local_script() -> Path | None:
    """The cached ``mermaid.min.js``, fetched first if needed; None when npm is missing."""
    script = cache_folder() / "mermaid.min.js"
    if script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        return None
    with tempfile.TemporaryDirectory(prefix="companion-mermaid-") as folder:
        subprocess.run(
            [npm, "pack", f"mermaid@{VERSION}", "--pack-destination", folder, "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with tarfile.open(Path(folder) / f"mermaid-{VERSION}.tgz") as archive:
            source = archive.extractfile(MEMBER)
            if source is None:
                raise FileNotFoundError(f"{MEMBER} is missing from mermaid@{VERSION}")
            script.parent.mkdir(parents=True, exist_ok=True)
            partial = script.with_suffix(".partial")
            partial.write_bytes(source.read())
            partial.replace(script)
    return script
