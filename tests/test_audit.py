"""``companion audit``: output typed by hand in the pages, found, matched to the record of the
step included nearest before it, compared line by line, and rewritten as includes."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.layout import PROJECT
from tutorial_recorder.cli.app import app
from tutorial_recorder.project import config
from tutorial_recorder.project.paths import Project
from tutorial_recorder.site.alignment import Step, align
from tutorial_recorder.site.audit import Contradiction, Finding, audit
from tutorial_recorder.site.includes import expand
from tutorial_recorder.site.rewrite import rewrite_page

ENGINE = "INFO sqlalchemy.engine.Engine"
FIRST = "docs_src/tutorial/heroes/tutorial001_py310.py"
SECOND = "docs_src/tutorial/heroes/tutorial002_py310.py"
RECORD = [
    f"{ENGINE} BEGIN (implicit)",  # 1
    f"{ENGINE} INSERT INTO hero (name, age) VALUES (?, ?)",  # 2
    f"{ENGINE} [generated in ...s] ('Ada', 36)",  # 3
    f"{ENGINE} COMMIT",  # 4
    f"{FIRST}:12: SAWarning: Object of type <Link> not in session",  # 5
    "  session.commit()",  # 6
    f"{ENGINE} BEGIN (implicit)",  # 7
    f"{ENGINE} SELECT hero.id, hero.name, hero.age",  # 8
    "FROM hero",  # 9
    f"{ENGINE} [generated in ...s] ()",  # 10
    "Hero: id=1 name='Ada' age=36",  # 11
    f"{ENGINE} ROLLBACK",  # 12
]
OTHER = [f"{ENGINE} BEGIN (implicit)", "Nothing saved", f"{ENGINE} ROLLBACK"]
RIGHT = [
    '<div class="termy">',
    "",
    "```console",
    f"$ python {FIRST}",
    "",
    "// The tables come first",
    "",
    "2026-12-01 10:00:00,101 INFO sqlalchemy.engine.Engine INSERT INTO hero (name, age) "
    "VALUES (?, ?)",
    "INFO Engine [generated in 0.00012s] ('Ada', 36)  ",
    "INFO Engine COMMIT",
    "...",
    "Hero: id=1 name='Ada' age=36",
    "```",
    "",
    "</div>",
]
WRONG = [
    "```",
    "INFO Engine INSERT INTO hero (name, age) VALUES (?, ?)",
    "INFO Engine [no key 0.00015s] ('Ada', 36)",
    "INFO Engine COMMIT",
    "INFO Engine BEGIN (implicit)",
    "// and so on",
    "Hero: id=1 name='Ada' age=63",
    "INFO Engine ROLLBACK",
    "```",
]


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _project(folder: Path, page: list[str]) -> Project:
    """A project laid out like SQLModel's docs: two steps, their transcripts, one page."""
    _write(folder / "pyproject.toml", ["[tool.tutorial-recorder]"])
    for module, record in ((FIRST, RECORD), (SECOND, OTHER)):
        _write(folder / module, ['"""A step."""', "", "print('x')"])
        txt = module.replace("docs_src/", "tests/records/sqlite/").replace(".py", ".txt")
        _write(folder / txt, record)
    _write(folder / "docs" / "heroes.md", page)
    return config.load(folder)


def _page(project: Project) -> str:
    return (project.docs / "heroes.md").read_text(encoding="utf-8")


def _invoke(project: Project, *args: str) -> Result:
    every = ["--project", str(project.root), "audit", *args]
    return CliRunner().invoke(app, every, env={"COLUMNS": "200", "NO_COLOR": "1"})


def test_a_block_typed_as_a_terminal_shows_it_agrees_with_its_record(tmp_path: Path) -> None:
    """Timestamps, timings, trailing blanks and ``INFO Engine`` are a terminal's; commands,
    comments and blank lines are not output; ``...`` leaves lines 5 to 10 out."""
    project = _project(tmp_path, ["{* ./" + FIRST + " ln[1:3] hl[2] *}", "", *RIGHT])
    [finding] = audit(project)
    assert (finding.page, finding.step, finding.status) == (
        "docs/heroes.md",
        "tutorial/heroes/1_py310",
        "right",
    )
    assert (
        finding.record
        == project.root / "tests/records/sqlite/tutorial/heroes/tutorial001_py310.txt"
    )
    assert (finding.block.opening, finding.block.closing, finding.window) == (4, 14, (1, 10))


def test_a_contradicting_block_is_reported_line_by_line(tmp_path: Path) -> None:
    project = _project(tmp_path, [f"{{* {FIRST} *}}", *WRONG])
    [finding] = audit(project)
    assert finding.status == "contradicts"
    assert finding.contradictions == (
        Contradiction(4, (4,), (f"{ENGINE} [no key ...s] ('Ada', 36)",), (3,), (RECORD[2],)),
        Contradiction(6, (), (), (5, 6), tuple(RECORD[4:6])),
        Contradiction(8, (8,), ("Hero: id=1 name='Ada' age=63",), (11,), (RECORD[10],)),
    )
    assert finding.contradictions[0].diff() == [
        f"-    3 {RECORD[2]}",
        f"+    4 {ENGINE} [no key ...s] ('Ada', 36)",
    ]


def test_the_step_included_nearest_before_a_block_is_the_one_it_is_matched_to(
    tmp_path: Path,
) -> None:
    """A module (with SQLModel's options), a ``run`` block or a record of the step; a
    block before any include matches nothing."""
    other = SECOND.replace("docs_src/", "tests/records/sqlite/").replace(".py", ".txt")
    block = ["```text", "INFO Engine BEGIN (implicit)", "Nothing saved", "```"]
    page = [
        *block,
        f"{{* ./{FIRST} ln[1:3] hl[2] *}}",
        f"{{* run {SECOND} *}}",
        *block,
        f"{{* {FIRST} *}}",
        *block,
        f'{{* {other} from="Nothing" *}}',
        *block,
    ]
    found = [(f.block.opening, f.step, f.status) for f in audit(_project(tmp_path, page))]
    assert found == [
        (0, None, "unmatched"),
        (6, "tutorial/heroes/2_py310", "right"),
        (11, "tutorial/heroes/1_py310", "contradicts"),
        (16, "tutorial/heroes/2_py310", "right"),
    ]


@pytest.mark.parametrize(
    "block",
    [
        ["```console", f"$ python {FIRST}", "$ sqlite3 database.db", "```"],
        ["```python", "print(Hero(name='Ada'))", "```"],
        ["```", "Some prose in a box", "```"],
        ['```sql state="empty"', "SELECT 1", "```"],
    ],
    ids=["commands only", "python", "no output signs", "sql"],
)
def test_blocks_that_show_no_output_are_not_audited(tmp_path: Path, block: list[str]) -> None:
    assert audit(_project(tmp_path, [f"{{* {FIRST} *}}", *block])) == []


def test_this_projects_pages_have_no_typed_output() -> None:
    assert audit(PROJECT) == []


def test_record_lines_left_out_cost_less_than_reading_a_right_line_as_wrong() -> None:
    """A typed ``BEGIN`` right after ``COMMIT``, where the record has a warning between
    them, is read as right with the warning missing, not as a wrong warning."""
    record = ["COMMIT", "warning", "  source", "BEGIN", "SELECT", "result", "ROLLBACK"]
    assert align(["COMMIT", "BEGIN", "result"], record, {2}) == [
        Step("equal", 0, 0),
        Step("missing", None, 1),
        Step("missing", None, 2),
        Step("equal", 1, 3),
        Step("omitted", None, 4),
        Step("equal", 2, 5),
    ]


def test_rewrite_puts_an_include_of_the_record_in_place_of_each_block(tmp_path: Path) -> None:
    """The termy wrapper goes with its block; the markers are the shortest starts (of two
    words at least) of the lines that the excerpt finds again exactly there."""
    project = _project(tmp_path, [f"{{* {FIRST} *}}", "", *RIGHT, "", "Then:", "", *WRONG])
    page = project.docs / "heroes.md"
    done = rewrite_page(project, page, audit(project))
    record = "tests/records/sqlite/tutorial/heroes/tutorial001_py310.txt"
    assert [(item.include, item.reason) for item in done] == [
        (f'{{* {record} from="INSERT INTO" to="Hero: id=1" *}}', None),
        (f'{{* {record} from="INSERT INTO" to="ROLLBACK" *}}', None),
    ]
    assert _page(project).split("\n") == [
        f"{{* {FIRST} *}}",
        "",
        f'{{* {record} from="INSERT INTO" to="Hero: id=1" *}}',
        "",
        "Then:",
        "",
        f'{{* {record} from="INSERT INTO" to="ROLLBACK" *}}',
        "",
    ]
    assert audit(project) == []
    assert "Hero: id=1 name=&#x27;Ada&#x27; age=36" in expand(
        project, _page(project), "docs/heroes.md"
    )


def test_rewrite_leaves_a_page_that_does_not_build_as_it_was(tmp_path: Path) -> None:
    project = _project(tmp_path, [f"{{* {FIRST} *}}", *WRONG, "{* docs_src/missing.py *}"])
    before = _page(project)
    [item] = rewrite_page(project, project.docs / "heroes.md", audit(project))
    assert item.include is None
    assert item.reason == (
        "the page does not build: docs/heroes.md:11: docs_src/missing.py: no such file"
    )
    assert _page(project) == before


def test_a_first_line_the_excerpt_would_find_earlier_is_passed_for_the_next(
    tmp_path: Path,
) -> None:
    """The block's ``BEGIN`` is the record's second; ``from="BEGIN (implicit)"`` would start
    at the first, so the excerpt starts at the line after it."""
    typed = ["INFO Engine BEGIN (implicit)", "INFO Engine SELECT hero.id, hero.name, hero.age"]
    project = _project(tmp_path, [f"{{* {FIRST} *}}", "```", *typed, "```"])
    finding: Finding = audit(project)[0]
    assert finding.window == (6, 7)
    [item] = rewrite_page(project, project.docs / "heroes.md", [finding])
    assert item.include == (
        "{* tests/records/sqlite/tutorial/heroes/tutorial001_py310.txt "
        'from="SELECT hero.id," to="SELECT hero.id," *}'
    )


def test_companion_audit_reports_exits_with_1_and_rewrite_makes_it_clean(tmp_path: Path) -> None:
    project = _project(tmp_path, [f"{{* {FIRST} *}}", *WRONG])
    found = _invoke(project)
    assert found.exit_code == 1, found.output
    assert found.output.splitlines()[:4] == [
        "✗ docs/heroes.md:2: typed output (lines 2-10) contradicts "
        "tests/records/sqlite/tutorial/heroes/tutorial001_py310.txt (tutorial/heroes/1_py310):",
        "  at docs/heroes.md:4 (- record, + page)",
        f"  -    3 {RECORD[2]}",
        f"  +    4 {ENGINE} [no key ...s] ('Ada', 36)",
    ]
    assert (
        "1 typed output blocks in 1 pages: 0 agree with their records, 1 contradict them"
        in found.output
    )
    rewritten = _invoke(project, "--rewrite")
    assert rewritten.exit_code == 0, rewritten.output
    assert "  rewritten as {* tests/records/" in rewritten.output
    clean = _invoke(project)
    assert (clean.exit_code, clean.output.splitlines()[-1]) == (
        0,
        "0 typed output blocks in 0 pages: 0 agree with their records, 0 contradict them, "
        "0 match no record.",
    )


def test_companion_audit_json(tmp_path: Path) -> None:
    project = _project(tmp_path, [f"{{* {FIRST} *}}", *WRONG, *RIGHT])
    result = _invoke(project, "--json")
    assert result.exit_code == 1
    found = json.loads(result.output)
    assert found["contradicting"] == 1
    assert [(b["line"], b["end"], b["status"], b["step"]) for b in found["blocks"]] == [
        (2, 10, "contradicts", "tutorial/heroes/1_py310"),
        (13, 23, "right", "tutorial/heroes/1_py310"),
    ]
    assert found["blocks"][0]["contradictions"][1] == {
        "at": 6,
        "page_lines": [],
        "typed": [],
        "record_lines": [5, 6],
        "recorded": RECORD[4:6],
    }
    assert (
        found["blocks"][0]["record"] == "tests/records/sqlite/tutorial/heroes/tutorial001_py310.txt"
    )


def test_the_worked_example_of_the_guide_page_is_what_rewrite_writes(tmp_path: Path) -> None:
    """``docs/use_it_in_your_project.md``: the inserts of ``back_populates/1`` typed by hand
    without ``RETURNING id`` are reported, and rewritten as the include the page shows."""
    module = "docs_src/relationship_attributes/back_populates/tutorial001.py"
    record = PROJECT.root / module.replace("docs_src/", "tests/records/sqlite/")
    lines = record.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
    start = next(n for n, line in enumerate(lines) if "INSERT INTO team" in line)
    end = next(n for n in range(start, len(lines)) if lines[n].endswith(" COMMIT"))
    typed = [
        line.replace(ENGINE, "INFO Engine").replace(" RETURNING id", "").replace("...s", "0.0001s")
        for line in lines[start : end + 1]
    ]
    page = tmp_path / "back_populates.md"
    _write(page, [f"{{* {module} *}}", "", "```console", *typed, "```"])
    project = dataclasses.replace(PROJECT, docs=tmp_path)
    [finding] = audit(project)
    inserts = [c.typed[0].split(" VALUES")[0] for c in finding.contradictions]
    assert (
        inserts
        == [f"{ENGINE} INSERT INTO team (name, headquarters)"] * 2
        + [f"{ENGINE} INSERT INTO hero (name, secret_name, age, team_id)"] * 3
    )
    [item] = rewrite_page(project, page, [finding])
    assert item.include is not None
    guide = (PROJECT.docs / "use_it_in_your_project.md").read_text(encoding="utf-8")
    assert f"<code>&#123;{item.include[1:]}</code>" in guide  # no "{*" outside an include
    assert f"\n{item.include}\n" in guide


def test_companion_audit_json_with_rewrite_says_what_replaced_each_block(tmp_path: Path) -> None:
    """A block none of whose lines is in the record is left, and still fails the command."""
    unknown = ["```text", "Hero: id=7 name='Bob'", "```"]
    project = _project(tmp_path, [f"{{* {FIRST} *}}", *WRONG, *unknown])
    result = _invoke(project, "--rewrite", "--json")
    assert result.exit_code == 1, result.output
    blocks = json.loads(result.output)["blocks"]
    record = "tests/records/sqlite/tutorial/heroes/tutorial001_py310.txt"
    assert [(b["status"], b["rewritten"], b["not_rewritten"]) for b in blocks] == [
        ("contradicts", f'{{* {record} from="INSERT INTO" to="ROLLBACK" *}}', None),
        ("contradicts", None, "no record matches it"),
    ]
