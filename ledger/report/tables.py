"""A view's document (`ledger.output.document`) as plain values the report's templates lay out.

The terminal and the report read the same documents, so a column, a dispute mark, a superseded
note or a quantity is decided once, in the view. Here nothing becomes HTML: cells stay data text
(a `Value` stays its JSON value, for the `field_markup` filter in `html.py`), and a cell that
names a record gets the address of that record's page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ledger.output.document import Code, Document, Mark, Ref, Table, Value
from ledger.output.words import NOTHING, field_value

Href = Callable[[Ref], str | None]
"""Where a page links a record it names; None where it has no page."""


@dataclass(frozen=True)
class Content:
    """What a cell holds: text (in a tone, for a `Mark`) or a data field's value, and its link."""

    text: str = ""
    tone: str | None = None
    href: str | None = None
    value: Any = None
    is_value: bool = False
    label: str | None = None  # a column shown inside another names itself before its text


@dataclass(frozen=True)
class HtmlCell:
    column: str  # its column's header: a class, and the label a stacked table shows before it
    numeric: bool
    content: Content
    beside: tuple[Content, ...]  # the cells of columns shown under this one


@dataclass(frozen=True)
class Head:
    text: str
    short: str | None
    numeric: bool


@dataclass(frozen=True)
class HtmlTable:
    caption: str  # the table's title, or what the page calls it
    lines: tuple[str, ...]  # the view's caption, line by line
    heads: tuple[Head, ...]
    rows: tuple[tuple[HtmlCell, ...], ...]
    footnotes: tuple[str, ...]
    grid: bool
    counts: bool  # numbers after the first column: a phone keeps it a table, with short heads
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[tuple[str, bool], ...]  # text, and whether it is a code to type
    strong: bool
    heading: bool
    kind: Literal["note"] = "note"


def document_parts(document: Document, href: Href, name: str) -> tuple[HtmlTable | Paragraph, ...]:
    """Every table and every note with words in it; `name` captions a table the view left untitled."""
    laid: list[HtmlTable | Paragraph] = []
    for part in document.parts:
        if isinstance(part, Table):
            laid.append(html_table(part, href, name))
        elif any(p.text if isinstance(p, Code) else p for p in part.parts):
            texts = tuple((p.text, True) if isinstance(p, Code) else (p, False) for p in part.parts)
            laid.append(Paragraph(texts, part.strong, part.heading))
    return tuple(laid)


def html_table(table: Table, href: Href, name: str) -> HtmlTable:
    """The table's shown columns, each with the columns a terminal shows beside it inside its
    cells, as the terminal decides them: a column empty on every row is left out, and so is a
    hoisted one whose single value the title already says."""
    shown = table.shown_columns(_text)
    under = {i: [j for j, c in enumerate(table.columns) if c.beside == table.columns[i].header] for i in shown}
    refs = table.refs or tuple((None,) * len(table.columns) for _ in table.rows)
    rows = tuple(
        tuple(
            HtmlCell(
                table.columns[i].header,
                table.columns[i].justify == "right",
                _content(row[i], ref[i], href),
                tuple(
                    _content(row[j], ref[j], href, table.columns[j].header if table.columns[j].labelled else None)
                    for j in under[i]
                    if _text(row[j])
                ),
            )
            for i in shown
        )
        for row, ref in zip(table.rows, refs, strict=True)
    )
    heads = tuple(Head(c.header, c.short, c.justify == "right") for c in (table.columns[i] for i in shown))
    lines = tuple(table.caption.splitlines()) if table.caption else ()
    counts = len(heads) > 1 and all(h.numeric for h in heads[1:])
    return HtmlTable(table.title or name, lines, heads, rows, table.footnotes, table.grid, counts)


def _text(cell: str | Mark | Value) -> str:
    if isinstance(cell, Value):
        return field_value(cell.value) or NOTHING
    return cell.text if isinstance(cell, Mark) else cell


def _content(cell: str | Mark | Value, ref: Ref | None, href: Href, label: str | None = None) -> Content:
    link = href(ref) if ref else None
    if isinstance(cell, Value):
        return Content(href=link, value=cell.value, is_value=True, label=label)
    if isinstance(cell, Mark):
        return Content(cell.text, cell.tone, link, label=label)
    return Content(cell, None, link, label=label)
