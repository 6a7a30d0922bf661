"""The docs pages: no typed output, Python blocks pass ruff and run, the site builds strictly.

That every include and SQL block expands is checked by the plugin's ``pyproject.toml::pages``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples
from pytest_examples.lint import ruff_format

from companion.project import paths
from companion.runner import models

from .conftest import build_site

PAGES = paths.pages()
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```+ *(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```+ *$", re.M | re.S
)


def _page_id(page: Path) -> str:
    return page.relative_to(paths.ROOT).as_posix()


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_no_output_is_typed_into_a_page(page: Path) -> None:
    """Output, SQL logs and tables come from records; the only hand-written blocks allowed
    are Python (checked below), SQL that runs (``state=``, executed by ``expand``) and
    console commands (``$ ...`` lines)."""
    markdown = page.read_text(encoding="utf-8")
    for block in FENCE.finditer(markdown):
        language = block.group("info").split(" ")[0]
        line = markdown.count("\n", 0, block.start()) + 1
        where = f"{_page_id(page)}:{line}"
        if language in ("py", "python"):
            continue
        if language == "sql":
            assert 'state="' in block.group("info"), f"{where}: a sql block that does not run"
            continue
        assert language == "console", f"{where}: a hand-written {language or 'plain'} block"
        body = block.group("body").splitlines()
        assert all(row.strip().startswith("$ ") for row in body), f"{where}: console output"


def _python_blocks() -> list[CodeExample]:
    return list(find_examples(paths.DOCS))


@pytest.mark.parametrize("example", _python_blocks(), ids=str)
def test_python_block(example: CodeExample, eval_example: EvalExample) -> None:
    """Python written inline in a page is ruff-clean, ruff-formatted, and runs with the
    printed output its ``#>`` comments show. ``test="skip"`` marks a fragment not to run."""
    eval_example.set_config(
        line_length=100, target_version="py310", ruff_select=["E", "F", "I", "UP", "B"]
    )
    eval_example.lint_ruff(example)
    formatted = ruff_format(example, eval_example.config)
    assert formatted == example.source, f"{example}: not formatted as `ruff format` would"
    if example.prefix_settings().get("test") != "skip":
        with models.fresh_sqlmodel():
            eval_example.run_print_check(example)


def test_site_builds_strictly(site: Path) -> None:
    page = (site / "relationship_attributes" / "back_populates" / "index.html").read_text()
    # the record's lines reached the page, through the include and the highlighter
    assert "Preventers heroes before commit" in page
    assert "FOREIGN KEY" in page


def test_a_broken_include_fails_the_build_with_page_and_line(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Broken\n\n{* docs_src/nowhere.py *}\n")
    hook = paths.ROOT / "src" / "companion" / "site" / "docs_hook.py"
    (tmp_path / "mkdocs.yml").write_text(f"site_name: broken\nhooks:\n  - {hook}\n")
    built = build_site(tmp_path, tmp_path / "site")
    assert built.returncode != 0
    assert "docs/index.md:3: docs_src/nowhere.py: no such file" in built.stderr


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_a_page_that_shows_models_shows_their_diagram(page: Path) -> None:
    """Diagrams are generated records; a page that shows model classes includes one."""
    markdown = page.read_text(encoding="utf-8")
    shows_models = re.search(r"^\s*\{\* docs_src/\S+\.py class=", markdown, re.M)
    if shows_models:
        assert re.search(r"^\s*\{\* tests/records/\S+\.er\.mmd \*\}", markdown, re.M), (
            f"{_page_id(page)} shows models but no diagram of them"
        )
