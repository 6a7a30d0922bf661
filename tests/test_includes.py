"""Include directives: what they produce, and how a broken one is reported."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.layout import PROJECT, ROOT
from tutorial_recorder.project.paths import Project
from tutorial_recorder.records import normalise
from tutorial_recorder.site import directives, running
from tutorial_recorder.site.directives.base import Context, FileKind, Included, Keyword
from tutorial_recorder.site.directives.blocks import Markdown
from tutorial_recorder.site.includes import IncludeError, expand

MODULE = "docs_src/relationship_attributes/back_populates/tutorial001.py"
RECORD = "tests/records/sqlite/relationship_attributes/back_populates/tutorial001.txt"
PAGE = "docs/fixture.md"
STATE = "tests/records/sqlite/relationship_attributes/back_populates/tutorial001.db.sql"
CASCADE_ERROR = (
    "tests/records/sqlite/relationship_attributes/cascade_delete_relationships/tutorial004.txt"
)


HERE = dataclasses.replace(PROJECT, databases=("sqlite",))
"""This project as if it recorded on SQLite alone: here a record is one block
(tests/test_postgresql_tabs.py has the tabs of a record made on both databases)."""


def test_a_function_is_included_by_name_with_its_highlights() -> None:
    markdown = f'Intro\n\n{{* {MODULE} def=names hl="return" *}}\n'
    assert expand(HERE, markdown, PAGE) == (
        "Intro\n\n"
        f'``` python title="{running.breakable(MODULE)}" hl_lines="2"\n'
        "def names(heroes: list[Hero]) -> list[str]:\n"
        "    return [hero.name for hero in heroes]\n"
        "```\n"
    )


def _transcript(html: str) -> ElementTree.Element:
    return ElementTree.fromstring(html.strip())


def _entries(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each entry's kind and its lines, as (classes, text) pairs."""
    return [
        (
            entry.get("class", "").removeprefix("entry "),
            [(line.get("class", ""), "".join(line.itertext())) for line in entry],
        )
        for entry in _transcript(html).iter("span")
        if entry.get("class", "").startswith("entry ")
    ]


def test_an_excerpt_runs_from_the_first_marker_to_the_next_line_with_the_second() -> None:
    html = expand(HERE, f'{{* {RECORD} from="at the start" to="before commit" *}}', PAGE)
    assert _entries(html) == [
        ("printed", [("line", "Preventers heroes at the start: ['Rusty-Man', 'Spider-Boy']")]),
        ("printed", [("line", "Preventers heroes before commit: ['Rusty-Man', 'Spider-Boy']")]),
    ]
    span = _transcript(html).find("pre/code/span")
    assert span is not None
    console = "".join(span.itertext())
    assert console == f"$ python {running.breakable(MODULE)} # lines 68-69 of 83"


def test_a_statement_is_one_entry_with_its_own_lines_and_parameters_and_no_logger() -> None:
    html = expand(
        HERE, f'{{* {RECORD} from="WHERE hero.name = ?" to="WHERE hero.name = ?" *}}', PAGE
    )
    assert _entries(html) == [
        (
            "sql",
            [
                ("line", "SELECT hero.id, hero.name, hero.secret_name, hero.age, hero.team_id"),
                ("line", "FROM hero"),
                ("line", "WHERE hero.name = ?"),
                ("line parameters", "[generated in ...s] ('Spider-Boy',)"),
            ],
        )
    ]
    paragraph = _transcript(html).find("p")
    assert paragraph is not None
    legend = "".join(paragraph.itertext())
    assert legend == "SQLSQL lines logged as INFO sqlalchemy.engine.Engine"


def test_the_copy_button_gets_the_lines_as_a_terminal_shows_them() -> None:
    html = expand(
        HERE, f'{{* {RECORD} from="WHERE hero.name = ?" to="WHERE hero.name = ?" *}}', PAGE
    )
    record = (ROOT / RECORD).read_text(encoding="utf-8").splitlines()
    assert _transcript(html).get("data-copy") == "\n".join(record[54:58])
    assert "\n" not in html


def test_warnings_and_the_final_error_are_entries_of_their_own_kind() -> None:
    warned = expand(HERE, f'{{* {RECORD} from="SAWarning" to="preventers = Team(" *}}', PAGE)
    [(kind, lines)] = _entries(warned)
    assert kind == "warning"
    assert [text for _, text in lines][
        1
    ] == '  preventers = Team(name="Preventers", headquarters="Sharp Tower")'
    failed = expand(HERE, f'{{* {CASCADE_ERROR} from="ROLLBACK" *}}', PAGE)
    assert [kind for kind, _ in _entries(failed)] == ["sql", "error"]
    assert _entries(failed)[1][1][:3] == [
        ("line", "Traceback (most recent call last):"),
        ("line", "  ..."),
        (
            "line",
            "sqlalchemy.exc.IntegrityError: (sqlite3.IntegrityError) FOREIGN KEY constraint failed",
        ),
    ]


def test_a_record_highlight_marks_every_line_that_contains_it() -> None:
    html = expand(
        HERE,
        f'{{* {RECORD} from="at the start" to="after commit" hl="(None, 3)" hl="before" *}}',
        PAGE,
    )
    marked = [
        text for _, lines in _entries(html) for classes, text in lines if "hl" in classes.split()
    ]
    assert marked == [
        "Preventers heroes before commit: ['Rusty-Man', 'Spider-Boy']",
        "[generated in ...s] (None, 3)",
    ]


def test_a_run_block_gives_the_commands_the_whole_module_and_the_differences() -> None:
    lines = expand(HERE, f"{{* run {MODULE} *}}", PAGE).split("\n")
    title = running.breakable("relationship_attributes/back_populates/1")
    assert lines[0] == f'??? example "Run it yourself: `{title}`"'
    assert [line.strip() for line in lines if line.strip().startswith("$ ")] == [
        "$ ./scripts/uv run companion run relationship_attributes/back_populates/1",
        "$ rm -f database.db",
        f"$ ./scripts/uv run python {MODULE}",
        "$ ./scripts/uv run companion diff relationship_attributes/back_populates/1",
    ]
    source = (ROOT / MODULE).read_text(encoding="utf-8").splitlines()
    start = lines.index(f'        ``` python title="{running.breakable(MODULE)}"') + 1
    assert [line.removeprefix("        ") for line in lines[start : start + len(source)]] == source
    # the block ends with the differences; the "Run in your browser" button is under it
    block, button = lines[: -len(normalise.RULES) - 2], lines[-2:]
    assert lines[len(block) : -2] == [f"    {item}" for item in running.differences()]
    assert button[0] == ""
    assert button[1].startswith('<div class="run-in-browser"')
    step = "relationship_attributes/back_populates/1"
    assert f'<button type="button" class="md-button" data-step="{step}">' in button[1]


def test_the_differences_directive_lists_every_rule() -> None:
    listed = expand(HERE, "{* differences *}", PAGE).split("\n")
    assert [line.split("**")[1] for line in listed] == [rule.name for rule in normalise.RULES]


def test_a_diagram_record_becomes_a_mermaid_block() -> None:
    diagram = STATE.replace(".db.sql", ".er.mmd")
    expanded = expand(HERE, f"  {{* {diagram} *}}", PAGE).splitlines()
    assert expanded[:2] == ["  ``` mermaid", "  erDiagram"]
    assert '      team |o--o{ hero : "team_id"' in expanded
    assert expanded[-1] == "  ```"


def test_a_table_is_rendered_from_the_state_at_the_end_of_the_run_captioned_with_its_name() -> None:
    assert expand(HERE, f"{{* {STATE} table=team *}}", PAGE) == (
        "<table><caption>Table <code>team</code></caption>"
        "<thead><tr><th>id</th><th>name</th><th>headquarters</th></tr></thead><tbody>"
        "<tr><td>1</td><td>Z-Force</td><td>Sister Margaret&#x27;s Bar</td></tr>"
        "<tr><td>2</td><td>Preventers</td><td>Sharp Tower</td></tr></tbody></table>"
    )


def test_a_sql_block_runs_and_its_result_follows_it() -> None:
    markdown = (
        f'```sql state="{STATE}"\n'
        "SELECT hero.name, team.name AS team\n"
        "FROM hero LEFT OUTER JOIN team ON hero.team_id = team.id\n"
        "```\n"
    )
    assert expand(HERE, markdown, PAGE) == (
        "```sql\n"
        "SELECT hero.name, team.name AS team\n"
        "FROM hero LEFT OUTER JOIN team ON hero.team_id = team.id\n"
        "```\n"
        "\n"
        "| name | team |\n"
        "| --- | --- |\n"
        "| Deadpond | Z-Force |\n"
        "| Rusty-Man | Preventers |\n"
        "| Spider-Boy | NULL |\n"
    )


def test_a_sql_block_on_an_empty_database_shows_no_result() -> None:
    markdown = '```sql state="empty"\nCREATE TABLE team (id INTEGER PRIMARY KEY);\n```'
    assert (
        expand(HERE, markdown, PAGE) == "```sql\nCREATE TABLE team (id INTEGER PRIMARY KEY);\n```"
    )


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        (
            "```sql\nSELECT 1\n```",
            'a sql block must say what it runs on: state="<record>.db.sql" or "empty"',
        ),
        (
            '```sql state="tests/records/sqlite/nowhere.db.sql"\nSELECT 1\n```',
            "tests/records/sqlite/nowhere.db.sql: no such state record",
        ),
        (
            f'```sql state="{STATE}"\nSELEKT name FROM hero\n```',
            f'the sql block fails on {STATE}: near "SELEKT": syntax error',
        ),
        (
            f'```sql state="{STATE}"\nSELECT name FROM villain\n```',
            f"the sql block fails on {STATE}: no such table: villain",
        ),
        ('```sql state="empty"\nSELECT 1\n', "the sql block is never closed"),
        (f"{{* {STATE} table=villain *}}", f"{STATE}: table 'villain': no such table: villain"),
    ],
)
def test_sql_that_does_not_run_names_page_and_line(block: str, problem: str) -> None:
    with pytest.raises(IncludeError) as error:
        expand(HERE, f"# Title\n\n{block}\n", PAGE)
    assert str(error.value) == f"{PAGE}:3: {problem}"


@pytest.mark.parametrize(
    ("directive", "problem"),
    [
        ("{* docs_src/nowhere/tutorial001.py *}", "docs_src/nowhere/tutorial001.py: no such file"),
        (f"{{* {MODULE} def=fly_away *}}", f"{MODULE}: no top-level def 'fly_away'"),
        (f"{{* {MODULE} class=Villain *}}", f"{MODULE}: no top-level class 'Villain'"),
        (
            f'{{* {MODULE} def=names hl="session.commit()" *}}',
            f"{MODULE}: highlight 'session.commit()' is not inside the included block",
        ),
        (f'{{* {RECORD} from="Villains:" *}}', f"{RECORD}: no line containing 'Villains:'"),
        (
            f'{{* {RECORD} from="after commit" to="at the start" *}}',
            f"{RECORD}: no line containing 'at the start'",
        ),
        (
            f"{{* {MODULE} lines=1-5 *}}",
            f"{MODULE}: unknown option 'lines'; use ['class', 'def', 'hl']",
        ),
        ("{* docs/index.md *}", "docs/index.md: only .py modules and records can be included"),
        ('{* "unclosed *}', "cannot read the directive '\"unclosed': No closing quotation"),
        ("{* *}", "the directive names no file"),
        (
            f'{{* {RECORD} hl="Villains" *}}',
            f"{RECORD}: highlight 'Villains' is not inside the excerpt",
        ),
        ("{* run docs_src/nowhere.py *}", "docs_src/nowhere.py: no such file"),
        (
            "{* run tests/fixtures/raises.py *}",
            "tests/fixtures/raises.py: There is no step 'tests/fixtures/raises.py'.",
        ),
    ],
)
def test_a_broken_directive_names_page_and_line(directive: str, problem: str) -> None:
    markdown = f"# Title\n\nSome text.\n{directive}\n"
    with pytest.raises(IncludeError) as error:
        expand(HERE, markdown, PAGE)
    assert str(error.value) == f"{PAGE}:4: {problem}"


def _outside_path(tmp_path: Path, name: str) -> tuple[Path, str]:
    """A file outside the project, and a ``..`` path to it from the project root."""
    outside = tmp_path / name
    outside.write_text("outside the project\n", encoding="utf-8")
    return outside, os.path.relpath(outside, ROOT)


@pytest.mark.parametrize("name", ["secret.py", "secret.txt", "secret.md", "secret.db.sql"])
def test_an_include_path_outside_the_project_is_refused(tmp_path: Path, name: str) -> None:
    outside, climbing = _outside_path(tmp_path, name)
    for target in (
        str(outside),
        climbing,
        f"tests/matrix/../{climbing}",
        f"docs_src/./../{climbing}",
    ):
        with pytest.raises(IncludeError) as error:
            expand(HERE, f"# Title\n\n{{* {target} *}}\n", PAGE)
        assert str(error.value) == (
            f"{PAGE}:3: {target}: a path must be relative to the project and stay inside it"
        )


def test_a_sql_state_outside_the_project_is_refused(tmp_path: Path) -> None:
    outside, climbing = _outside_path(tmp_path, "secret.db.sql")
    for target in (str(outside), f"tests/records/../{climbing}"):
        with pytest.raises(IncludeError) as error:
            expand(HERE, f'# Title\n\n```sql state="{target}"\nSELECT 1\n```\n', PAGE)
        assert str(error.value) == (
            f"{PAGE}:3: {target}: a path must be relative to the project and stay inside it"
        )


@pytest.mark.parametrize(
    "sql",
    [
        "ATTACH DATABASE '{file}' AS other",
        "VACUUM INTO '{file}'",
        "SELECT load_extension('{file}')",
    ],
)
def test_sql_that_would_touch_a_file_is_refused(tmp_path: Path, sql: str) -> None:
    target = tmp_path / "written.db"
    block = f'```sql state="{STATE}"\n{sql.format(file=target)}\n```'
    with pytest.raises(IncludeError) as error:
        expand(HERE, f"# Title\n\n{block}\n", PAGE)
    assert str(error.value).startswith(f"{PAGE}:3: the sql block fails on {STATE}: ")
    assert "not authorized" in str(error.value) or "authorization denied" in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_sql_that_never_ends_is_stopped() -> None:
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"
    with pytest.raises(IncludeError) as error:
        expand(HERE, f'# Title\n\n```sql state="empty"\n{endless}\n```\n', PAGE)
    assert str(error.value) == (
        f"{PAGE}:3: the sql block fails on empty: stopped after 5,000,000 SQLite steps"
    )


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    """A project of bad files in a temporary folder: includes read from it, not this one."""
    folder = tmp_path / "project"
    (folder / "docs_src" / "bad").mkdir(parents=True)
    (folder / "docs_src" / "bad" / "syntax.py").write_text('def main(:\n    print("x")\n')
    (folder / "docs_src" / "bad" / "latin1.py").write_bytes(b'print("caf\xe9")\n')
    return folder


@pytest.mark.parametrize(
    ("directive", "problem"),
    [
        (
            "{* docs_src/bad/syntax.py def=main *}",
            "docs_src/bad/syntax.py:1: does not compile: invalid syntax",
        ),
        (
            "{* docs_src/bad/syntax.py *}",
            "docs_src/bad/syntax.py:1: does not compile: invalid syntax",
        ),
        (
            "{* run docs_src/bad/syntax.py *}",
            "docs_src/bad/syntax.py:1: does not compile: invalid syntax",
        ),
        ("{* docs_src/bad/latin1.py *}", "docs_src/bad/latin1.py: not valid UTF-8 (byte 10)"),
        ("{* run docs_src/bad/latin1.py *}", "docs_src/bad/latin1.py: not valid UTF-8 (byte 10)"),
    ],
)
def test_a_module_that_does_not_compile_or_decode_names_page_and_line(
    bad: Path, directive: str, problem: str
) -> None:
    with pytest.raises(IncludeError) as error:
        expand(_rooted(bad), f"# Title\n\n{directive}\n", PAGE)
    assert str(error.value) == f"{PAGE}:3: {problem}"


def _rooted(folder: Path) -> Project:
    """This project with its root at ``folder``."""
    return dataclasses.replace(HERE, root=folder.resolve())


def test_a_text_file_that_is_no_record_is_refused(bad: Path) -> None:
    (bad / "notes.txt").write_text("Heroes: none\n", encoding="utf-8")
    with pytest.raises(IncludeError) as error:
        expand(_rooted(bad), "# Title\n\n{* notes.txt *}\n", PAGE)
    assert str(error.value) == f"{PAGE}:3: notes.txt: a recorded run is a .txt under tests/records/"


def test_the_error_carries_page_line_and_message_as_its_text_shows_them() -> None:
    with pytest.raises(IncludeError) as error:
        expand(HERE, "# Title\n\n{* *}\n", PAGE)
    assert (error.value.page, error.value.line) == (PAGE, 3)
    assert error.value.message == "the directive names no file"
    assert str(error.value) == f"{PAGE}:3: the directive names no file"


def test_each_kind_of_directive_is_registered_once() -> None:
    keywords = [d.word for d in directives.REGISTRY if isinstance(d, Keyword)]
    files = [d for d in directives.REGISTRY if isinstance(d, FileKind)]
    assert sorted(keywords) == ["counts", "differences", "run"]
    assert sorted(d.suffix for d in files) == [".md", ".mmd", ".py", ".sql", ".txt"]
    within = {d.suffix: d.under(PROJECT) for d in files if d.under is not None}
    assert within == {".md": ROOT / "tests" / "matrix"}


def test_a_new_kind_is_one_registry_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    def shout(words: list[str], context: Context) -> Markdown:
        return Markdown([f"{context.page}: {' '.join(words).upper()}"])

    def lines(file: Included, context: Context) -> Markdown:
        return Markdown([f"{len(file.text.splitlines())} lines"] * int(file.options["times"][0]))

    extra = (Keyword("shout", shout), FileKind(".toml", frozenset({"times"}), lines))
    monkeypatch.setattr(directives, "REGISTRY", directives.REGISTRY + extra)
    assert expand(HERE, "  {* shout hello there *}", PAGE) == f"  {PAGE}: HELLO THERE"
    assert expand(HERE, "{* pyproject.toml times=2 *}", PAGE).split("\n")[1].endswith(" lines")
    with pytest.raises(IncludeError) as error:
        expand(HERE, "{* pyproject.toml hl=x *}", PAGE)
    assert str(error.value) == f"{PAGE}:1: pyproject.toml: unknown option 'hl'; use ['times']"


def test_differences_with_more_words_is_read_as_a_file() -> None:
    with pytest.raises(IncludeError) as error:
        expand(HERE, "{* differences x=1 *}", PAGE)
    assert error.value.message == "differences: only .py modules and records can be included"
