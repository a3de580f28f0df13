"""Turning query results into text: rich tables for people, JSON, CSV and Markdown for tools.

The only module that imports rich, and only when a table is drawn. Machine formats are built
with the standard library, never pass through rich, and so never carry colour or box drawing.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any

from ledger.errors import Diagnostic, Severity

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ledger.models import Commitment, Ledger, Meeting, Party, Quantity


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
    flat: tuple[dict[str, str], ...] | None = None  # CSV rows, when plain flattening is not enough


# -- building views -------------------------------------------------------------------


def format_quantity(quantity: Quantity | None) -> str:
    """`2,000–? troops`, `90,000,000,000 EUR`: the interval, for people."""
    if quantity is None:
        return ""
    if quantity.high == quantity.low:
        span = f"{quantity.low:,}"
    elif quantity.high is None:
        span = f"≥ {quantity.low:,}"
    elif quantity.low == 0:
        span = f"≤ {quantity.high:,}"
    else:
        span = f"{quantity.low:,}–{quantity.high:,}"
    return f"{span} {quantity.unit}"


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
    return View(columns, tuple(rows), records, title=title, caption=caption, flat=flat)


def _commitment_flat(record: Mapping[str, Any]) -> dict[str, str]:
    """One CSV row per commitment with the same columns every time, sources and disputes joined."""
    quantity = record.get("quantity") or {}
    quote = record.get("quote") or {}
    sources = record["sources"]

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return {
        "id": record["id"],
        "party": record["party"],
        "party_name": record["party_name"],
        "meeting": record["meeting"],
        "date": text(record["date"]),
        "kind": record["kind"],
        "status": record["status"],
        "summary": record["summary"],
        "quantity_low": text(quantity.get("low")),
        "quantity_high": text(quantity.get("high")),
        "quantity_unit": text(quantity.get("unit")),
        "quantity_as_stated": text(quantity.get("as_stated")),
        "period": text(record["period"]),
        "conditions": " | ".join(record["conditions"]),
        "location": text(record["location"]),
        "quote": text(quote.get("text")),
        "quote_lang": text(quote.get("lang")),
        "quote_speaker": text(quote.get("speaker")),
        "source_urls": " | ".join(s["url"] for s in sources),
        "source_publishers": " | ".join(s["publisher"] for s in sources),
        "best_reliability": min((s["reliability"] for s in sources), key=_RELIABILITY_ORDER.index),
        "supersedes": text(record["supersedes"]),
        "notes": text(record["notes"]),
        "disputed": " | ".join(d["reason"] for d in record["disputed"]),
        "refs": " | ".join(record["refs"]),
    }


_RELIABILITY_ORDER = ("official", "major", "aggregator", "state-media")


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
    return View(columns, rows, records, caption=f"{len(rows)} parties")


def meetings_view(ledger: Ledger, counts: Mapping[str, int]) -> View:
    ordered = sorted(ledger.meetings, key=lambda m: (m.date, m.id))
    rows = tuple(
        (
            m.id,
            m.date.isoformat() if m.end_date is None else f"{m.date}–{m.end_date.day:02d}",
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
    return View(columns, rows, records, caption=f"{len(rows)} meetings")


def _party_by_code(ledger: Ledger) -> dict[str, Party]:
    return {p.code: p for p in ledger.parties}


def _meeting_by_id(ledger: Ledger) -> dict[str, Meeting]:
    return {m.id: m for m in ledger.meetings}


# -- formats ----------------------------------------------------------------------------


def to_json(records: Any) -> str:
    return json.dumps(records, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested fields become `quantity.low`; lists are joined with ` | `."""
    flat: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = " | ".join(
                json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v) for v in value
            )
        else:
            flat[name] = "" if value is None else str(value)
    return flat


def to_csv(records: Iterable[Mapping[str, Any]]) -> str:
    flat = [_flatten(r) for r in records]
    header: dict[str, None] = {}
    for row in flat:
        header.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat)
    return buffer.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ") or " "


def to_markdown(view: View) -> str:
    lines = []
    if view.title:
        lines += [f"### {_md_cell(view.title)}", ""]
    lines.append("| " + " | ".join(_md_cell(c.header) for c in view.columns) + " |")
    lines.append("|" + "|".join("---:" if c.justify == "right" else "---" for c in view.columns) + "|")
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in view.rows]
    if view.caption:
        lines += ["", view.caption]
    return "\n".join(lines) + "\n"


def to_table(view: View) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # A column that is empty on every row, or that the title already names, only takes room.
    shown = [
        i
        for i, column in enumerate(view.columns)
        if column.beside is None
        and (
            not view.rows
            or (any(row[i] for row in view.rows) and not (column.hoist and len({row[i] for row in view.rows}) == 1))
        )
    ]
    under = {
        i: [j for j, other in enumerate(view.columns) if other.beside == column.header]
        for i, column in enumerate(view.columns)
    }
    table = Table(
        title=view.title,
        caption=view.caption,
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
            cell = Text(row[i], style=view.columns[i].style_by_value.get(row[i], ""))
            for j in under[i]:
                other = view.columns[j]
                if row[j] and other.labelled:
                    cell.append(f"\n{other.header}: {row[j]}", style="italic dim")
                elif row[j]:
                    cell.append(f"\n{row[j]}", style=other.style_by_value.get(row[j], ""))
            cells.append(cell)
        table.add_row(*cells)
    return table


def render(view: View, fmt: OutputFormat) -> str | RenderableType:
    """The view in the asked format: text for tools, a rich renderable for a table."""
    renderers: dict[OutputFormat, Callable[[View], str | RenderableType]] = {
        OutputFormat.TABLE: to_table,
        OutputFormat.JSON: lambda v: to_json(list(v.records)),
        OutputFormat.CSV: lambda v: to_csv(v.flat if v.flat is not None else v.records),
        OutputFormat.MARKDOWN: to_markdown,
    }
    return renderers[fmt](view)


def write(output: str | RenderableType, stream: IO[str]) -> None:
    """Write text as is; draw a renderable with rich (colour only on a terminal)."""
    if isinstance(output, str):
        stream.write(output)
        return
    console(stream).print(output)


def console(stream: IO[str]) -> Console:
    from rich.console import Console

    # Off a terminal rich would assume 80 columns; tables are laid out for 100.
    width = None if stream.isatty() or "COLUMNS" in os.environ else 100
    return Console(file=stream, width=width, highlight=False, soft_wrap=False, emoji=False)


def message(text: str, stream: IO[str], *, style: str = "") -> None:
    """A line for people on stderr, styled on a terminal and plain elsewhere."""
    if not stream.isatty():
        stream.write(text + "\n")
        return
    from rich.text import Text

    console(stream).print(Text(text, style=style))


# -- diagnostics --------------------------------------------------------------------------


def diagnostics_text(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(f"{d}\n" for d in diagnostics)


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


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def diagnostics_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic."""
    return "".join(
        f"::{d.severity.value} file={_escape_property(d.file)},line={d.line},col={d.column},"
        f"title={_escape_property(f'ledger {d.code}')}::{_escape_data(f'{d.line}:{d.column} [{d.code}] {d.message}')}\n"
        for d in diagnostics
    )


def count_phrase(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
