"""MkDocs hook: expand include directives, and serve Mermaid from the site itself."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files

from companion import mermaid
from companion.includes import expand

MERMAID = "js/mermaid.min.js"


def on_config(config: Any, **kwargs: Any) -> Any:
    if mermaid.local_script() is not None:
        config.extra_javascript.append(MERMAID)
    return config


def on_files(files: Files, config: Any, **kwargs: Any) -> Files:
    script = mermaid.local_script()
    if script is not None:
        files.append(File.generated(config, MERMAID, abs_src_path=str(script)))
    return files


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    return expand(markdown, f"docs/{page.file.src_path}")
