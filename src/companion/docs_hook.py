"""MkDocs hook: expand include directives before a page's Markdown is rendered."""

from __future__ import annotations

from typing import Any

from companion.includes import expand


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    return expand(markdown, f"docs/{page.file.src_path}")
