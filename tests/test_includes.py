"""Include directives: what they produce, and how a broken one is reported."""

from __future__ import annotations

import pytest

from companion.includes import IncludeError, expand

MODULE = "docs_src/relationship_attributes/back_populates/tutorial001.py"
RECORD = "tests/records/relationship_attributes/back_populates/tutorial001.txt"
PAGE = "docs/fixture.md"


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
        ("{* docs/index.md *}", "docs/index.md: only .py modules and .txt records can be included"),
        ('{* "unclosed *}', "cannot read the directive '\"unclosed': No closing quotation"),
        ("{* *}", "the directive names no file"),
    ],
)
def test_a_broken_directive_names_page_and_line(directive: str, problem: str) -> None:
    markdown = f"# Title\n\nSome text.\n{directive}\n"
    with pytest.raises(IncludeError) as error:
        expand(markdown, PAGE)
    assert str(error.value) == f"{PAGE}:4: {problem}"
