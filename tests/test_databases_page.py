"""The generated comparison of SQLite and PostgreSQL, and the page that includes it."""

from __future__ import annotations

from companion.postgres import page
from companion.project import paths
from companion.site import includes

PAGE = paths.DOCS / "databases" / "sqlite_and_postgresql.md"


def test_the_comparison_is_what_the_records_give() -> None:
    assert page.problems(page.FRAGMENT.read_text(encoding="utf-8")) == []


def test_a_hand_edit_is_noticed() -> None:
    text = page.FRAGMENT.read_text(encoding="utf-8").replace("steps differ", "steps vary", 1)
    assert page.problems(text) == [
        "it was edited by hand: its checksum does not match; "
        "run ./scripts/uv run python -m companion.postgres.page"
    ]


def test_a_comparison_gone_stale_is_noticed() -> None:
    text = page.FRAGMENT.read_text(encoding="utf-8")
    rest = text.partition("\n")[2].replace(" of the ", " of all the ", 1)
    assert page.problems(page._header(rest) + rest) == [
        "it no longer matches the records; run ./scripts/uv run python -m companion.postgres.page"
    ]


def test_each_cause_names_its_steps() -> None:
    text = page.FRAGMENT.read_text(encoding="utf-8")
    pragma = text.split("### PostgreSQL has no PRAGMA", 1)[1].split("###", 1)[0]
    assert (
        "in 3 steps: `cascade_delete_relationships/3`, `cascade_delete_relationships/4` and "
        "`cascade_delete_relationships/5`. For example:"
    ) in pragma
    assert "### Other differences" not in text


def test_the_page_includes_the_comparison() -> None:
    expanded = includes.expand(PAGE.read_text(encoding="utf-8"), paths.relative(PAGE))
    assert page.FRAGMENT.read_text(encoding="utf-8") in expanded + "\n"
