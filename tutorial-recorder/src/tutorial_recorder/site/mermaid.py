"""The pinned Mermaid the site draws its diagrams with, served from the site itself.

Both builders' Material theme draws ``mermaid`` blocks with a global ``mermaid`` and, when
a page has none, fetches one from a CDN (Zensical's theme asks for Mermaid 12, MkDocs'
for 11). ``docs/js/mermaid-loader.js`` gives every page a ``mermaid`` that loads this
release, from the site's ``mermaid/`` folder, the first time a page draws: a page without
a diagram never downloads it. The file is fetched once with npm
(``tutorial_recorder.site.npm``) and put into ``docs/`` by ``tutorial_recorder.site.assets``.
"""

from __future__ import annotations

from pathlib import Path

from tutorial_recorder.site import npm

VERSION = "12.3.0"
"""Zensical's major version; MkDocs' theme calls the same ``initialize`` and ``render``."""
FOLDER = "mermaid"
SCRIPT = "mermaid.min.js"


def local_script() -> Path | None:
    """The cached ``mermaid.min.js``, fetched first if needed; None when npm is missing."""
    return npm.cached("mermaid", VERSION, f"package/dist/{SCRIPT}")
