"""Tables drawn line by line, at a cost in proportion to their rows: the same lines rich's `Table`
draws for a planned table (`layout.Plan`), without its layout of every cell as a renderable of
its own (most of a run's time for a table of hundreds of rows).

Only for the tables whose column widths follow from the longest line in each column: no bars,
no centred column, no column rich would have to squeeze. Anything else is left to rich, and a
test holds both to the same output.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from math import ceil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
    from rich.segment import Segment
    from rich.text import Text

    from ledger.output.terminal.layout import Plan

HEAD_RULE = "─"  # the line under the heads (rich's SIMPLE_HEAD box); columns are set apart by space
GAP = 1  # the space rich leaves between two columns, besides each column's padding on its right


class Lines:
    """Laid-out lines, each a list of segments, for a console to write as they are."""

    def __init__(self, lines: list[list[Segment]]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        end = Segment.line()
        for line in self.lines:
            yield from line
            yield end


def long_table(plan: Plan, console: Console, options: ConsoleOptions) -> Lines | None:
    """The planned table drawn line by line, or None when only rich can lay it out."""
    table = plan.table
    columns = [table.columns[i] for i in plan.shown]
    if table.bars is not None or not columns or options.ascii_only or any(c.justify == "center" for c in columns):
        return None
    widths = _widths(plan, options.max_width - GAP * (len(columns) - 1))
    if widths is None:
        return None
    from rich.segment import Segment
    from rich.text import Text

    pads = [1] * (len(columns) - 1) + [0]
    justify = [c.justify for c in columns]
    rule_width = sum(widths) + GAP * (len(columns) - 1)
    heads = [Text(plan.heads[i]) for i in plan.shown]
    drawn = _row(heads, widths, pads, justify, console, options, head=True)
    drawn.append([Segment(HEAD_RULE * rule_width)])
    between = [Segment(" " * rule_width)] if plan.lines_between else None
    for index in range(len(table.rows)):
        if index and between is not None:
            drawn.append(between)
        cells = [plan.cells[i][index] for i in plan.shown]
        drawn += _row(cells, widths, pads, justify, console, options, head=False)
    return Lines(drawn)


def _widths(plan: Plan, room: int) -> list[int] | None:
    """Each column's width with its padding, as rich's `Table` works it out for these columns
    in `room`; None when they do not fit and rich would squeeze them."""
    from rich.cells import cell_len

    columns = [plan.table.columns[i] for i in plan.shown]
    pads = [1] * (len(columns) - 1) + [0]
    if room - max(pads) < 1:
        return None
    if plan.widths is not None:
        widths = [min(plan.widths[i] + pad, room) or 1 for i, pad in zip(plan.shown, pads, strict=True)]
    else:
        widths = []
        for i, column, pad in zip(plan.shown, columns, pads, strict=True):
            longest = max(
                (
                    cell_len(line)
                    for text in [plan.heads[i], *(t.plain for t in plan.cells[i])]
                    for line in text.split("\n")
                ),
                default=0,
            )
            inner = min(longest, room - pad)
            widest = min((inner + pad) if inner >= 1 else pad, room)
            if column.max_width is not None:
                widest = min(widest, column.max_width + pad)
            widths.append(widest or 1)
        ratios = [c.ratio or 0 for c in columns if c.ratio is not None]
        if plan.expand and any(ratios):
            flexible = [c.ratio is not None for c in columns]
            fixed = [0 if flex else w for flex, w in zip(flexible, widths, strict=True)]
            least = [1 + pad for flex, pad in zip(flexible, pads, strict=True) if flex]
            shares = iter(_distribute(room - sum(fixed), ratios, least))
            widths = [f + next(shares) if flex else w for flex, f, w in zip(flexible, fixed, widths, strict=True)]
    if sum(widths) > room:
        return None
    if plan.expand and sum(widths) < room:
        widths = [w + extra for w, extra in zip(widths, _distribute(room - sum(widths), widths), strict=True)]
    return widths


def _distribute(total: int, ratios: Sequence[int], least: Sequence[int] | None = None) -> list[int]:
    """`total` in parts by `ratios`, each at least its `least`, rounded up as rich rounds."""
    if least is not None:  # a part with no least takes no share, as in rich
        ratios = [r if m else 0 for r, m in zip(ratios, least, strict=True)]
    least = least or [0] * len(ratios)
    left_ratio, left = sum(ratios), total
    parts = []
    for ratio, minimum in zip(ratios, least, strict=True):
        part = max(minimum, ceil(ratio * left / left_ratio)) if left_ratio > 0 else left
        parts.append(part)
        left_ratio -= ratio
        left -= part
    return parts


def _row(
    cells: Sequence[Text],
    widths: Sequence[int],
    pads: Sequence[int],
    justify: Sequence[JustifyMethod],
    console: Console,
    options: ConsoleOptions,
    *,
    head: bool,
) -> list[list[Segment]]:
    """One row's lines: each cell's lines fitted to its column, the shorter cells filled with
    blank lines (at the top for the heads, which rich aligns to the bottom). In a pipe, as
    plain text; with colour, each cell's lines as rich renders them, in the heads' bold."""
    from rich.segment import Segment
    from rich.style import Style

    plain = console.color_system is None
    style = console.get_style("bold") if head else Style.null()
    laid: list[list[list[Segment]]] = []
    for cell, width, pad, how in zip(cells, widths, pads, justify, strict=True):
        if plain:
            lines = [[Segment(line + " " * pad)] for line in _plain_lines(cell.plain, width - pad, how, console)]
        else:
            fitted = options.update(width=width - pad, justify=how, overflow="fold", no_wrap=False, height=None)
            lines = [[*line, Segment(" " * pad)] if pad else line for line in console.render_lines(cell, fitted)]
            lines = [list(Segment.apply_style(line, style)) for line in lines] if head else lines
        laid.append(lines)
    height = max(len(lines) for lines in laid)
    for lines, width in zip(laid, widths, strict=True):
        blank = [[Segment(" " * width, style)]] * (height - len(lines))
        if head:
            lines[:0] = blank
        else:
            lines += blank
    gap = Segment(" " * GAP)
    drawn: list[list[Segment]] = []
    for number in range(height):
        line: list[Segment] = []
        for index, lines in enumerate(laid):
            if index:
                line.append(gap)
            line += lines[number]
        drawn.append([Segment("".join(segment.text for segment in line))] if plain else line)
    return drawn


def _plain_lines(text: str, width: int, justify: JustifyMethod, console: Console) -> Iterator[str]:
    """A cell's lines in a column `width` wide, filled to the width as justified; a line too long
    for the column is folded by rich, as its table would fold it."""
    from rich.cells import cell_len
    from rich.text import Text

    for line in text.split("\n"):
        length = cell_len(line)
        if length > width:
            for part in Text(line).wrap(console, width, justify=justify, overflow="fold"):
                yield part.plain + " " * (width - cell_len(part.plain))
        elif justify == "right":
            kept = line.rstrip()
            yield " " * (width - cell_len(kept)) + kept
        else:
            yield line + " " * (width - length)
