"""The docs pages: no typed output, Python blocks pass ruff and run, both builders make them.

That every include and SQL block expands is checked by the plugin's ``pyproject.toml::pages``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples
from pytest_examples.lint import ruff_format

from tests.layout import PROJECT, ROOT, SQLITE
from tutorial_recorder.project import steps
from tutorial_recorder.project.paths import DIAGRAM
from tutorial_recorder.records import normalise
from tutorial_recorder.runner import models
from tutorial_recorder.site import extension, mermaid, runtime

from .conftest import build, build_site

PAGES = PROJECT.pages()
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```+ *(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```+ *$", re.M | re.S
)


def _page_id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


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
    return list(find_examples(PROJECT.docs))


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


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
SKIP_LINK = '<a id="__skip" tabindex="-1"></a>'


def _main_content(page: Path) -> str:
    """A built page's article, one line per line of HTML, without blank lines."""
    found = ARTICLE.search(page.read_text(encoding="utf-8"))
    assert found is not None, f"{page}: no main content"
    lines = found.group(1).replace(SKIP_LINK, "").splitlines()
    return "\n".join(line.strip() for line in lines if line.strip())


def test_mkdocs_builds_the_same_pages(site: Path, tmp_path: Path) -> None:
    """The site is Zensical's; MkDocs, which runs the same Markdown extensions from the same
    ``mkdocs.yml`` and gets the same fetched files, makes the same main content of every
    page (``mkdocs build --strict`` passes too)."""
    built = build("mkdocs", tmp_path)
    pages = sorted(page.relative_to(site) for page in site.rglob("index.html"))
    assert len(pages) == len(PROJECT.pages())
    assert sorted(page.relative_to(built) for page in built.rglob("index.html")) == pages
    for page in pages:
        assert _main_content(built / page) == _main_content(site / page), page
    for folder in (mermaid.FOLDER, runtime.FOLDER):
        assert sorted(p.name for p in (built / folder).iterdir()) == sorted(
            p.name for p in (site / folder).iterdir()
        )


def test_zensical_draws_with_the_theme_variant_classic(site: Path) -> None:
    """The browser checks see the design MkDocs' theme has: not Zensical's default,
    ``modern``, whose stylesheet is another."""
    page = (site / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'href="\./assets/stylesheets/(\w+)/(\w+)\.\w+\.min\.css"', page)
    assert found == [("classic", "main"), ("classic", "palette")]


def _failed_build(folder: Path, page: str) -> str:
    """What ``mkdocs build`` says of a site in ``folder`` with one page, ``page``; it must
    fail."""
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text(page)
    (folder / "mkdocs.yml").write_text(
        "site_name: small\nmarkdown_extensions:\n  - tutorial_recorder.site.extension\n"
    )
    built = build_site(folder, folder / "site")
    assert built.returncode != 0
    return built.stderr


def test_a_broken_include_fails_the_build_with_page_and_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.tutorial-recorder]\n")
    (tmp_path / "docs_src").mkdir()
    said = _failed_build(tmp_path, "# Broken\n\n{* docs_src/nowhere.py *}\n")
    assert "docs/index.md:3: docs_src/nowhere.py: no such file" in said


def test_a_site_outside_any_project_fails_the_build_saying_so(tmp_path: Path) -> None:
    said = _failed_build(tmp_path, "# Page\n")
    assert f"no pyproject.toml with a [tool.tutorial-recorder] table in {tmp_path}" in said


NAV_PAGE = re.compile(r"^\s*- [^:\n]+: (?P<page>\S+\.md)$", re.M)
SHOWN_MODEL = re.compile(r"^\s*\{\* (?P<module>docs_src/\S+\.py) class=(?P<model>\w+)", re.M)
DRAWN = re.compile(r"^\s*\{\* (?P<record>tests/records/\S+\.er\.mmd) \*\}", re.M)
ENTITY = re.compile(r"^    (?P<table>\w+) \{\n.*?^    \}$", re.M | re.S)


def _nav_pages() -> list[Path]:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").partition("\nnav:")[2]
    return [PROJECT.docs / match.group("page") for match in NAV_PAGE.finditer(nav)]


def _drawing(diagram: str) -> tuple[dict[str, str], set[str]]:
    """A diagram's tables (name to its whole block) and its connecting lines."""
    tables = {match.group("table"): match.group(0) for match in ENTITY.finditer(diagram)}
    lines = {line.strip() for line in diagram.splitlines() if "--" in line or ".." in line}
    return tables, lines


def test_a_diagram_where_a_page_introduces_or_changes_tables_and_nowhere_else() -> None:
    """In the order of the site's nav, a diagram appears where tables are new or change:

    - every table a page shows a model of (``class=``) is drawn exactly as the module makes
      it, on that page or an earlier one (a model's table is its class name in lower case;
      a class without a table in the module's diagram is no table model);
    - every diagram a page draws shows a table or a connecting line that no earlier page
      drew, so the same diagram is not repeated page after page.
    """
    problems = []
    tables_drawn: set[str] = set()
    lines_drawn: set[str] = set()
    for page in _nav_pages():
        markdown = page.read_text(encoding="utf-8")
        here_tables: set[str] = set()
        for match in DRAWN.finditer(markdown):
            tables, lines = _drawing((ROOT / match.group("record")).read_text())
            if set(tables.values()) <= tables_drawn and lines <= lines_drawn:
                problems.append(f"{_page_id(page)}: {match.group('record')} repeats earlier pages")
            here_tables |= set(tables.values())
            lines_drawn |= lines
        for match in SHOWN_MODEL.finditer(markdown):
            module = ROOT / match.group("module")
            diagram = SQLITE.record_for(PROJECT, module, DIAGRAM).read_text(encoding="utf-8")
            block = _drawing(diagram)[0].get(match.group("model").lower())
            if block is not None and block not in tables_drawn | here_tables:
                problems.append(
                    f"{_page_id(page)} shows {match.group('model')} of {match.group('module')}, "
                    "whose table no diagram here or on an earlier page draws as it is"
                )
        tables_drawn |= here_tables
    assert sorted(set(problems)) == []
    assert len(_nav_pages()) == len(PAGES), "a page is missing from nav, or nav names no page"


def test_every_step_has_a_run_it_yourself_block_on_its_page() -> None:
    missing = [
        step.id
        for step in steps.steps(PROJECT)
        if step.page is None
        or f"{{* run {step.path} *}}" not in step.page.read_text(encoding="utf-8")
    ]
    assert missing == []


def test_the_rules_the_pages_list_are_the_documented_ones_in_order() -> None:
    """``normalise.RULES`` feeds the pages; its docstring documents each rule, numbered."""
    documented = re.findall(r"^\d+\. (.+)$", normalise.__doc__ or "", re.M)
    assert len(documented) == len(normalise.RULES)
    for text, rule in zip(documented, normalise.RULES, strict=True):
        assert text.startswith(rule.name), f"rule {rule.name!r} is documented as {text!r}"


def test_the_extension_names_the_page_it_converts() -> None:
    page = PROJECT.docs / "relationship_attributes" / "back_populates.md"
    lines = [*page.read_text(encoding="utf-8").replace("\t", "    ").split("\n"), "", ""]
    assert extension.page_of(PROJECT, lines) == "docs/relationship_attributes/back_populates.md"
    assert extension.page_of(PROJECT, ["# Not a page of this site"]) == "a page outside docs/"
