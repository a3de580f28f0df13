"""Documents laid out for a terminal: tables whose columns keep every word whole and fold
by name when narrow, grids that abbreviate their heads with a key or come in parts, bars.

Laid out at the width they are drawn in (`Drawing`), never before. With the streams in
`ledger.output.terminal` and `rows` (long tables, line by line), the only place that imports rich.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ledger.output import escape
from ledger.output.document import Bar, Cell, Column, Document, Mark, Note, Table, Value
from ledger.output.terminal.rows import long_table
from ledger.output.words import NOTHING, field_value, folded_phrase, key_phrase, source_cited, source_publisher

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.text import Text

TONES: Mapping[str, str] = {
    "committed": "green",
    "conditional": "yellow",
    "considering": "cyan",
    "urged": "magenta",
    "view": "bright_black",
    "refused": "red",
    "withdrawn": "dim",
    "fulfilled": "blue",
    "none": "dim",
    "added": "green",
    "removed": "red",
    "ended": "red",
    "changed": "yellow",
    "superseded": "dim",
    "disputed": "bold",
    "dim": "dim",
}
"""The colour of each tone a view gives a `Mark`: statuses, change verbs, and plain emphasis."""

PARTY_WIDTH = 24  # a grid's party column at its widest; longer names wrap at a space
TOKEN_WIDTH = 50  # a column never narrower than its longest word, up to this
READABLE = 28  # the least width a flexible column (a summary) keeps before others fold under it


class Drawing:
    """A document for a terminal, laid out when rich draws it, at the width it is drawn in."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        parts = self.document.parts
        for index, part in enumerate(parts):
            before = parts[index - 1] if index else None
            if before is not None and not (isinstance(before, Note) and before.heading):
                yield styled()
            if isinstance(part, Note):
                text = styled("".join(p if isinstance(p, str) else p.text for p in part.parts), "bold" * part.strong)
                text.no_wrap, text.overflow = part.line, "ignore" if part.line else None
                yield text
            else:
                yield from _table(part, console, options)


def _table(table: Table, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
    width = options.max_width
    if table.title:
        yield styled(table.title, "bold")
    notes = [table.caption] if table.caption else []
    if table.grid:
        parts = _grid_parts(table, width)
        notes += _grid_notes(table, parts, width)
        for index, part in enumerate(parts):
            if index:
                yield styled()
            yield _grid(table, part, width)
    else:
        plan = _plan(table, width)
        lines = long_table(plan, console, options)
        if lines is not None:
            yield lines
        else:
            drawn = _rich_table(plan)
            if _widest_line(drawn, console, options) > width:  # words too long to keep whole: let them fold
                plan = _plan(table, width, whole_words=False)
                drawn = _rich_table(plan)
            yield drawn
        if table.spaced and (table.caption or table.footnotes):
            yield styled()
        notes += ["bars shortened to fit the terminal"] * (plan.shrink < 1.0)
    notes += [table.bar_key] if table.bar_key and table.bars else []
    notes += table.footnotes
    if notes:
        yield styled("\n".join(notes))


def _cell_text(cell: Cell) -> Text:
    if isinstance(cell, Mark):
        return styled(cell.text, TONES.get(cell.tone, ""))
    if isinstance(cell, Value):
        return styled(field_value(cell.value, source_cited if cell.cited else source_publisher) or NOTHING)
    return styled(cell)


def _plain(cell: Cell) -> str:
    return _cell_text(cell).plain


def _longest_word(texts: Iterable[str]) -> int:
    from rich.cells import cell_len

    return max((cell_len(word) for text in texts for word in text.split()), default=0)


def _widest_line(drawn: RenderableType, console: Console, options: ConsoleOptions) -> int:
    from rich.segment import Segment

    lines = Segment.split_lines(console.render(drawn, options))  # uncropped, unlike render_lines
    return max((Segment.get_line_length(line) for line in lines), default=0)


@dataclass
class Plan:
    """A table's terminal layout before anything is drawn: the columns shown, their heads, each
    shown column's cells (with what folds under them), fixed widths when they had to be fitted,
    and the bars with how much they shrink."""

    table: Table
    shown: list[int]
    heads: dict[int, str]
    cells: dict[int, list[Text]]
    widths: dict[int, int] | None
    expand: bool
    lines_between: bool
    shrink: float


def _plan(table: Table, width: int, *, whole_words: bool = True) -> Plan:
    """Every shown column, each at least as wide as its longest word unless `whole_words` is off."""
    shown = table.shown_columns(_plain)
    under = {i: [j for j, c in enumerate(table.columns) if c.beside == table.columns[i].header] for i in shown}
    heads = {i: table.columns[i].short or table.columns[i].header for i in shown}
    flexible = [i for i in shown if table.columns[i].ratio]
    names = {table.columns[i].header: i for i in shown}
    # Too narrow to keep every word whole, or a summary readable: the columns that may fold go
    # under another, with their name, one at a time from the right (a source, a quantity, a
    # party; a meeting's counts and hosts; a diff's field, then its verb) until the rest fits.
    foldable = [i for i in reversed(shown) if table.columns[i].fold in names]
    drawn: dict[tuple[int, ...], list[Text]] = {}

    def column(i: int) -> list[Text]:
        """A column's cells with what is folded under it, drawn once for each such set: a long
        table is measured again after every fold, and only the column folded into changes."""
        key = (i, *under[i])
        if key not in drawn:
            drawn[key] = [_with_beside(table, row, i, under[i]) for row in table.rows]
        return drawn[key]

    while foldable and _too_narrow(table, heads, {i: column(i) for i in shown}, flexible, width):
        folded = foldable.pop(0)
        shown.remove(folded)
        target = names[table.columns[folded].fold or ""]
        under[target] = sorted([*under[target], folded])
    cells = {i: column(i) for i in shown}
    shrink = 1.0
    if table.bars is not None:
        longest = max((sum(n for n, _, _ in bar.runs) for bar in table.bars), default=0)
        room = max(width - _natural(table, heads, shown) - 2, 4)
        shrink = min(1.0, room / longest) if longest else 1.0
    widths = _fitted(cells, heads, table, width) if whole_words and table.bars is None else None
    return Plan(
        table,
        shown,
        heads,
        cells,
        widths,
        expand=bool(flexible) and widths is None,
        lines_between=table.spaced or any(under[i] for i in shown),
        shrink=shrink,
    )


def _rich_table(plan: Plan) -> RenderableType:
    """The planned table as rich lays it out."""
    from rich import box
    from rich.table import Table as RichTable

    table, bars = plan.table, plan.table.bars
    drawn = RichTable(
        header_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        show_lines=plan.lines_between,
        padding=(0, 1, 0, 0),
        expand=plan.expand,
    )
    for i in plan.shown:
        column = table.columns[i]
        drawn.add_column(
            plan.heads[i],
            justify=column.justify,
            width=plan.widths[i] if plan.widths else None,
            max_width=column.max_width,
            ratio=None if plan.widths else column.ratio,
            overflow="fold",
        )
    if bars is not None:
        drawn.add_column("", no_wrap=True)
    for index in range(len(table.rows)):
        row = [plan.cells[i][index] for i in plan.shown]
        drawn.add_row(*row, *([_bar(bars[index], plan.shrink)] if bars is not None else []))
    return drawn


def _with_beside(table: Table, row: tuple[Cell, ...], i: int, under: Sequence[int]) -> Text:
    """A cell, with the cells of the columns shown under it (labelled, or in their own tone)."""
    cell = _cell_text(row[i])
    for j in under:
        other, beside = table.columns[j], row[j]
        if not _plain(beside):
            continue
        if cell.plain:
            cell.append("\n")
        if other.labelled:
            cell.append(styled(f"{other.header}: {_plain(beside)}", "italic dim"))
        else:
            cell.append(_cell_text(beside))
    return cell


def _too_narrow(
    table: Table,
    heads: Mapping[int, str],
    cells: Mapping[int, list[Text]],
    flexible: Sequence[int],
    width: int,
) -> bool:
    """Whether the shown columns (`cells`, with what is folded under them) cannot keep every word
    whole in `width`, or leave a flexible column less than a readable width."""
    from rich.cells import cell_len

    shown = list(cells)
    lines = {i: [heads[i], *(ln for text in cells[i] for ln in text.plain.split("\n"))] for i in shown}
    least = sum(min(max(cell_len(w) for ln in lines[i] for w in [*_words(ln), ""]), TOKEN_WIDTH) + 2 for i in shown)
    caps = {i: table.columns[i].max_width or TOKEN_WIDTH for i in shown}
    natural = sum(min(max(cell_len(ln) for ln in lines[i]), caps[i]) + 2 for i in shown if i not in flexible)
    return least > width or (bool(flexible) and natural + READABLE > width)


def _natural(table: Table, heads: Mapping[int, str], columns: Sequence[int]) -> int:
    """How wide these columns are with nothing wrapped (up to their caps), gaps included."""
    from rich.cells import cell_len

    return sum(
        min(
            max(cell_len(line) for c in (heads[i], *(_plain(r[i]) for r in table.rows)) for line in c.split("\n")),
            table.columns[i].max_width or TOKEN_WIDTH,
        )
        + 2
        for i in columns
    )


def _words(line: str) -> list[str]:
    """The words a column keeps whole; a label stays with the first word after it (`said: 2024-12`)."""
    return re.split(r"(?<!:)\s+", line.strip())


def _fitted(
    cells: Mapping[int, list[Text]], heads: Mapping[int, str], table: Table, width: int
) -> dict[int, int] | None:
    """Column widths that fit `width` with no word broken: each column shrinks in proportion to
    how far it can (down to its longest word). None when the columns fit as they are (rich lays
    them out), or when even their longest words do not fit (rich folds them)."""
    from rich.cells import cell_len

    def lines(i: int) -> list[str]:
        return [heads[i], *(line for text in cells[i] for line in text.plain.split("\n"))]

    least = {i: min(max(cell_len(w) for line in lines(i) for w in [*_words(line), ""]), TOKEN_WIDTH) for i in cells}
    natural = {i: max(least[i], max(cell_len(line) for line in lines(i))) for i in cells}
    for i in cells:
        cap = table.columns[i].max_width
        natural[i] = natural[i] if cap is None else max(least[i], min(natural[i], cap))
    room = width - 2 * (len(cells) - 1)
    excess = sum(natural.values()) - room
    slack = {i: natural[i] - least[i] for i in cells}
    if excess <= 0 or excess > sum(slack.values()):
        return None
    widths = {i: natural[i] - excess * slack[i] // sum(slack.values()) for i in cells}
    for i in sorted(cells, key=lambda i: -slack[i]):  # what rounding left over
        over = sum(widths.values()) - room
        if over <= 0:
            break
        widths[i] -= min(over, widths[i] - least[i])
    return widths


def _bar(bar: Bar, shrink: float) -> Text:
    drawn = styled()
    for marks, glyph, tone in bar.runs:
        drawn.append(glyph * (0 if marks <= 0 else max(1, round(marks * shrink))), style=TONES.get(tone, ""))
    drawn.append(bar.end)
    return drawn


# -- grids: a row per party, a narrow column of glyphs per kind --------------------------------


def _grid_widths(table: Table, columns: Sequence[int], short: bool) -> list[int]:
    from rich.cells import cell_len

    heads = [_head(table.columns[i], short) for i in columns]
    return [
        max(cell_len(head), *(cell_len(_plain(row[i])) for row in table.rows))
        for head, i in zip(heads, columns, strict=True)
    ]


def _head(column: Column, short: bool) -> str:
    return (column.short or column.header) if short else column.header


def _party_width(table: Table, width: int) -> int:
    """The party column: as wide as the longest name, but no more than a third of the width."""
    from rich.cells import cell_len

    names = [table.columns[0].header, *(_plain(row[0]) for row in table.rows)]
    return min(max(cell_len(n) for n in names), PARTY_WIDTH, max(width // 3, _longest_word(names)))


def _grid_parts(table: Table, width: int) -> list[tuple[list[int], bool]]:
    """The grid's columns in parts that each fit `width` beside the party column: all at once
    with full heads, else with short heads, else folded into as many parts as it takes."""
    kinds = list(range(1, len(table.columns)))
    room = width - _party_width(table, width)
    for short in (False, True):
        if sum(w + 1 for w in _grid_widths(table, kinds, short)) <= room:
            return [(kinds, short)]
    parts: list[tuple[list[int], bool]] = []
    current: list[int] = []
    used = 0
    for i, w in zip(kinds, _grid_widths(table, kinds, True), strict=True):
        if current and used + w + 1 > room:
            parts.append((current, True))
            current, used = [], 0
        current.append(i)
        used += w + 1
    return [*parts, (current, True)]


def _grid_notes(table: Table, parts: Sequence[tuple[list[int], bool]], width: int) -> list[str]:
    """What a reader needs to read the heads, and how the grid was folded, if it was."""
    used = [table.columns[i] for columns, short in parts for i in columns if short]
    key = [(c.short, c.header) for c in used if c.short and c.short != c.header]
    notes = [key_phrase(key)] if key else []
    return notes + ([folded_phrase(len(parts), width)] if len(parts) > 1 else [])


def _grid(table: Table, part: tuple[list[int], bool], width: int) -> RenderableType:
    from rich import box
    from rich.table import Table as RichTable

    columns, short = part
    drawn = RichTable(header_style="bold", box=box.SIMPLE_HEAD, padding=0, show_edge=False)
    drawn.add_column(table.columns[0].header, max_width=_party_width(table, width), overflow="fold")
    for i, w in zip(columns, _grid_widths(table, columns, short), strict=True):
        drawn.add_column(_head(table.columns[i], short), justify="center", no_wrap=True, min_width=w)
    for row in table.rows:
        drawn.add_row(_cell_text(row[0]), *(_cell_text(row[i]) for i in columns))
    return drawn


def styled(text: str = "", style: str = "") -> Text:
    """Every `Text` rich draws is made here, visible before rich lays it out: the console would
    catch what is not, but only after a table had sized its columns for the raw text."""
    from rich.text import Text

    return Text(escape.visible(text), style=style)
