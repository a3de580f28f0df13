"""The coalition at a glance: the parties × kinds grid and the totals of a position.

Pure computations over a position (the commitments in force at a cutoff, as `query.as_of`
gives them), numbers only. Views and formats are drawn by output/, the HTML site
by report/, both in the words and glyphs of output/words.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from ledger.core.query import MeetingDay
from ledger.model.names import fold
from ledger.model.vocabulary import UNKNOWN_CURRENCY, Kind, PartyKind, Status

if TYPE_CHECKING:
    from ledger.model.models import Commitment, Ledger, Meeting, Party

STRENGTH: Final = (
    Status.FULFILLED,
    Status.COMMITTED,
    Status.CONDITIONAL,
    Status.CONSIDERING,
    Status.URGED,
    Status.VIEW,
    Status.REFUSED,
    Status.WITHDRAWN,
)
"""Statuses from the firmest yes, through what pledges nothing (a call, a view), to a no and the
end of a position; a grid cell shows its first one."""

NO_POSITION: Final = "none"

HELD_STATUSES: Final = tuple(s for s in STRENGTH if s is not Status.WITHDRAWN)
"""The statuses a position can hold: a withdrawal ends its lineage (DESIGN §2)."""

GRID_STATUSES: Final = (*HELD_STATUSES, NO_POSITION)

OFFERED: Final = "offered"
OFFERED_STATUSES: Final = frozenset({Status.FULFILLED, Status.COMMITTED, Status.CONDITIONAL, Status.CONSIDERING})
"""What a total called "offered" adds up: what the parties pledged, firmly, on a condition or maybe;
never what they urged others to do, a view, a refusal or a withdrawal."""

UNCERTAIN: Final = "uncertain"
CURRENCY_UNKNOWN: Final = "currency unknown"
"""Why a figure is left out of every total: the ledger doubts it, or it is money in no stated
currency, which no other amount can be added to (not even another in no stated currency)."""

_PARTY_KIND_ORDER: Final = {PartyKind.COUNTRY: 0, PartyKind.ORGANISATION: 1, PartyKind.GROUP: 2}
_STRENGTH_RANK: Final = {status: rank for rank, status in enumerate(STRENGTH)}


def is_currency(unit: str) -> bool:
    """Units are lower-case nouns (`troops`), ISO 4217 codes (`EUR`) or `unknown-currency`; the
    last two are money, which is never converted."""
    return unit == UNKNOWN_CURRENCY or (len(unit) == 3 and unit.isupper())


def party_order(party: Party) -> tuple[int, str, str]:
    """Countries, then organisations, then groups; by name within each, accents ignored."""
    return (_PARTY_KIND_ORDER[party.kind], fold(party.name), party.code)


def meeting_at(ledger: Ledger, cutoff: dt.date) -> Meeting | None:
    """The latest meeting held at or before the cutoff: the one a position is "as of"."""
    held = [m for m in ledger.meetings if m.date <= cutoff]
    return max(held, key=lambda m: (m.date, m.id), default=None)


def latest_date(ledger: Ledger) -> dt.date | None:
    """The default cutoff: the latest meeting's round (today's date would depend on the clock),
    so the current position counts every statement tied to any meeting. None without meetings:
    no date would be honest, and a made-up one would be shown."""
    latest = max((m.date for m in ledger.meetings), default=None)
    return None if latest is None else MeetingDay.of(latest)


@dataclass(frozen=True)
class Cell:
    """One party's commitments of one kind, the strongest first; empty means no position."""

    commitments: tuple[Commitment, ...]

    @property
    def status(self) -> str:
        return self.commitments[0].status.value if self.commitments else NO_POSITION


@dataclass(frozen=True)
class Row:
    party: Party
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    """Parties down, kinds across, as of a cutoff; `meeting` is the latest one held by then."""

    cutoff: dt.date
    meeting: Meeting | None
    kinds: tuple[Kind, ...]
    rows: tuple[Row, ...]


def tabulate(
    ledger: Ledger,
    position: Iterable[Commitment],
    cutoff: dt.date,
    kinds: Iterable[Kind] = (),
    parties: Iterable[str] = (),
) -> Grid:
    """The grid of a position. Columns are the asked kinds, else every kind held; rows are the
    asked parties (even with no position), else every party holding one of those kinds."""
    asked_kinds, asked_parties = frozenset(kinds), frozenset(parties)
    held = [
        c
        for c in position
        if (not asked_kinds or c.kind in asked_kinds) and (not asked_parties or c.party in asked_parties)
    ]
    columns = tuple(k for k in Kind if k in (asked_kinds or {c.kind for c in held}))
    by_cell: dict[tuple[str, Kind], list[Commitment]] = {}
    for commitment in held:
        by_cell.setdefault((commitment.party, commitment.kind), []).append(commitment)
    shown = asked_parties or {c.party for c in held}
    rows = tuple(
        Row(
            party,
            tuple(Cell(tuple(sorted(by_cell.get((party.code, kind), ()), key=_strength_order))) for kind in columns),
        )
        for party in sorted((p for p in ledger.parties if p.code in shown), key=party_order)
    )
    return Grid(cutoff, meeting_at(ledger, cutoff), columns, rows)


def _strength_order(commitment: Commitment) -> tuple[int, str]:
    return (_STRENGTH_RANK[commitment.status], commitment.id)


@dataclass(frozen=True)
class Total:
    """Quantities of one kind and unit added as intervals: `high` is None when any is open.
    `disputed` of the `count` figures added carry a dispute: a view must say so beside the total."""

    kind: Kind
    unit: str
    status: str  # a Status value, or OFFERED
    group: str | None  # the group that stated it for its members; None for the parties' own, added up
    count: int
    low: int
    high: int | None
    disputed: int = 0

    @property
    def currency(self) -> bool:
        return is_currency(self.unit)


@dataclass(frozen=True)
class LeftOut:
    """A figure of the position that no total adds, and why (UNCERTAIN or CURRENCY_UNKNOWN)."""

    commitment: Commitment
    reason: str


@dataclass(frozen=True)
class Summary:
    """Counts and totals of a position as of a cutoff."""

    cutoff: dt.date
    meeting: Meeting | None
    counts: Mapping[Kind, Mapping[Status, int]]  # only kinds and statuses that occur
    totals: tuple[Total, ...]
    holding: tuple[str, ...]  # countries and organisations with any position, by code
    stated_at_meeting: tuple[str, ...]  # countries and organisations that said anything at `meeting`
    left_out: tuple[LeftOut, ...] = ()  # figures no total adds, in the position's order
    disputed: tuple[Commitment, ...] = ()  # figures the totals add although a source disputes them

    @property
    def commitments(self) -> int:
        return sum(sum(by_status.values()) for by_status in self.counts.values())


def summarise(ledger: Ledger, position: Sequence[Commitment], cutoff: dt.date) -> Summary:
    """Counts per kind × status, interval totals per kind, unit and status (plus "offered"),
    and how many parties hold a position. A group's figures stay apart, one group at a time:
    a coalition-wide number already includes its members' own. A disputed figure is added and
    counted as disputed; an uncertain one, or money in no stated currency, is left out."""
    kinds = {p.code: p.kind for p in ledger.parties}
    meeting = meeting_at(ledger, cutoff)
    counts: dict[Kind, dict[Status, int]] = {}
    for commitment in position:
        by_status = counts.setdefault(commitment.kind, {})
        by_status[commitment.status] = by_status.get(commitment.status, 0) + 1
    members = {c.party for c in position if kinds.get(c.party) is not PartyKind.GROUP}
    spoke = {c.party for c in ledger.commitments if meeting and c.meeting == meeting.id}
    left_out = tuple(LeftOut(c, reason) for c in position if (reason := _left_out_because(c)))
    apart = {entry.commitment.id for entry in left_out}
    added = [c for c in position if c.id not in apart]
    return Summary(
        cutoff=cutoff,
        meeting=meeting,
        counts={k: {s: counts[k][s] for s in Status if s in counts[k]} for k in Kind if k in counts},
        totals=_totals(added, kinds),
        holding=tuple(sorted(members)),
        stated_at_meeting=tuple(sorted(p for p in spoke if kinds.get(p) is not PartyKind.GROUP)),
        left_out=left_out,
        disputed=tuple(c for c in added if c.quantity and c.disputed),
    )


def _left_out_because(commitment: Commitment) -> str:
    """Why no total may add this commitment's figure; empty when one may."""
    if commitment.quantity is None:
        return ""
    if commitment.uncertain is not None:
        return UNCERTAIN
    return CURRENCY_UNKNOWN if commitment.quantity.unit == UNKNOWN_CURRENCY else ""


def _totals(position: Sequence[Commitment], kinds: Mapping[str, PartyKind]) -> tuple[Total, ...]:
    sums: dict[tuple[Kind, str, str, str], list[Commitment]] = {}
    for commitment in position:
        if commitment.quantity is None:
            continue
        group = commitment.party if kinds.get(commitment.party) is PartyKind.GROUP else ""
        key = (commitment.kind, commitment.quantity.unit, group)
        sums.setdefault((*key, commitment.status.value), []).append(commitment)
        if commitment.status in OFFERED_STATUSES:
            sums.setdefault((*key, OFFERED), []).append(commitment)
    status_order = {OFFERED: -1, **{s.value: i for i, s in enumerate(STRENGTH)}}
    kind_order = {k: i for i, k in enumerate(Kind)}
    ordered = sorted(
        sums.items(),
        key=lambda item: (
            is_currency(item[0][1]),
            kind_order[item[0][0]],
            item[0][1],
            item[0][2],
            status_order[item[0][3]],
        ),
    )
    return tuple(_add(kind, unit, status, group or None, chosen) for (kind, unit, group, status), chosen in ordered)


def _add(kind: Kind, unit: str, status: str, group: str | None, commitments: Sequence[Commitment]) -> Total:
    quantities = [c.quantity for c in commitments if c.quantity is not None]
    highs = [q.high for q in quantities]
    high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
    disputed = sum(1 for c in commitments if c.disputed)
    return Total(kind, unit, status, group, len(quantities), sum(q.low for q in quantities), high, disputed)


def totals_for_people(summary: Summary) -> tuple[list[Total], list[Total]]:
    """The totals a person reads, quantities then money; an "offered" line that only repeats
    its one status's line is left out."""

    def parts(offered: Total) -> int:
        return sum(
            1
            for t in summary.totals
            if t.status in OFFERED_STATUSES and (t.kind, t.unit, t.group) == (offered.kind, offered.unit, offered.group)
        )

    shown = [t for t in summary.totals if t.status != OFFERED or parts(t) > 1]
    return [t for t in shown if not t.currency], [t for t in shown if t.currency]


def is_money(commitment: Commitment) -> bool:
    return commitment.quantity is not None and is_currency(commitment.quantity.unit)
