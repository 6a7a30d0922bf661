"""The generated comparison of SQLite and PostgreSQL, and the page that includes it."""

from __future__ import annotations

from companion.postgres import page
from companion.project import paths, steps
from companion.records import database, files
from companion.records.reading import Reading
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
    reordered = text.split("### Rows in another order", 1)[1].split("###", 1)[0]
    assert (
        "in 2 steps: `update_remove_relationships/1` and `cascade_delete_relationships/6`. "
        "For example:"
    ) in reordered
    # no step stops early on PostgreSQL: the cascade steps send their PRAGMA on SQLite only
    assert "### PostgreSQL has no PRAGMA" not in text
    assert "### Other differences" not in text


def _tables(state: str) -> dict[str, list[tuple[object, ...]]]:
    names = database.query(state, "SELECT name FROM sqlite_master WHERE type = 'table'").rows
    return {str(name): database.table(state, str(name)).rows for (name,) in names}


def test_what_the_runs_share_is_what_the_page_says() -> None:
    """The page's paragraph "What the runs show today", step by step."""
    printed_differently: dict[str, str] = {}
    for step in steps.steps():
        sqlite, postgresql = (paths.record_for(step.module, on=on) for on in paths.databases())
        assert _tables(files.read(sqlite.with_suffix(paths.STATE)) or "") == _tables(
            files.read(postgresql.with_suffix(paths.STATE)) or ""
        ), step.id
        on_sqlite = Reading.parse(files.read(sqlite) or "")
        on_postgresql = Reading.parse(files.read(postgresql) or "")
        assert (on_sqlite.error is None) == (on_postgresql.error is None), step.id
        if on_sqlite.printed == on_postgresql.printed:
            continue
        same_characters = sorted("".join(on_sqlite.printed)) == sorted(
            "".join(on_postgresql.printed)
        )
        printed_differently[step.id] = (
            "in another order"
            if same_characters
            else "\n".join(line for line in on_postgresql.printed if line not in on_sqlite.printed)
        )
    assert printed_differently == {
        "async_loading/1": "WHERE team.id = %(pk_1)s::INTEGER]",
        "update_remove_relationships/1": "in another order",
        "cascade_delete_relationships/6": "in another order",
    }


def test_the_page_includes_the_comparison() -> None:
    expanded = includes.expand(PAGE.read_text(encoding="utf-8"), paths.relative(PAGE))
    assert page.FRAGMENT.read_text(encoding="utf-8") in expanded + "\n"
