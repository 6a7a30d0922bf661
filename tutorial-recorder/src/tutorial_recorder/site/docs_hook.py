"""MkDocs hook: what only MkDocs can do. Serve Mermaid from the site itself, and the Python
the "Run in your browser" buttons run (``tutorial_recorder.site.runtime``).

The includes are a Markdown extension (``tutorial_recorder.site.extension``); this hook is not
needed to build the pages, and Zensical, which runs no hooks, builds them without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from tutorial_recorder.project import config as project_config
from tutorial_recorder.site import mermaid, runtime

MERMAID = "js/mermaid.min.js"


def on_files(files: Files, config: Any, **kwargs: Any) -> Files:
    script = mermaid.local_script()
    if script is not None:
        files.append(File.generated(config, MERMAID, abs_src_path=str(script)))
    return files


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    """Load the local Mermaid only on pages that draw a diagram (it is large)."""
    if 'class="mermaid"' not in output or mermaid.local_script() is None:
        return output
    source = get_relative_url(MERMAID, page.url)
    return output.replace("</body>", f'<script src="{source}"></script>\n</body>', 1)


def on_post_build(config: Any, **kwargs: Any) -> None:
    """Pyodide, the locked wheels and the runner, where a page has a button."""
    site = Path(config["site_dir"])
    if runtime.needs_runtime(site):
        project = project_config.find(Path(config["config_file_path"]).parent)
        runtime.write(site, project.root)
