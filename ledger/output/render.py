"""Turning query results into text: rich tables for people, JSON, CSV and Markdown for tools.

The only module that imports rich, and only when a table is drawn. Machine formats are built
with the standard library, never pass through rich, and so never carry colour or box drawing.
Data text reaches every format through its one escaping function in `ledger.output.escape`, and every
stream through `write` or `message`.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any, TypeAlias

from ledger.errors import Diagnostic, LedgerError, Severity
from ledger.model.vocabulary import RELIABILITY_RANK, Reliability
from ledger.output import escape
from ledger.output.words import (
    GROUPS_APART,
    KIND_HEADS,
    NOTHING,
    SYMBOLS,
    Verb,
    as_of_phrase,
    captioned_totals,
    cell_symbol,
    change_counts,
    count_phrase,
    date_span,
    field_changes,
    field_value,
    format_interval,
    legend,
    legend_line,
    source_publisher,
)

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment
    from rich.text import Text

    from ledger.core.diff import Diff, SectionDiff
    from ledger.core.query import Milestone
    from ledger.core.summary import Grid, Summary, Total
    from ledger.model.models import Commitment, Ledger, Meeting, Party


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


STATUS_STYLE: Mapping[str, str] = {
    "committed": "green",
    "conditional": "yellow",
    "considering": "cyan",
    "urged": "magenta",
    "view": "bright_black",
    "refused": "red",
    "withdrawn": "dim",
    "fulfilled": "blue",
}


@dataclass(frozen=True)
class Column:
    header: str
    justify: str = "left"
    style_by_value: Mapping[str, str] = field(default_factory=dict)
    max_width: int | None = None
    no_wrap: bool = False
    ratio: int | None = None  # a flexible column: it takes the width the others leave
    beside: str | None = None  # in a terminal table, shown under this other column instead
    labelled: bool = True  # when shown beside another column, prefixed with this header
    hoist: bool = False  # when every row has the same value, the title says it once instead


@dataclass(frozen=True)
class View:
    """One result, in both shapes: `rows` for people (table, Markdown), `records` for tools
    (JSON as is, CSV flattened)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    records: tuple[dict[str, Any], ...]
    title: str | None = None
    caption: str | None = None
    flat: tuple[dict[str, escape.CsvValue], ...] | None = None  # CSV rows, when flattening is not enough
    csv_columns: tuple[str, ...] | None = None  # CSV header, so an empty result still has one


@dataclass(frozen=True)
class CsvTable:
    """Rows for CSV whose cells keep their type until they are written, so that numbers stay
    numbers and only text is guarded against spreadsheet formulas (see `escape.csv_cell`)."""

    rows: tuple[Mapping[str, Any], ...]
    columns: tuple[str, ...] | None = None  # the header; without it, every flattened field met


Output: TypeAlias = "str | CsvTable | RenderableType"
"""What an output function gives: a document, CSV rows, or a rich renderable for a terminal."""


# -- building views -------------------------------------------------------------------


def commitment_record(ledger: Ledger, commitment: Commitment) -> dict[str, Any]:
    """The data file's own fields, plus `party_name` and `date` (of the meeting)."""
    party = _party_by_code(ledger).get(commitment.party)
    meeting = _meeting_by_id(ledger).get(commitment.meeting)
    record = commitment.model_dump(mode="json", by_alias=True)
    record["party_name"] = party.name if party else commitment.party
    record["date"] = meeting.date.isoformat() if meeting else None
    return record


def commitments_view(ledger: Ledger, commitments: Sequence[Commitment], title: str | None = None) -> View:
    meetings = _meeting_by_id(ledger)
    parties = _party_by_code(ledger)
    rows = []
    for c in commitments:
        meeting = meetings.get(c.meeting)
        party = parties.get(c.party)
        stated = c.quantity.as_stated if c.quantity else ""
        rows.append(
            (
                party.name if party else c.party,
                meeting.date.isoformat() if meeting else c.meeting,
                c.kind.value,
                c.status.value,
                c.summary,
                stated,
                "; ".join(c.conditions),
                ", ".join(dict.fromkeys(s.publisher for s in c.sources)),
            )
        )
    columns = (
        Column("party", max_width=12, hoist=True),
        Column("date", no_wrap=True),
        Column("kind", no_wrap=True),
        Column("status", style_by_value=STATUS_STYLE, no_wrap=True, beside="kind", labelled=False),
        Column("summary", ratio=1),
        Column("quantity", max_width=12),
        Column("conditions", beside="summary"),
        Column("source", max_width=14),
    )
    records = tuple(commitment_record(ledger, c) for c in commitments)
    flat = tuple(_commitment_flat(r) for r in records)
    caption = count_phrase(len(commitments), "commitment")
    return View(
        columns, tuple(rows), records, title=title, caption=caption, flat=flat, csv_columns=COMMITMENT_CSV_COLUMNS
    )


COMMITMENT_CSV_COLUMNS = (
    "id",
    "party",
    "party_name",
    "meeting",
    "date",
    "kind",
    "status",
    "summary",
    "quantity_low",
    "quantity_high",
    "quantity_unit",
    "quantity_as_stated",
    "period",
    "conditions",
    "location",
    "quote",
    "quote_lang",
    "quote_speaker",
    "source_urls",
    "source_publishers",
    "best_reliability",
    "supersedes",
    "notes",
    "disputed",
    "refs",
)


def _commitment_flat(record: Mapping[str, Any]) -> dict[str, escape.CsvValue]:
    """One CSV row per commitment with the same columns every time, sources and disputes joined."""
    quantity = record.get("quantity") or {}
    quote = record.get("quote") or {}
    sources = record["sources"]
    values = (
        record["id"],
        record["party"],
        record["party_name"],
        record["meeting"],
        record["date"],
        record["kind"],
        record["status"],
        record["summary"],
        quantity.get("low"),
        quantity.get("high"),
        quantity.get("unit"),
        quantity.get("as_stated"),
        record["period"],
        " | ".join(record["conditions"]),
        record["location"],
        quote.get("text"),
        quote.get("lang"),
        quote.get("speaker"),
        " | ".join(s["url"] for s in sources),
        " | ".join(s["publisher"] for s in sources),
        min((s["reliability"] for s in sources), key=lambda r: RELIABILITY_RANK[Reliability(r)]),
        record["supersedes"],
        record["notes"],
        " | ".join(d["reason"] for d in record["disputed"]),
        " | ".join(record["refs"]),
    )
    return dict(zip(COMMITMENT_CSV_COLUMNS, values, strict=True))


def parties_view(ledger: Ledger, counts: Mapping[str, int]) -> View:
    rows = tuple(
        (p.code, p.name, p.kind.value, ", ".join(p.aliases), str(counts.get(p.code, 0)))
        for p in sorted(ledger.parties, key=lambda p: p.code)
    )
    records = tuple(
        {**p.model_dump(mode="json"), "commitments": counts.get(p.code, 0)}
        for p in sorted(ledger.parties, key=lambda p: p.code)
    )
    columns = (
        Column("code"),
        Column("name"),
        Column("kind"),
        Column("aliases", max_width=40),
        Column("commitments", justify="right"),
    )
    return View(columns, rows, records, caption=count_phrase(len(rows), "party", "parties"))


def meetings_view(ledger: Ledger, counts: Mapping[str, int]) -> View:
    ordered = sorted(ledger.meetings, key=lambda m: (m.date, m.id))
    rows = tuple(
        (
            m.id,
            date_span(m),
            m.place if m.place.startswith(m.format.value) else f"{m.place} ({m.format.value})",
            ", ".join(m.hosts),
            str(m.participants.count) if m.participants and m.participants.count is not None else "",
            str(counts.get(m.id, 0)),
        )
        for m in ordered
    )
    records = tuple({**m.model_dump(mode="json"), "commitments": counts.get(m.id, 0)} for m in ordered)
    columns = (
        Column("id", no_wrap=True),
        Column("date", no_wrap=True),
        Column("place", max_width=40),
        Column("hosts"),
        Column("attended", justify="right"),
        Column("entries", justify="right"),
    )
    return View(columns, rows, records, caption=count_phrase(len(rows), "meeting"))


def _party_by_code(ledger: Ledger) -> dict[str, Party]:
    return {p.code: p for p in ledger.parties}


def _meeting_by_id(ledger: Ledger) -> dict[str, Meeting]:
    return {m.id: m for m in ledger.meetings}


# -- formats ----------------------------------------------------------------------------


def to_json(records: Any) -> str:
    return escape.json_text(json.dumps(records, indent=2, ensure_ascii=False, sort_keys=False)) + "\n"


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, escape.CsvValue]:
    """Nested fields become `quantity.low`; lists are joined with ` | `; scalars keep their type."""
    flat: dict[str, escape.CsvValue] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = " | ".join(
                json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v) for v in value
            )
        else:
            flat[name] = value
    return flat


def to_csv(table: CsvTable, *, raw: bool = False) -> str:
    """CSV with a header; without `columns`, the header is every flattened field met, except a
    bare name whose nested fields have columns of their own (a record with `participants: null`).
    Each cell passes through `escape.csv_cell`; `raw` turns its formula guard off."""
    flat = [_flatten(r) for r in table.rows]
    columns = table.columns
    if columns is None:
        seen: dict[str, None] = {}
        for row in flat:
            seen.update(dict.fromkeys(row))
        columns = tuple(name for name in seen if not any(other.startswith(f"{name}.") for other in seen))
    if not columns:
        return ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([escape.csv_cell(row.get(name), raw=raw) for name in columns] for row in flat)
    return buffer.getvalue()


class MarkdownText(str):
    """Text already written in Markdown (a diff cell holding source links): `to_markdown` puts
    it in as it is; any other text it escapes."""


def _md_cell(text: str) -> str:
    return (text if isinstance(text, MarkdownText) else escape.markdown_text(text)) or " "


def to_markdown(view: View) -> str:
    lines = []
    if view.title:
        lines += [f"### {escape.markdown_text(view.title)}", ""]
    lines.append("| " + " | ".join(_md_cell(c.header) for c in view.columns) + " |")
    lines.append("|" + "|".join("---:" if c.justify == "right" else "---" for c in view.columns) + "|")
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in view.rows]
    if view.caption:
        lines += ["", escape.markdown_text(view.caption)]
    return "\n".join(lines) + "\n"


def to_table(view: View) -> RenderableType:
    from rich import box
    from rich.table import Table

    # A column that is empty on every row, or that the title already names, only takes room.
    shown = [
        i
        for i, column in enumerate(view.columns)
        if column.beside is None
        and (
            not view.rows
            or (
                any(row[i] for row in view.rows)
                and not (column.hoist and view.title and len({row[i] for row in view.rows}) == 1)
            )
        )
    ]
    under = {
        i: [j for j, other in enumerate(view.columns) if other.beside == column.header]
        for i, column in enumerate(view.columns)
    }
    table = Table(
        title=_text(view.title) if view.title else None,
        caption=_text(view.caption) if view.caption else None,
        header_style="bold",
        box=box.SIMPLE_HEAD,
        show_lines=True,
        title_justify="left",
        caption_justify="left",
        padding=(0, 1),
        pad_edge=False,
        expand=any(view.columns[i].ratio for i in shown),
    )
    for column in (view.columns[i] for i in shown):
        table.add_column(
            column.header,
            justify=column.justify,  # type: ignore[arg-type]
            max_width=column.max_width,
            ratio=column.ratio,
            no_wrap=column.no_wrap,
            overflow="fold",
        )
    for row in view.rows:
        cells = []
        for i in shown:
            cell = _text(row[i], style=view.columns[i].style_by_value.get(row[i], ""))
            for j in under[i]:
                other = view.columns[j]
                if row[j] and other.labelled:
                    cell.append(_text(f"\n{other.header}: {row[j]}", style="italic dim"))
                elif row[j]:
                    cell.append(_text(f"\n{row[j]}", style=other.style_by_value.get(row[j], "")))
            cells.append(cell)
        table.add_row(*cells)
    return table


def render(view: View, fmt: OutputFormat) -> Output:
    """The view in the asked format: text for tools, a rich renderable for a table."""
    renderers: dict[OutputFormat, Callable[[View], Output]] = {
        OutputFormat.TABLE: to_table,
        OutputFormat.JSON: lambda v: to_json(list(v.records)),
        OutputFormat.CSV: lambda v: CsvTable(v.flat if v.flat is not None else v.records, v.csv_columns),
        OutputFormat.MARKDOWN: to_markdown,
    }
    return renderers[fmt](view)


def answer_line(line: str, fmt: OutputFormat) -> str:
    """A one-line answer for people (`Italy (IT): no commitments`), as text or as Markdown."""
    return (escape.markdown_text(line) if fmt is OutputFormat.MARKDOWN else escape.visible(line)) + "\n"


class WriteError(LedgerError):
    """A stream refused our output: a full disk, a closed pipe, a file we may not write."""

    def __init__(self, stream: IO[str], error: OSError) -> None:
        name = {"<stdout>": "standard output", "<stderr>": "standard error"}.get(getattr(stream, "name", ""))
        super().__init__(f"cannot write to {name or getattr(stream, 'name', 'the output')}: {error.strerror or error}")
        self.stream = stream
        self.closed_pipe = isinstance(error, BrokenPipeError)


def write(output: Output, stream: IO[str], *, csv_raw: bool = False, workflow_log: bool = False) -> None:
    """Write a command's output: a document as is, CSV rows through `to_csv`, a renderable drawn
    by rich (colour only on a terminal). In a GitHub Actions log (`workflow_log`) the text goes
    between stop-commands markers, so the runner prints it and obeys nothing in it."""
    if isinstance(output, CsvTable):
        text = to_csv(output, raw=csv_raw)
    elif isinstance(output, str):
        text = output
    else:
        text = _draw(output, terminal=stream.isatty() and not workflow_log)
    _put(escape.workflow_plain(text) if workflow_log else text, stream)


def message(text: str, stream: IO[str], *, style: str = "", workflow_log: bool = False) -> None:
    """A line for people on stderr: styled on a terminal, plain elsewhere, between stop-commands
    markers in a GitHub Actions log; its characters made visible either way."""
    if stream.isatty() and not workflow_log:
        _put(_draw(_text(text, style=style), terminal=True), stream)
        return
    line = escape.visible(text) + "\n"
    _put(escape.workflow_plain(line) if workflow_log else line, stream)


def _put(text: str, stream: IO[str]) -> None:
    """The one place output meets a stream; a refusal becomes a `WriteError` (one line, exit 1)."""
    try:
        stream.write(text)
        stream.flush()
    except OSError as error:
        raise WriteError(stream, error) from None


def discard(stream: IO[str]) -> None:
    """Point a stream that refused output at the null device, so that what it still buffers is
    not written again, and fails again, when the interpreter exits."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError):  # a stream without a descriptor holds nothing for the exit
        pass


def _draw(renderable: RenderableType, *, terminal: bool) -> str:
    """A renderable as text: coloured for a terminal, plain otherwise (unless FORCE_COLOR)."""
    buffer = io.StringIO()
    # Off a terminal rich would assume 80 columns; tables are laid out for 100.
    width = None if terminal or "COLUMNS" in os.environ else 100
    console = _terminal_console()(
        file=buffer,
        width=width,
        force_terminal=True if terminal else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
    console.print(renderable)
    if terminal:
        return buffer.getvalue()
    # In a pipe or a file, the padding that fills each line to the width is only noise.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


@functools.cache
def _terminal_console() -> type[Console]:
    """rich's Console with the terminal's one escaping place: every piece of text it draws
    passes through `escape.visible`, whatever object it came in. Markup, emoji codes and
    highlighting are off where it is created, so no data text is read as an instruction."""
    from rich.console import Console
    from rich.segment import Segment

    class TerminalConsole(Console):
        def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
            for segment in super().render(renderable, options):
                if segment.control or not segment.text:
                    yield segment
                else:
                    yield Segment(escape.visible(segment.text), segment.style)

    return TerminalConsole


def _text(text: str = "", style: str = "") -> Text:
    """Every `Text` rich draws is made here, visible before rich lays it out: the console would
    catch what is not, but only after a table had sized its columns for the raw text."""
    from rich.text import Text

    return Text(escape.visible(text), style=style)


# -- diagnostics --------------------------------------------------------------------------


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
        report += "\n" + to_markdown(View(columns, rows, (), caption=caption))
    return report + "\n"


# -- diffs ------------------------------------------------------------------------------------

CHANGE_STYLE: Mapping[str, str] = {Verb.ADDED: "green", Verb.REMOVED: "red", Verb.ENDED: "red", Verb.CHANGED: "yellow"}
_DIFF_COLUMNS = (
    Column("change", style_by_value=CHANGE_STYLE, no_wrap=True),
    Column("record", max_width=22),
    Column("field", no_wrap=True),
    Column("old", ratio=1),
    Column("new", ratio=1),
)
_COUNTS = ("added", "removed", "changed", "unchanged")


@dataclass(frozen=True)
class _CellWriter:
    """How a diff cell writes a field's value: its text, and a source (publisher, url) — a name
    in a terminal, a name and URL in CSV, an escaped link in Markdown."""

    text: Callable[[str], str]
    source: Callable[[str, str], str]
    markdown: bool = False


_FOR_TERMINAL = _CellWriter(str, source_publisher)
_FOR_CSV = _CellWriter(str, lambda publisher, url: f"{publisher} {url}")
_FOR_MARKDOWN = _CellWriter(escape.markdown_text, escape.markdown_link, markdown=True)


@dataclass(frozen=True)
class _DiffRow:
    """One line of a diff for people: a record added or removed, or one of its changed fields."""

    section: str
    key: str  # what matched the two sides: an id, or a lineage's first id
    label: str  # what people read: the record's own id (the newer one, for a change)
    party: str | None
    change: str
    field: str = ""
    old: str = ""
    new: str = ""
    first: bool = True  # the first row of its record: the one that names it

    @property
    def cells(self) -> tuple[str, str, str, str, str]:
        """For people: the record named once, and a field's missing value shown as `—`."""
        named = (self.change, self.label) if self.first else ("", "")
        values = (self.old or NOTHING, self.new or NOTHING) if self.field else (self.old, self.new)
        return (*named, self.field, *values)

    @property
    def record(self) -> dict[str, str]:
        return {
            "change": self.change,
            "key": self.key,
            "id": self.label,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }


def diff_output(
    diff: Diff,
    fmt: OutputFormat,
    *,
    old_label: str,
    new_label: str,
    names: Mapping[str, str],
    removed: Verb = Verb.REMOVED,
) -> Output:
    """A diff in the asked format: summary counts first, then one group per party (and one for
    meetings). `names` gives party names for headings; `removed` is the word for a record that
    is gone ("ended", for a lineage between two meetings)."""
    counts = _diff_counts(diff, removed)
    if fmt is OutputFormat.JSON:
        return to_json({"from": old_label, "to": new_label, **_diff_record(diff)})
    if fmt is OutputFormat.CSV:
        rows = _diff_rows(diff, removed, _FOR_CSV)
        return CsvTable(tuple({"section": r.section, "party": r.party or "", **r.record} for r in rows))
    writer = _FOR_MARKDOWN if fmt is OutputFormat.MARKDOWN else _FOR_TERMINAL
    views = [
        View(_DIFF_COLUMNS, tuple(r.cells for r in group), (), title=title)
        for title, group in _groups(_diff_rows(diff, removed, writer), names)
    ]
    if fmt is OutputFormat.MARKDOWN:
        old, new = escape.markdown_code(old_label), escape.markdown_code(new_label)
        return _markdown_report(f"{old} → {new}: {escape.markdown_text(counts)}", views)
    return _table_report(f"{old_label} → {new_label}: {counts}", views)


def history_output(party: Party, steps: Sequence[tuple[Milestone, Diff]], fmt: OutputFormat) -> Output:
    """One party's positions across meetings: at each date, what it added, ended or changed."""
    span = f", {steps[0][0].date} to {steps[-1][0].date}" if len(steps) > 1 else ""
    headline = f"{party.name} ({party.code}): {count_phrase(len(steps), 'date')} with statements{span}"
    if fmt is OutputFormat.JSON:
        return to_json(
            {
                "party": party.code,
                "party_name": party.name,
                "steps": [
                    {"date": step.date.isoformat(), "meetings": [m.id for m in step.meetings], **_diff_record(diff)}
                    for step, diff in steps
                ],
            }
        )
    if fmt is OutputFormat.CSV:
        return CsvTable(
            tuple(
                {"date": step.date.isoformat(), "meetings": " | ".join(m.id for m in step.meetings), **r.record}
                for step, diff in steps
                for r in _diff_rows(diff, Verb.ENDED, _FOR_CSV)
            )
        )
    writer = _FOR_MARKDOWN if fmt is OutputFormat.MARKDOWN else _FOR_TERMINAL
    views = [
        View(
            _DIFF_COLUMNS,
            tuple(r.cells for r in _diff_rows(diff, Verb.ENDED, writer)),
            (),
            title=f"{step.date} · {'; '.join(f'{m.id}: {m.title}' for m in step.meetings)}",
            caption=_unchanged_phrase(diff),
        )
        for step, diff in steps
    ]
    if fmt is OutputFormat.MARKDOWN:
        return _markdown_report(escape.markdown_text(headline), views)
    return _table_report(headline, views)


def _markdown_report(headline: str, views: Sequence[View]) -> str:
    """The headline, then each view; a view with no rows (a restatement) is its title and caption."""
    parts = [
        to_markdown(view)
        if view.rows
        else f"### {escape.markdown_text(view.title or '')}\n\n{escape.markdown_text(view.caption or '')}"
        for view in views
    ]
    return "\n\n".join(part.rstrip("\n") for part in (headline, *parts)) + "\n"


def _table_report(headline: str, views: Sequence[View]) -> RenderableType:
    from rich.console import Group

    parts: list[RenderableType] = [_text(headline, style="bold")]
    for view in views:
        parts.append(_text())
        parts += [to_table(view)] if view.rows else [_text(view.title or ""), _text(view.caption or "", style="dim")]
    return Group(*parts)


def _unchanged_phrase(diff: Diff) -> str | None:
    unchanged = sum(s.unchanged for s in diff.sections)
    if diff.empty:
        return f"no change of position ({unchanged} unchanged)"
    return f"{unchanged} unchanged" if unchanged else None


def _diff_counts(diff: Diff, removed: Verb) -> str:
    """`parties: 1 changed, 2 unchanged; commitments: 1 added, 3 unchanged`; zeros left out."""
    if diff.empty:
        return f"no changes ({sum(s.unchanged for s in diff.sections)} unchanged)"
    counts = ((section.name, change_counts(section, removed)) for section in diff.sections)
    return "; ".join(f"{name}: {phrase}" for name, phrase in counts if phrase)


def _section_counts(section: SectionDiff) -> dict[str, int]:
    numbers = (len(section.added), len(section.removed), len(section.changed), section.unchanged)
    return dict(zip(_COUNTS, numbers, strict=True))


def _diff_record(diff: Diff) -> dict[str, Any]:
    """A diff for machines: counts, then each section's records and field changes."""

    def dump(record: Any) -> Any:
        return record.model_dump(mode="json", by_alias=True)

    return {
        "summary": {s.name: _section_counts(s) for s in diff.sections},
        **{
            s.name: {
                "added": [{"key": e.key, "record": dump(e.record)} for e in s.added],
                "removed": [{"key": e.key, "record": dump(e.record)} for e in s.removed],
                "changed": [
                    {
                        "key": c.key,
                        "changes": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields],
                        "old": dump(c.old),
                        "new": dump(c.new),
                    }
                    for c in s.changed
                ],
                "unchanged": s.unchanged,
            }
            for s in diff.sections
        },
    }


def _diff_rows(diff: Diff, removed: Verb, writer: _CellWriter) -> list[_DiffRow]:
    """Every section's rows, each section in key order; a changed record gives one row per field."""
    rows: list[_DiffRow] = []
    for section in diff.sections:
        name = section.name
        part = [_row(name, e.key, e.record, Verb.ADDED, new=_describe(name, e.record)) for e in section.added]
        part += [_row(name, e.key, e.record, removed, old=_describe(name, e.record)) for e in section.removed]
        for change in section.changed:
            named = _row(name, change.key, change.new, Verb.CHANGED)
            part += [
                replace(
                    named,
                    field=f.field,
                    old=_diff_cell(f.old, writer),
                    new=_diff_cell(f.new, writer),
                    first=i == 0,
                )
                for i, f in enumerate(field_changes(change))
            ]
        rows += sorted(part, key=lambda r: r.key)  # stable: a change's fields keep their order
    return rows


def _row(section: str, key: str, record: Any, change: str, *, old: str = "", new: str = "") -> _DiffRow:
    label = str(getattr(record, "id", key))
    return _DiffRow(section, key, label, _party_of(section, record), change, old=old, new=new)


def _groups(rows: Sequence[_DiffRow], names: Mapping[str, str]) -> list[tuple[str, list[_DiffRow]]]:
    """Rows by party, parties by name; records of no party (meetings) after them, by section."""
    groups: dict[tuple[int, str, str], list[_DiffRow]] = {}
    for row in rows:
        if row.party is None:
            key = (1, row.section, row.section.capitalize())
        else:
            name = names.get(row.party, row.party)
            key = (0, name.casefold(), f"{name} ({row.party})")
        groups.setdefault(key, []).append(row)
    return [(key[2], groups[key]) for key in sorted(groups)]


def _party_of(section: str, record: Any) -> str | None:
    if section == "commitments":
        return str(record.party)
    if section == "parties":
        return str(record.code)
    return None


def _describe(section: str, record: Any) -> str:
    """A record in one line, for a row that adds or removes it."""
    if section == "commitments":
        return f"{record.kind}, {record.status}: {record.summary}"
    if section == "parties":
        return f"{record.name} ({record.kind})"
    if section == "meetings":
        return f"{record.date}: {record.title}, {record.place}"
    return str(record)


def _diff_cell(value: Any, writer: _CellWriter) -> str:
    text = field_value(value, writer.source, writer.text)
    return MarkdownText(text) if writer.markdown else text


# -- the coalition at a glance: matrix and summary ------------------------------------------

BAR_WIDTH = 24


def _as_of_record(cutoff: dt.date, meeting: Meeting | None) -> dict[str, str | None]:
    return {"date": cutoff.isoformat(), "meeting": meeting.id if meeting else None}


def matrix_output(grid: Grid, fmt: OutputFormat) -> Output:
    """The parties × kinds grid: symbols for people, status words for tools."""
    from ledger.core.summary import GRID_STATUSES

    title = f"Positions {as_of_phrase(grid.cutoff, grid.meeting)}"
    held = sum(1 for row in grid.rows if any(cell.commitments for cell in row.cells))
    caption = f"{legend_line(GRID_STATUSES, several=True)}\n{count_phrase(held, 'party', 'parties')} with a position"
    if fmt is OutputFormat.TABLE:
        return _matrix_table(grid, title, caption)
    if fmt is OutputFormat.JSON:
        return to_json(
            {
                "as_of": _as_of_record(grid.cutoff, grid.meeting),
                "kinds": [k.value for k in grid.kinds],
                "legend": _legend_record(),
                "parties": [
                    {
                        "party": row.party.code,
                        "party_name": row.party.name,
                        "party_kind": row.party.kind.value,
                        "cells": {
                            kind.value: {
                                "status": cell.status,
                                "statuses": [c.status.value for c in cell.commitments],
                                "commitments": [c.id for c in cell.commitments],
                            }
                            for kind, cell in zip(grid.kinds, row.cells, strict=True)
                        },
                    }
                    for row in grid.rows
                ],
            }
        )
    if fmt is OutputFormat.CSV:
        return CsvTable(
            tuple(
                {
                    "party": row.party.code,
                    "party_name": row.party.name,
                    **{
                        kind.value: " | ".join(c.status.value for c in cell.commitments) or cell.status
                        for kind, cell in zip(grid.kinds, row.cells, strict=True)
                    },
                }
                for row in grid.rows
            )
        )
    columns = (Column("party"), *(Column(k.value) for k in grid.kinds))
    rows = tuple((row.party.name, *(cell_symbol(cell) for cell in row.cells)) for row in grid.rows)
    return to_markdown(View(columns, rows, (), title=title, caption=caption.replace("\n", "; ")))


def _legend_record() -> dict[str, str]:
    from ledger.core.summary import GRID_STATUSES

    return {word: glyph for glyph, word in legend(GRID_STATUSES, several=True)}


def _matrix_table(grid: Grid, title: str, caption: str) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table

    full = sum(len(k.value) + 1 for k in grid.kinds) + 21 <= 100
    heads = [k.value if full else KIND_HEADS.get(k.value, k.value) for k in grid.kinds]
    party_width = min(30, max(21, 100 - sum(len(head) + 1 for head in heads)))
    key = ", ".join(f"{head} = {k.value}" for head, k in zip(heads, grid.kinds, strict=True) if head != k.value)
    table = Table(
        header_style="bold",
        box=box.SIMPLE_HEAD,
        padding=0,  # the box's own column separator is the one space between columns
        show_edge=False,
    )
    table.add_column("party", max_width=party_width, no_wrap=True, overflow="ellipsis")
    for head in heads:
        table.add_column(head, justify="center", no_wrap=True, min_width=len(head))
    for row in grid.rows:
        cells = (_text(cell_symbol(cell), style=STATUS_STYLE.get(cell.status, "dim")) for cell in row.cells)
        table.add_row(_text(row.party.name), *cells)
    return Group(_text(title, style="bold"), table, _text(caption + (f"\n{key}" if key else "")))


def summary_output(summary: Summary, fmt: OutputFormat) -> Output:
    """Counts per kind × status, interval totals and attendance: bars for people, data for tools."""
    from ledger.core.summary import HELD_STATUSES

    if fmt is OutputFormat.JSON:
        return to_json(_summary_record(summary))
    if fmt is OutputFormat.CSV:
        return CsvTable(tuple(_summary_rows(summary)))
    table = fmt is OutputFormat.TABLE
    counts = View(
        (
            Column("kind"),
            *(Column(SYMBOLS[s] if table else s.value, justify="right") for s in HELD_STATUSES),
            Column("total", justify="right"),
        ),
        tuple(
            (kind.value, *(str(by_status.get(s, 0)) for s in HELD_STATUSES), str(sum(by_status.values())))
            for kind, by_status in summary.counts.items()
        ),
        (),
        title=f"Commitments by kind and status, {as_of_phrase(summary.cutoff, summary.meeting)}",
        caption=f"{count_phrase(summary.commitments, 'commitment')} in the position",
    )
    totals = [(_totals_view(chosen, title), chosen) for title, chosen in captioned_totals(summary)]
    if table:
        return _summary_table(summary, counts, totals)
    attendance = escape.markdown_text(_attendance(summary).rstrip("\n")) + "\n"
    return "\n".join([attendance, to_markdown(counts), *(to_markdown(view) for view, _ in totals)])


def _totals_view(totals: Sequence[Total], title: str) -> View:
    rows = tuple(
        (t.kind.value, t.group or "parties", t.status, str(t.count), format_interval(t.low, t.high, t.unit))
        for t in totals
    )
    columns = (
        Column("kind"),
        Column("by"),
        Column("status"),
        Column("n", justify="right"),
        Column("total", justify="right"),
    )
    return View(columns, rows, (), title=title, caption=GROUPS_APART if any(t.group for t in totals) else None)


def _attendance(summary: Summary) -> str:
    """Who took part in the meeting, who spoke there, and who holds a position by then."""
    holding = count_phrase(len(summary.holding), "country or organisation", "countries or organisations")
    as_of = as_of_phrase(summary.cutoff, summary.meeting)
    meeting = summary.meeting
    if meeting is None:
        return f"{holding} hold a position {as_of}.\n"
    participants = meeting.participants
    attended = (
        "an unstated number of parties"
        if participants is None or participants.count is None
        else count_phrase(participants.count, "party", "parties")
    )
    stated = f" ({participants.as_stated})" if participants else ""
    spoke = count_phrase(len(summary.stated_at_meeting), "country or organisation", "countries or organisations")
    return f"{meeting.id}: {attended} took part{stated}; {spoke} stated a position there; {holding} hold one {as_of}.\n"


def _summary_record(summary: Summary) -> dict[str, Any]:
    from ledger.core.summary import HELD_STATUSES

    participants = summary.meeting.participants if summary.meeting else None

    def total(t: Total) -> dict[str, Any]:
        return {
            "kind": t.kind.value,
            "unit": t.unit,
            "group": t.group,
            "status": t.status,
            "count": t.count,
            "low": t.low,
            "high": t.high,
        }

    return {
        "as_of": _as_of_record(summary.cutoff, summary.meeting),
        "parties": {
            "attended": participants.count if participants else None,
            "attended_as_stated": participants.as_stated if participants else None,
            "holding": list(summary.holding),
            "stated_at_meeting": list(summary.stated_at_meeting),
        },
        "counts": [
            {"kind": k.value, **{s.value: by_status.get(s, 0) for s in HELD_STATUSES}, "total": sum(by_status.values())}
            for k, by_status in summary.counts.items()
        ],
        "quantities": [total(t) for t in summary.totals if not t.currency],
        "money": [total(t) for t in summary.totals if t.currency],
    }


def _summary_rows(summary: Summary) -> list[dict[str, escape.CsvValue]]:
    """The summary as one long CSV table; `section` says which part a row belongs to."""
    record = _summary_record(summary)
    parties = record["parties"]
    blank: dict[str, escape.CsvValue] = dict.fromkeys(("kind", "unit", "group", "status", "count", "low", "high"))
    people = {
        "attended": parties["attended"],
        "holding": len(parties["holding"]),
        "stated_at_meeting": len(parties["stated_at_meeting"]),
    }
    rows = [{"section": "parties", **blank, "status": name, "count": n} for name, n in people.items()]
    rows += [
        {"section": "counts", **blank, "kind": kind.value, "status": status.value, "count": count}
        for kind, by_status in summary.counts.items()
        for status, count in by_status.items()
    ]
    rows += [{"section": section, **t} for section in ("quantities", "money") for t in record[section]]
    return rows


def _summary_table(summary: Summary, counts: View, totals: Sequence[tuple[View, Sequence[Total]]]) -> RenderableType:
    from rich.console import Group

    from ledger.core.summary import HELD_STATUSES

    widest = max((sum(by_status.values()) for by_status in summary.counts.values()), default=0)
    count_bars = []
    for by_status in summary.counts.values():
        bar = _text()
        for status in HELD_STATUSES:
            bar.append(SYMBOLS[status] * _scaled(by_status.get(status, 0), widest), style=STATUS_STYLE[status])
        count_bars.append(bar)
    shapes = legend_line(HELD_STATUSES)
    scale = "one mark per commitment" if widest <= BAR_WIDTH else f"bars scaled to {BAR_WIDTH} marks"
    parts: list[RenderableType] = [
        _text(_attendance(summary)),
        _with_bars(counts, count_bars, f"{shapes}\n{scale}"),
    ]
    key = "█ low end  ░ up to the high end  → open-ended; one scale per kind and unit"
    parts += [_with_bars(view, [_text(b) for b in _interval_bars(chosen)], key) for view, chosen in totals]
    return Group(*parts)


def _scaled(value: int, widest: int) -> int:
    """Marks for `value` on a bar whose longest is `widest`; anything above zero shows."""
    if value <= 0:
        return 0
    return value if widest <= BAR_WIDTH else max(1, round(value * BAR_WIDTH / widest))


def _interval_bars(totals: Sequence[Total]) -> list[str]:
    """Bars on one scale per kind and unit, so no two units or currencies are compared."""
    widest: dict[tuple[str, str], int] = {}
    for t in totals:
        key = (t.kind.value, t.unit)
        widest[key] = max(widest.get(key, 0), t.low if t.high is None else t.high)
    bars = []
    for t in totals:
        scale = widest[(t.kind.value, t.unit)]
        low = _scaled(t.low, scale)
        high = low if t.high is None else _scaled(t.high, scale)
        bars.append("█" * low + "░" * (high - low) + ("→" if t.high is None else ""))
    return bars


def _with_bars(view: View, bars: Sequence[RenderableType], key: str) -> RenderableType:
    """A view as a rich table with one bar per row in a last, unlabelled column; its title
    and caption are lines of their own, so they wrap at the terminal and not at the table."""
    from rich import box
    from rich.console import Group
    from rich.table import Table

    table = Table(header_style="bold", box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), show_edge=False)
    for column in view.columns:
        table.add_column(column.header, justify=column.justify, no_wrap=True)  # type: ignore[arg-type]
    table.add_column("", no_wrap=True)
    for row, bar in zip(view.rows, bars, strict=True):
        table.add_row(*(_text(cell) for cell in row), bar)
    caption = "\n".join(c for c in (view.caption, key) if c)
    return Group(_text(view.title or "", style="bold"), table, _text(caption + "\n"))
