"""``companion audit``: the output blocks typed by hand in the pages, against the records
(``tutorial_recorder.site.audit``), and with ``--rewrite`` replaced by includes of them
(``tutorial_recorder.site.rewrite``)."""

from __future__ import annotations

import json
from itertools import groupby
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from tutorial_recorder.cli import output
from tutorial_recorder.project.paths import Project
from tutorial_recorder.site.audit import Finding, audit
from tutorial_recorder.site.rewrite import Rewritten, rewrite_page

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the findings as JSON on stdout, nothing else.")
]


def audit_pages(
    ctx: typer.Context,
    rewrite: Annotated[
        bool,
        typer.Option(
            "--rewrite",
            help=(
                "Replace each typed block that matches a record with an include of the "
                "record's excerpt (from/to markers cut from its first and last lines). A page "
                "is written in one step, and only if it still builds."
            ),
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Find the output typed by hand in the pages and show where it contradicts the records.

    A typed block is a console, text or unlabelled fence whose lines look like a program's
    output or its echoed SQL. It is compared with the record of the step the page includes
    nearest before it, line by line, after the project's normalisation (timings,
    timestamps, addresses, paths). `$` commands, `//` comments and blank lines are not
    output; a comment or a `...` line says that output is left out there. Exits with 1 if
    a block contradicts its record (and, with --rewrite, was not replaced).

    Examples:

    * `companion audit`
    * `companion audit --rewrite`
    * `companion audit --json`
    """
    project = output.project(ctx)
    findings = audit(project)
    rewritten = _rewrite(project, findings) if rewrite else {}
    if as_json:
        typer.echo(json.dumps(_as_json(project, findings, rewritten, rewrite), indent=2))
    else:
        _show(project, output.console(), findings, rewritten, rewrite)
    left = [f for f in findings if f.status == "contradicts" and not _replaced(f, rewritten)]
    if left:
        raise typer.Exit(output.DIFFERENT)


Done = dict[int, Rewritten]
"""What ``--rewrite`` did, by the ``id`` of each finding."""


def _rewrite(project: Project, findings: list[Finding]) -> Done:
    done: Done = {}
    matched = [finding for finding in findings if finding.record is not None]
    for _, found in groupby(matched, key=lambda finding: finding.block.page):
        on_page = list(found)
        for item in rewrite_page(project, on_page[0].block.page, on_page):
            done[id(item.finding)] = item
    return done


def _replaced(finding: Finding, done: Done) -> bool:
    item = done.get(id(finding))
    return item is not None and item.include is not None


def _lines(finding: Finding) -> str:
    return f"lines {finding.block.opening + 1}-{finding.block.closing + 1}"


def _show(
    project: Project, console: Console, findings: list[Finding], done: Done, rewrite: bool
) -> None:
    for finding in findings:
        where = f"{finding.page}:{finding.block.opening + 1}"
        if finding.record is None:
            why = (
                "the page includes no step before it"
                if finding.step is None
                else (f"{finding.step} has no record")
            )
            message = f": typed output ({_lines(finding)}) not audited: {why}."
            console.print(Text.assemble(("? ", "yellow"), (where, "bold"), message), soft_wrap=True)
        else:
            _show_matched(project, console, finding, where)
        item = done.get(id(finding))
        if item is not None and item.include is not None:
            console.print(Text(f"  rewritten as {item.include}", "cyan"), soft_wrap=True)
        elif item is not None:
            console.print(Text(f"  not rewritten: {item.reason}", "yellow"), soft_wrap=True)
    counts = {status: 0 for status in ("right", "contradicts", "unmatched")}
    for finding in findings:
        counts[finding.status] += 1
    pages = len({finding.page for finding in findings})
    console.print(
        f"{len(findings)} typed output blocks in {pages} pages: {counts['right']} agree with "
        f"their records, {counts['contradicts']} contradict them, {counts['unmatched']} "
        "match no record.",
        soft_wrap=True,
    )
    if counts["contradicts"] and not rewrite:
        console.print(
            Text(
                "`companion audit --rewrite` replaces each block with an include of its "
                "record, which always shows what the code does.",
                "dim",
            ),
            soft_wrap=True,
        )


def _show_matched(project: Project, console: Console, finding: Finding, where: str) -> None:
    assert finding.record is not None
    record = project.relative(finding.record)
    if not finding.contradictions:
        message = f": typed output ({_lines(finding)}) agrees with {record} ({finding.step})."
        console.print(Text.assemble(("✓ ", "green"), (where, "bold"), message), soft_wrap=True)
        return
    message = f": typed output ({_lines(finding)}) contradicts {record} ({finding.step}):"
    console.print(Text.assemble(("✗ ", "red"), (where, "bold"), message), soft_wrap=True)
    for contradiction in finding.contradictions:
        console.print(
            Text(f"  at {finding.page}:{contradiction.at} (- record, + page)", "cyan"),
            soft_wrap=True,
        )
        for line in contradiction.diff():
            console.print(Text(f"  {line}", "red" if line[0] == "-" else "green"), soft_wrap=True)


def _as_json(
    project: Project, findings: list[Finding], done: Done, rewrite: bool
) -> dict[str, object]:
    blocks: list[dict[str, object]] = []
    for finding in findings:
        block: dict[str, object] = {
            "page": finding.page,
            "line": finding.block.opening + 1,
            "end": finding.block.closing + 1,
            "step": finding.step,
            "record": None if finding.record is None else project.relative(finding.record),
            "status": finding.status,
            "contradictions": [
                {
                    "at": c.at,
                    "page_lines": list(c.page_lines),
                    "typed": list(c.typed),
                    "record_lines": list(c.record_lines),
                    "recorded": list(c.recorded),
                }
                for c in finding.contradictions
            ],
        }
        if rewrite:
            item = done.get(id(finding))
            block["rewritten"] = None if item is None else item.include
            block["not_rewritten"] = None if item is None else item.reason
        blocks.append(block)
    return {
        "blocks": blocks,
        "contradicting": sum(finding.status == "contradicts" for finding in findings),
    }
