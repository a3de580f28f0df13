"""`matrix` and `summary` as documents: the coalition at a glance, as of a cutoff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ledger.core.query import is_disputed
from ledger.core.summary import GRID_STATUSES, HELD_STATUSES, Grid, Summary, Total
from ledger.output.document import Bar, Column, CsvTable, Document, Mark, Note, Ref, Table
from ledger.output.escape import CsvValue
from ledger.output.views import Footnotes
from ledger.output.words import (
    GROUPS_APART,
    KIND_HEADS,
    SYMBOLS,
    as_of_phrase,
    captioned_totals,
    cell_symbol,
    count_phrase,
    format_interval,
    legend,
    legend_line,
)

if TYPE_CHECKING:
    from ledger.model.models import Meeting

BAR_WIDTH = 24


def _as_of_record(cutoff: dt.date, meeting: Meeting | None) -> dict[str, str | None]:
    return {"date": cutoff.isoformat(), "meeting": meeting.id if meeting else None}


def matrix_document(grid: Grid) -> Document:
    """The parties × kinds grid: a glyph per cell for people (`‡` when a commitment in it is
    disputed, the other side under the grid), status words for tools."""
    title = f"Positions {as_of_phrase(grid.cutoff, grid.meeting)}"
    held = sum(1 for row in grid.rows if any(cell.commitments for cell in row.cells))
    caption = f"{legend_line(GRID_STATUSES, several=True)}\n{count_phrase(held, 'party', 'parties')} with a position"
    notes = Footnotes()
    rows = []
    for row in grid.rows:
        cells: list[str | Mark] = [row.party.name]
        for kind, cell in zip(grid.kinds, row.cells, strict=True):
            mark = ""
            for c in (c for c in cell.commitments if is_disputed(c)):
                mark = notes.mark(c.disputed, c.uncertain, label=f"{row.party.name}, {kind.value}")
            cells.append(Mark(cell_symbol(cell) + mark, cell.status))
        rows.append(tuple(cells))
    refs = tuple(
        (
            Ref("party", row.party.code),
            *(Ref("commitment", c.commitments[0].id) if c.commitments else None for c in row.cells),
        )
        for row in grid.rows
    )
    columns = (Column("party"), *(Column(k.value, short=KIND_HEADS.get(k.value)) for k in grid.kinds))
    table = Table(
        columns, tuple(rows), title=title, caption=caption, footnotes=tuple(notes.lines), grid=True, refs=refs
    )
    data = {
        "as_of": _as_of_record(grid.cutoff, grid.meeting),
        "kinds": [k.value for k in grid.kinds],
        "legend": {word: glyph for glyph, word in legend(GRID_STATUSES, several=True)},
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
                        "disputed": [c.id for c in cell.commitments if is_disputed(c)],
                    }
                    for kind, cell in zip(grid.kinds, row.cells, strict=True)
                },
            }
            for row in grid.rows
        ],
    }
    csv = CsvTable(
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
    return Document((table,), data, csv)


def summary_document(summary: Summary) -> Document:
    """Counts per kind × status, interval totals (saying which disputed figures they add and
    which they leave out) and attendance: bars for people, data for tools."""
    widest = max((sum(by_status.values()) for by_status in summary.counts.values()), default=0)
    counts = Table(
        (
            Column("kind"),
            *(Column(s.value, justify="right", short=SYMBOLS[s]) for s in HELD_STATUSES),
            Column("total", justify="right"),
        ),
        tuple(
            (kind.value, *(str(by_status.get(s, 0)) for s in HELD_STATUSES), str(sum(by_status.values())))
            for kind, by_status in summary.counts.items()
        ),
        title=f"Commitments by kind and status, {as_of_phrase(summary.cutoff, summary.meeting)}",
        caption=f"{count_phrase(summary.commitments, 'commitment')} in the position",
        bars=tuple(
            Bar(tuple((_scaled(by_status.get(s, 0), widest), SYMBOLS[s], s.value) for s in HELD_STATUSES))
            for by_status in summary.counts.values()
        ),
        bar_key=legend_line(HELD_STATUSES)
        + ("\none mark per commitment" if widest <= BAR_WIDTH else f"\nbars scaled to {BAR_WIDTH} marks"),
    )
    totals = [_totals_table(chosen, title) for title, chosen in captioned_totals(summary)]
    attendance = Note.of(_attendance(summary))
    return Document((attendance, counts, *totals), _summary_record(summary), CsvTable(tuple(_summary_rows(summary))))


def _totals_table(totals: Sequence[Total], title: str) -> Table:
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
    return Table(
        columns,
        rows,
        title=title,
        caption=GROUPS_APART if any(t.group for t in totals) else None,
        bars=tuple(_interval_bars(totals)),
        bar_key="█ low end  ░ up to the high end  → open-ended; one scale per unit",
    )


def _scaled(value: int, widest: int) -> int:
    """Marks for `value` on a bar whose longest is `widest`; anything above zero shows."""
    if value <= 0:
        return 0
    return value if widest <= BAR_WIDTH else max(1, round(value * BAR_WIDTH / widest))


def _interval_bars(totals: Sequence[Total]) -> list[Bar]:
    """Bars on one scale per unit, so troops are compared with troops and euros with euros,
    never missiles with troops."""
    widest: dict[str, int] = {}
    for t in totals:
        widest[t.unit] = max(widest.get(t.unit, 0), t.low if t.high is None else t.high)
    bars = []
    for t in totals:
        low = _scaled(t.low, widest[t.unit])
        high = low if t.high is None else _scaled(t.high, widest[t.unit])
        bars.append(Bar(((low, "█", ""), (high - low, "░", "")), "→" if t.high is None else ""))
    return bars


def _attendance(summary: Summary) -> str:
    """Who took part in the meeting, who spoke there, and who holds a position by then."""
    holding = count_phrase(len(summary.holding), "country or organisation", "countries or organisations")
    as_of = as_of_phrase(summary.cutoff, summary.meeting)
    meeting = summary.meeting
    if meeting is None:
        return f"{holding} hold a position {as_of}."
    participants = meeting.participants
    attended = (
        "an unstated number of parties"
        if participants is None or participants.count is None
        else count_phrase(participants.count, "party", "parties")
    )
    stated = f" ({participants.as_stated})" if participants else ""
    spoke = count_phrase(len(summary.stated_at_meeting), "country or organisation", "countries or organisations")
    return f"{meeting.id}: {attended} took part{stated}; {spoke} stated a position there; {holding} hold one {as_of}."


def _summary_record(summary: Summary) -> dict[str, Any]:
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
            "disputed": t.disputed,
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
        "disputed": [c.id for c in summary.disputed],
        "left_out": [
            {
                "id": e.commitment.id,
                "reason": e.reason,
                "kind": e.commitment.kind.value,
                "low": e.commitment.quantity.low if e.commitment.quantity else None,
                "high": e.commitment.quantity.high if e.commitment.quantity else None,
                "unit": e.commitment.quantity.unit if e.commitment.quantity else None,
            }
            for e in summary.left_out
        ],
    }


def _summary_rows(summary: Summary) -> list[dict[str, CsvValue]]:
    """The summary as one long CSV table; `section` says which part a row belongs to: parties,
    counts, quantities, money (each total with how many disputed figures it adds), left-out."""
    record = _summary_record(summary)
    parties = record["parties"]
    names = ("kind", "unit", "group", "status", "count", "low", "high", "disputed", "id")
    blank: dict[str, CsvValue] = dict.fromkeys(names)
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
    rows += [{"section": section, **blank, **t} for section in ("quantities", "money") for t in record[section]]
    rows += [
        {"section": "left_out", **blank, "id": e["id"], "kind": e["kind"], "unit": e["unit"], "status": e["reason"]}
        | {"low": e["low"], "high": e["high"]}
        for e in record["left_out"]
    ]
    return rows
