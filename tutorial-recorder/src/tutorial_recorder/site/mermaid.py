"""Serve Mermaid from the site itself, so diagrams draw without any outside request.

mkdocs-material draws ``mermaid`` blocks with the Mermaid library, which it fetches from a
CDN unless a ``mermaid`` script is already on the page. The docs hook adds a local copy
of a pinned Mermaid release (``tutorial_recorder.site.npm``). Without npm the site falls back to
mkdocs-material's CDN copy, which works for any reader who is online.
"""

from __future__ import annotations

from pathlib import Path

from tutorial_recorder.site import npm

VERSION = "11.12.2"


def local_script() -> Path | None:
    """The cached ``mermaid.min.js``, fetched first if needed; None when npm is missing."""
    return npm.cached("mermaid", VERSION, "package/dist/mermaid.min.js")
