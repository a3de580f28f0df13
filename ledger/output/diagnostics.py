"""Problems found in a data file, for each reader: text for people, JSON for tools, workflow
commands for GitHub Actions, and a Markdown report for a job's step summary."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ledger.errors import Diagnostic, Severity
from ledger.output import escape
from ledger.output.document import Column, Table
from ledger.output.formats import markdown_table, to_json
from ledger.output.words import count_phrase

if TYPE_CHECKING:
    from ledger.load.result import LoadResult


def check_verdict(result: LoadResult, file: str, *, listed: bool) -> str:
    """`check`'s last line: the file is ok, with what it holds, or how many errors it has.
    Warnings listed above are counted in it; warnings left out are counted with how to list them."""
    counted = count_phrase(len(result.warnings), "warning")
    beside = f", {counted}" if listed and result.warnings else ""
    ledger = result.ledger
    if ledger is None:
        verdict = f"{count_phrase(len(result.errors), 'error')}{beside} in {file}"
    else:
        verdict = (
            f"{file}: ok — {count_phrase(len(ledger.parties), 'party', 'parties')}, "
            f"{count_phrase(len(ledger.meetings), 'meeting')}, "
            f"{count_phrase(len(ledger.commitments), 'commitment')}{beside}"
        )
    return verdict if listed or not result.warnings else f"{verdict}; {counted} (--warnings lists them)"


class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def diagnostics_text(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(f"{escape.visible(str(d))}\n" for d in diagnostics)


def diagnostics_json(diagnostics: Sequence[Diagnostic]) -> str:
    def item(d: Diagnostic) -> dict[str, Any]:
        return {
            "path": d.file,
            "line": d.line,
            "column": d.column,
            "code": d.code,
            "message": d.message,
            "severity": d.severity.value,
        }

    return to_json(
        {
            "errors": [item(d) for d in diagnostics if d.severity is Severity.ERROR],
            "warnings": [item(d) for d in diagnostics if d.severity is Severity.WARNING],
        }
    )


GITHUB_ANNOTATIONS_PER_LEVEL = 10  # GitHub shows 10 error and 10 warning annotations per step, drops the rest
STEP_SUMMARY_ROWS = 500  # a step summary may hold 1 MiB; a diagnostic row is a few hundred bytes


def diagnostics_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: an annotation for each diagnostic GitHub will show; when
    there are more, one notice that counts them and every diagnostic as text, so none is lost.
    Every line is a command whose data is escaped, or lies between stop-commands markers."""
    shown: list[Diagnostic] = []
    left = {Severity.ERROR: 0, Severity.WARNING: 0}
    for d in diagnostics:
        if sum(s.severity is d.severity for s in shown) < GITHUB_ANNOTATIONS_PER_LEVEL:
            shown.append(d)
        else:
            left[d.severity] += 1
    annotations = "".join(
        f"::{d.severity.value} file={escape.annotation_property(d.file)},line={d.line},col={d.column},"
        f"title={escape.annotation_property(f'ledger {d.code}')}::"
        f"{escape.annotation_message(f'{d.line}:{d.column} [{d.code}] {d.message}')}\n"
        for d in shown
    )
    if not any(left.values()):
        return annotations
    more = " and ".join(count_phrase(n, f"more {s.value}") for s, n in left.items() if n)
    notice = (
        f"::notice title=ledger::{more} not annotated (GitHub shows {GITHUB_ANNOTATIONS_PER_LEVEL} errors "
        f"and {GITHUB_ANNOTATIONS_PER_LEVEL} warnings per step); every problem is listed below\n"
    )
    return annotations + notice + escape.workflow_plain(diagnostics_text(diagnostics))


WRITERS: Mapping[CheckFormat, Callable[[Sequence[Diagnostic]], str]] = {
    CheckFormat.TEXT: diagnostics_text,
    CheckFormat.JSON: diagnostics_json,
    CheckFormat.GITHUB: diagnostics_github,
}


def check_summary_markdown(verdict: str, diagnostics: Sequence[Diagnostic]) -> str:
    """A `ledger check` report for a GitHub step summary: the verdict, then a table of problems."""
    report = f"### ledger check\n\n{escape.markdown_text(verdict)}\n"
    if diagnostics:
        rows = tuple(
            (str(d.line), str(d.column), d.severity.value, d.code, d.message) for d in diagnostics[:STEP_SUMMARY_ROWS]
        )
        hidden = len(diagnostics) - len(rows)
        columns = (
            Column("line", justify="right"),
            Column("column", justify="right"),
            Column("severity"),
            Column("code"),
            Column("message"),
        )
        caption = f"{hidden} more not shown; ledger check lists them all." if hidden else None
        report += "\n" + markdown_table(Table(columns, rows, caption=caption))
    return report + "\n"
