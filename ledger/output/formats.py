"""The formats a document is written in, one writer each, in one registry: a table for people
(drawn by `terminal`), JSON, CSV and Markdown for tools and pages. Each writer escapes data
text once, through its own function in `ledger.output.escape`; none of them imports rich.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias

from ledger.output import escape
from ledger.output.document import Code, CsvTable, Document, Mark, Note, Table, Value
from ledger.output.words import NOTHING, count_phrase, field_value

if TYPE_CHECKING:
    from ledger.output.terminal import Drawing


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


FORMAT_ALIASES: Mapping[str, OutputFormat] = {"md": OutputFormat.MARKDOWN}
"""Other names `--format` accepts."""

Output: TypeAlias = "str | Drawing"
"""What a format gives: text, or a drawing that a terminal lays out at its own width."""


def render(document: Document, fmt: OutputFormat, *, csv_raw: bool = False) -> Output:
    """The document in the asked format; `csv_raw` turns CSV's formula guard off."""
    return WRITERS[fmt](document, csv_raw)


# -- JSON ---------------------------------------------------------------------------------


def to_json(records: Any) -> str:
    return escape.json_text(json.dumps(records, indent=2, ensure_ascii=False, sort_keys=False)) + "\n"


# -- CSV ----------------------------------------------------------------------------------


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


# -- Markdown -----------------------------------------------------------------------------


def _md_cell(cell: str | Mark | Value) -> str:
    if isinstance(cell, Value):
        return field_value(cell.value, escape.markdown_link, escape.markdown_text) or NOTHING
    return escape.markdown_text(cell.text if isinstance(cell, Mark) else cell) or " "


def _md_note(note: Note) -> str:
    text = "".join(
        escape.markdown_code(p.text) if isinstance(p, Code) else escape.markdown_text(p, line_start=not i)
        for i, p in enumerate(note.parts)
    )
    return f"### {text}" if note.heading else text


COLLAPSED_ROWS = 10
"""A collapsible table longer than this folds under its title in Markdown."""


def markdown_table(table: Table) -> str:
    """A GitHub-flavoured Markdown table under its title, with caption and footnotes after it.
    A column that a terminal shows beside another is left out when every row leaves it empty.
    A long collapsible table goes inside `<details>`, its title (and row count) the summary."""
    shown = [
        i
        for i, c in enumerate(table.columns)
        if c.beside is None or any(_md_cell(row[i]).strip() for row in table.rows)
    ]
    columns = [table.columns[i] for i in shown]
    folded = table.collapsible and table.title is not None and len(table.rows) > COLLAPSED_ROWS
    if folded and table.title:
        summary = f"{escape.markdown_summary(table.title)} ({count_phrase(len(table.rows), 'row')})"
        lines = [f"<details><summary>{summary}</summary>", ""]
    else:
        lines = [f"### {escape.markdown_text(table.title)}", ""] if table.title else []
    lines.append("| " + " | ".join(escape.markdown_text(c.header) or " " for c in columns) + " |")
    lines.append("|" + "|".join("---:" if c.justify == "right" else "---" for c in columns) + "|")
    lines += ["| " + " | ".join(_md_cell(row[i]) for i in shown) + " |" for row in table.rows]
    if table.caption:
        lines += ["", escape.markdown_text(table.caption.replace("\n", "; "))]
    if table.footnotes:
        lines += ["", *(f"- {escape.markdown_text(note)}" for note in table.footnotes)]
    lines += ["", "</details>"] if folded else []
    return "\n".join(lines) + "\n"


def to_markdown(document: Document) -> str:
    parts = [markdown_table(p) if isinstance(p, Table) else _md_note(p) for p in document.parts]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def _drawing(document: Document, csv_raw: bool) -> Output:
    from ledger.output.terminal import Drawing

    return Drawing(document)


WRITERS: Mapping[OutputFormat, Callable[[Document, bool], Output]] = {
    OutputFormat.TABLE: _drawing,
    OutputFormat.JSON: lambda document, csv_raw: to_json(document.data),
    OutputFormat.CSV: lambda document, csv_raw: to_csv(document.csv, raw=csv_raw),
    OutputFormat.MARKDOWN: lambda document, csv_raw: to_markdown(document),
}
"""One writer per format: the document, and whether CSV keeps text raw (`--csv-raw`)."""
