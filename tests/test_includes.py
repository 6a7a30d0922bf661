"""Include directives: what they produce, and how a broken one is reported."""

from __future__ import annotations

import pytest

from companion.site.includes import IncludeError, expand

MODULE = "docs_src/relationship_attributes/back_populates/tutorial001.py"
RECORD = "tests/records/relationship_attributes/back_populates/tutorial001.txt"
PAGE = "docs/fixture.md"
STATE = "tests/records/relationship_attributes/back_populates/tutorial001.db.sql"


def test_a_function_is_included_by_name_with_its_highlights() -> None:
    markdown = f'Intro\n\n{{* {MODULE} def=names hl="return" *}}\n'
    assert expand(markdown, PAGE) == (
        "Intro\n\n"
        f'``` python title="{MODULE}" hl_lines="2"\n'
        "def names(heroes: list[Hero]) -> list[str]:\n"
        "    return [hero.name for hero in heroes]\n"
        "```\n"
    )


def test_an_excerpt_runs_from_the_first_marker_to_the_next_line_with_the_second() -> None:
    markdown = f'=== "Output"\n\n    {{* {RECORD} from="at the start" to="before commit" *}}'
    assert expand(markdown, PAGE) == (
        '=== "Output"\n\n'
        '    ``` text title="Recorded run of '
        'docs_src/relationship_attributes/back_populates/tutorial001.py"\n'
        "    Preventers heroes at the start: ['Rusty-Man', 'Spider-Boy']\n"
        "    Preventers heroes before commit: ['Rusty-Man', 'Spider-Boy']\n"
        "    ```"
    )


def test_a_diagram_record_becomes_a_mermaid_block() -> None:
    diagram = STATE.replace(".db.sql", ".er.mmd")
    expanded = expand(f"  {{* {diagram} *}}", PAGE).splitlines()
    assert expanded[:2] == ["  ``` mermaid", "  erDiagram"]
    assert '      team |o--o{ hero : "team_id"' in expanded
    assert expanded[-1] == "  ```"


def test_a_table_is_rendered_from_the_state_at_the_end_of_the_run() -> None:
    assert expand(f"{{* {STATE} table=team *}}", PAGE) == (
        "| id | name | headquarters |\n"
        "| --- | --- | --- |\n"
        "| 1 | Z-Force | Sister Margaret's Bar |\n"
        "| 2 | Preventers | Sharp Tower |"
    )


def test_a_sql_block_runs_and_its_result_follows_it() -> None:
    markdown = (
        f'```sql state="{STATE}"\n'
        "SELECT hero.name, team.name AS team\n"
        "FROM hero LEFT OUTER JOIN team ON hero.team_id = team.id\n"
        "```\n"
    )
    assert expand(markdown, PAGE) == (
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
    assert expand(markdown, PAGE) == "```sql\nCREATE TABLE team (id INTEGER PRIMARY KEY);\n```"


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        (
            "```sql\nSELECT 1\n```",
            'a sql block must say what it runs on: state="<record>.db.sql" or "empty"',
        ),
        (
            '```sql state="tests/records/nowhere.db.sql"\nSELECT 1\n```',
            "tests/records/nowhere.db.sql: no such state record",
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
        expand(f"# Title\n\n{block}\n", PAGE)
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
    ],
)
def test_a_broken_directive_names_page_and_line(directive: str, problem: str) -> None:
    markdown = f"# Title\n\nSome text.\n{directive}\n"
    with pytest.raises(IncludeError) as error:
        expand(markdown, PAGE)
    assert str(error.value) == f"{PAGE}:4: {problem}"
