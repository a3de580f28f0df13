"""The ledger's words, said once: how a count, an interval, a date, a change and a status read.

Every view (output/views/) and the HTML report take their phrases from here, so a quantity, a
status glyph or a diff verb reads the same wherever a person meets it. These are plain strings:
each output channel escapes them its own way. The command line loads this module on every run,
so it imports no models until a function needs them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

from ledger.model.records import values
from ledger.model.vocabulary import Status

if TYPE_CHECKING:
    from ledger.core.diff import Change, FieldChange, SectionDiff
    from ledger.core.summary import Cell, LeftOut, Summary, Total
    from ledger.model.models import Dispute, Meeting, Quantity


def count_phrase(count: int, noun: str, plural: str | None = None) -> str:
    """`1 meeting`, `3 meetings`; `plural` where adding an s is wrong (`2 parties`)."""
    return f"{count} {noun_for(count, noun, plural)}"


def noun_for(count: int, noun: str, plural: str | None = None) -> str:
    """The noun that agrees with `count`, for a figure shown apart from its number."""
    return noun if count == 1 else plural or noun + "s"


# -- intervals and quantities ------------------------------------------------------------------


def format_interval(low: int, high: int | None, unit: str) -> str:
    """`5 troops`, `≥ 2,000 troops`, `≤ 15,000 troops`, `100–200 troops`: every quantity is an interval."""
    if high == low:
        span = f"{low:,}"
    elif high is None:
        span = f"≥ {low:,}"
    elif low == 0:
        span = f"≤ {high:,}"
    else:
        span = f"{low:,}–{high:,}"
    return f"{span} {unit}"


def format_quantity(quantity: Quantity | None) -> str:
    """`2,000–? troops`, `90,000,000,000 EUR`: the interval, for people."""
    return "" if quantity is None else format_interval(quantity.low, quantity.high, quantity.unit)


# -- dates -------------------------------------------------------------------------------------


def date_span(meeting: Meeting) -> str:
    """`2025-12-18 to 2025-12-19` for a multi-day meeting, the one date otherwise."""
    if meeting.end_date is None or meeting.end_date == meeting.date:
        return meeting.date.isoformat()
    return f"{meeting.date.isoformat()} to {meeting.end_date.isoformat()}"


def as_of_phrase(cutoff: dt.date, meeting: Meeting | None) -> str:
    """`as of paris-2026-01-06 (2026-01-06)`, or the date and the latest meeting held by then."""
    if meeting is None:
        return f"as of {cutoff.isoformat()} (before any meeting)"
    if meeting.date == cutoff:
        return f"as of {meeting.id} ({cutoff.isoformat()})"
    return f"as of {cutoff.isoformat()} (latest meeting: {meeting.id})"


# -- statuses ----------------------------------------------------------------------------------

SYMBOLS: Final[Mapping[str, str]] = {
    Status.FULFILLED: "✓",
    Status.COMMITTED: "●",
    Status.CONDITIONAL: "◐",
    Status.CONSIDERING: "○",
    Status.URGED: "»",
    Status.VIEW: "◇",
    Status.REFUSED: "✗",
    Status.WITHDRAWN: "⊘",
    "none": "·",  # summary.NO_POSITION, a grid cell without a commitment
}
"""One distinct shape per status, so a grid reads the same without colour."""

SEVERAL: Final = "+"
"""Suffix of a grid cell holding more than one commitment."""


def cell_symbol(cell: Cell) -> str:
    """A grid cell's glyph: its strongest status, marked when it holds several commitments."""
    return SYMBOLS[cell.status] + (SEVERAL if len(cell.commitments) > 1 else "")


def legend(statuses: Iterable[str], *, several: bool = False) -> list[tuple[str, str]]:
    """Each status's glyph beside its word; with `several`, the mark of a cell holding more than one."""
    return [(SYMBOLS[s], str(s)) for s in statuses] + ([(SEVERAL, "several")] if several else [])


def legend_line(statuses: Iterable[str], *, several: bool = False) -> str:
    """`✓ fulfilled  ● committed  …`: the legend on one line."""
    return "  ".join(f"{glyph} {word}" for glyph, word in legend(statuses, several=several))


# -- captions ----------------------------------------------------------------------------------

QUANTITIES_CAPTION: Final = "Quantities, added as intervals (≥ when any is open-ended)"
MONEY_CAPTION: Final = "Money, per currency (never converted)"
GROUPS_APART: Final = "a group's figures stay apart, one group at a time: they already include its members' own"

KIND_HEADS: Final[Mapping[str, str]] = {
    "troops": "troop",
    "monitoring": "monit",
    "maritime": "sea",
    "training": "train",
    "regeneration": "regen",
    "logistics": "logis",
    "command": "cmd",
    "member-loans": "loans",
    "own-forces": "own",
    "guarantee": "guar",
    "backstop": "bkstp",
    "declaration": "decl",
    "sanctions": "sanct",
}
"""Short column heads for a narrow terminal; a key under the grid spells out the ones it uses."""


def key_phrase(pairs: Iterable[tuple[str, str]]) -> str:
    """`troop = troops, sea = maritime`: the short heads a table uses, spelled out."""
    return ", ".join(f"{short} = {full}" for short, full in pairs)


def folded_phrase(parts: int, width: int) -> str:
    """Why a grid comes in parts: all its columns do not fit the terminal."""
    return (
        f"too wide for {width} columns: shown in {parts} parts, each with the party column; "
        "a wider terminal shows it whole, and --format csv every cell"
    )


# -- disputes, supersession, dates said ------------------------------------------------------------

DISPUTED: Final = "‡"
"""The mark of a record a source disputes, or the ledger holds uncertain; a footnote says why."""


def dispute_notes(mark: str, disputes: Iterable[Dispute], uncertain: str | None = None) -> list[str]:
    """`‡1 TASS: Hayashi said …`: the other side of each dispute, in brief, after its mark."""
    notes = [f"{mark} {', '.join(dict.fromkeys(s.publisher for s in d.sources))}: {d.reason}" for d in disputes]
    return notes + ([f"{mark} uncertain: {uncertain}"] if uncertain else [])


def superseded_phrase(replacement: str, day: str) -> str:
    """`by es-troops-paris-2026-01-06 on 2026-01-06`: what replaced a position, and when."""
    return f"by {replacement} on {day}"


def captioned_totals(summary: Summary) -> list[tuple[str, list[Total]]]:
    """The totals a person reads (`summary.totals_for_people`), quantities then money, each
    with its caption; an empty part is left out."""
    from ledger.core.summary import is_money, totals_for_people

    quantities, money = totals_for_people(summary)
    groups = []
    for caption, totals, is_money_part in ((QUANTITIES_CAPTION, quantities, False), (MONEY_CAPTION, money, True)):
        left_out = [e for e in summary.left_out if is_money(e.commitment) == is_money_part]
        if totals or left_out:
            disputed = [c.id for c in summary.disputed if is_money(c) == is_money_part]
            groups.append((caption + _doubts(disputed, left_out), totals))
    return groups


def _doubts(disputed: Sequence[str], left_out: Sequence[LeftOut]) -> str:
    """What a caption adds about doubt: the disputed figures its totals include, then the
    figures it leaves out, each by id, so no doubt is hidden in a sum."""
    words = []
    if disputed:
        words.append(f"including disputed figures: {', '.join(disputed)}")
    if left_out:
        words.append("left out: " + ", ".join(f"{e.commitment.id} ({e.reason})" for e in left_out))
    return "".join(f"; {w}" for w in words)


# -- changes -----------------------------------------------------------------------------------


class Verb(StrEnum):
    """What happened to a record between two sides of a diff."""

    ADDED = "added"
    REMOVED = "removed"  # gone from a revision
    ENDED = "ended"  # a lineage that no longer holds a position between two meetings
    CHANGED = "changed"
    RESTATED = "restated"  # the same position in new words, quote or sources


NOTHING: Final = "—"
"""A changed field's missing side, where people read it."""

SourceText = Callable[[str, str], str]
"""How a source (publisher, url) reads in a changed field: a name, a link, a name and its URL."""


def source_publisher(publisher: str, url: str) -> str:
    """A source as a terminal or a page reads it in a changed field: who said it."""
    return publisher


def source_cited(publisher: str, url: str) -> str:
    """A source as a reviewer or a spreadsheet reads it: who said it, and where to check."""
    return f"{publisher} {url}"


def change_counts(section: SectionDiff, gone: Verb = Verb.REMOVED) -> str:
    """`1 added, 1 ended, 2 unchanged`: a section's counts, zeros left out; `gone` names a
    record that is only on the old side."""
    numbers = (
        (Verb.ADDED, len(section.added)),
        (gone, len(section.removed)),
        (Verb.CHANGED, len(section.changed)),
        (Verb.RESTATED, len(section.restated)),
        ("unchanged", section.unchanged),
    )
    return ", ".join(f"{n} {word}" for word, n in numbers if n)


def field_changes(change: Change) -> tuple[FieldChange, ...]:
    """A change's fields as people read them: the parts of an interval (`quantity.low`,
    `quantity.high`, …) become one change of the whole interval, so both sides read as stated."""
    from ledger.core.diff import FieldChange

    old, new = values(change.old), values(change.new)
    merged: dict[str, FieldChange] = {}
    for field in change.fields:
        top = field.field.partition(".")[0]
        if _is_interval(old.get(top)) or _is_interval(new.get(top)):
            merged.setdefault(top, FieldChange(top, old.get(top), new.get(top)))
        else:
            merged[field.field] = field
    return tuple(merged.values())


def field_value(value: Any, sources: SourceText = source_publisher, text: Callable[[str], str] = str) -> str:
    """A field's JSON value for people: an interval as `1,000–5,000 troops (as stated)`, a
    source as `sources` writes it, a list joined with `; `, nothing as nothing. `text` escapes
    the data's own words for the format at hand (Markdown); sources escape themselves."""
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "; ".join(field_value(item, sources, text) for item in value)
    if isinstance(value, dict):
        if _is_interval(value):
            return text(f"{format_interval(value['low'], value['high'], value['unit'])} ({value['as_stated']})")
        if {"url", "publisher"} <= value.keys():
            return sources(value["publisher"], value["url"])
        return ", ".join(
            f"{text(k)}: {field_value(v, sources, text)}" for k, v in value.items() if v not in (None, [], {})
        )
    return text(str(value))


def _is_interval(value: Any) -> bool:
    return isinstance(value, dict) and {"low", "high", "unit", "as_stated"} <= value.keys()
