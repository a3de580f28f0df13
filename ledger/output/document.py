"""A command's answer before it has a format: notes, tables of typed cells, footnotes, and the
records a tool reads. Views (`ledger.output.views`) build one `Document` per command; each
format in `ledger.output.formats` writes any document, so a column or a marker added to a view
appears in every format at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Mark:
    """Text with a tone (a status, a change verb, `dim`): a terminal colours it by the tone,
    every other format writes the text alone."""

    text: str
    tone: str


@dataclass(frozen=True)
class Value:
    """A data field's JSON value (an interval, a list of sources, …). Each format writes it its
    own way through `words.field_value`: sources as names in a terminal, as links in Markdown;
    a missing value as `—`. A `cited` value names each source's address in a terminal too, for
    a reviewer who must check it."""

    value: Any
    cited: bool = False


@dataclass(frozen=True)
class Code:
    """Text that people read as a name to type (a revision, a meeting id): a code span in Markdown."""

    text: str


Cell = str | Mark | Value


@dataclass(frozen=True)
class Ref:
    """The record a cell names: a format that links (the HTML report) leads the cell to its
    page; the others write the cell alone."""

    kind: Literal["party", "meeting", "commitment"]
    id: str


@dataclass(frozen=True)
class Bar:
    """A bar after a row, drawn only in a terminal: runs of a glyph, each so many marks long, in
    a tone; then `end` (`→`, open-ended). A terminal too narrow for the longest shortens all."""

    runs: tuple[tuple[int, str, str], ...]  # marks, glyph, tone
    end: str = ""


@dataclass(frozen=True)
class Column:
    header: str
    justify: Literal["left", "right", "center"] = "left"
    max_width: int | None = None
    ratio: int | None = None  # a flexible column: it takes the width the others leave
    beside: str | None = None  # in a terminal table, shown under this other column instead
    labelled: bool = True  # when shown beside another column, prefixed with this header
    hoist: bool = False  # when every row has the same value and the table has a title, it says it once
    fold: str | None = None  # in a terminal too narrow for the table, shown under this other column
    short: str | None = None  # the head in a terminal, where room is short; the table's key spells it out


@dataclass(frozen=True)
class Table:
    """Rows of typed cells under a title, with a caption and footnotes under them.

    `grid` marks a dense grid of glyphs (the matrix): a terminal draws it without space between
    rows and, when too wide, abbreviates its heads with a stated key or folds it into blocks.
    `spaced` leaves a blank line between rows whose cells wrap over several lines. `refs`, row
    by row, names the record behind each cell, for a format that links. `collapsible`: in
    Markdown, a long table folds under its title (`<details>`), so a pull request comment stays
    readable.
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str | None = None
    caption: str | None = None
    footnotes: tuple[str, ...] = ()
    bars: tuple[Bar, ...] | None = None
    bar_key: str | None = None
    grid: bool = False
    spaced: bool = False
    collapsible: bool = False
    refs: tuple[tuple[Ref | None, ...], ...] = ()  # beside `rows`, the record each cell names; empty: none

    def shown_columns(self, text: Callable[[Cell], str]) -> list[int]:
        """The columns worth their room, by index: not shown beside another, not empty on every
        row, not a hoisted one whose one value the title already says. `text` is a cell as the
        format writes it."""
        rows = self.rows
        return [
            i
            for i, column in enumerate(self.columns)
            if column.beside is None
            and (
                not rows
                or (
                    any(text(row[i]) for row in rows)
                    and not (column.hoist and self.title and len({text(row[i]) for row in rows}) == 1)
                )
            )
        ]


@dataclass(frozen=True)
class Note:
    """A paragraph: a headline (`strong`), a heading of its own (`heading`), a one-line answer
    that a terminal never wraps (`line`), or plain text. Its parts are text or `Code`."""

    parts: tuple[str | Code, ...]
    strong: bool = False
    heading: bool = False
    line: bool = False

    @classmethod
    def of(cls, text: str, *, strong: bool = False, heading: bool = False, line: bool = False) -> Note:
        return cls((text,), strong=strong, heading=heading, line=line)


@dataclass(frozen=True)
class CsvTable:
    """Rows for CSV whose cells keep their type until they are written, so that numbers stay
    numbers and only text is guarded against spreadsheet formulas (see `escape.csv_cell`)."""

    rows: tuple[Mapping[str, Any], ...]
    columns: tuple[str, ...] | None = None  # the header; without it, every flattened field met


@dataclass(frozen=True)
class Document:
    """One command's answer: `parts` for people (table, Markdown), `data` for JSON and `csv`
    for CSV; the same result in each shape."""

    parts: tuple[Note | Table, ...]
    data: Any
    csv: CsvTable = field(default_factory=lambda: CsvTable(()))
