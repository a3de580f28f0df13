"""The rows of every table (`tables.TABLES`), from the loaded ledger and the core's lineage.

The same checked `Ledger` that `ledger show --format json` prints, and the same derived values:
a commitment's `date` is its meeting's, `root` comes from `query.lineage_roots` and
`superseded_by` from `query.superseded_by`. The data file is never read a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ledger.core import query
from ledger.export.tables import TABLES, Row, Value
from ledger.model.models import Commitment, Dispute, Ledger, Meeting, Source


@dataclass
class _Rows:
    """Rows by table name, filled in the data file's order."""

    tables: dict[str, list[Row]]

    def add(self, table: str, *values: Value) -> None:
        self.tables[table].append(values)

    def number(self, table: str) -> int:
        """The 1-based number the next row of `table` gets: disputes and sources are keyed by it."""
        return len(self.tables[table]) + 1

    def sources(self, owner: tuple[str | None, str | None, int | None], sources: Sequence[Source]) -> None:
        for position, source in enumerate(sources):
            day = source.date.isoformat() if source.date else None
            values = (position, source.url, source.publisher, day, source.reliability.value)
            self.add("sources", self.number("sources"), *owner, *values)

    def disputes(self, commitment: str | None, meeting: str | None, disputes: Sequence[Dispute]) -> None:
        for position, dispute in enumerate(disputes):
            number = self.number("disputes")
            self.add("disputes", number, commitment, meeting, position, dispute.reason)
            self.sources((None, None, number), dispute.sources)


def table_rows(ledger: Ledger) -> dict[str, list[Row]]:
    """Every table's rows, in the order of `tables.TABLES`' columns; a table with no rows is empty."""
    rows = _Rows({table.name: [] for table in TABLES})
    for party in ledger.parties:
        rows.add("parties", party.code, party.name, party.kind.value)
        for position, alias in enumerate(party.aliases):
            rows.add("party_aliases", party.code, position, alias)
    for meeting in ledger.meetings:
        _meeting(rows, meeting)
    dates = {m.id: m.date.isoformat() for m in ledger.meetings}
    for commitment in ledger.commitments:
        _commitment(rows, commitment, dates[commitment.meeting])
    roots = query.lineage_roots(ledger)
    successors = query.superseded_by(ledger)
    parents = {c.id: c.supersedes for c in ledger.commitments}
    for c in ledger.commitments:
        rows.add("lineage", c.id, roots[c.id], _step(parents, c.id, roots[c.id]), successors[c.id])
    return rows.tables


def _meeting(rows: _Rows, meeting: Meeting) -> None:
    count = meeting.participants.count if meeting.participants else None
    stated = meeting.participants.as_stated if meeting.participants else None
    end = meeting.end_date.isoformat() if meeting.end_date else None
    rows.add(
        "meetings",
        meeting.id,
        meeting.date.isoformat(),
        end,
        meeting.kind.value,
        meeting.title,
        meeting.place,
        meeting.format.value,
        count,
        stated,
        meeting.notes,
    )
    for position, host in enumerate(meeting.hosts):
        rows.add("meeting_hosts", meeting.id, position, host)
    for position, attendee in enumerate(meeting.attendees):
        rows.add("attendees", meeting.id, position, attendee.name, attendee.role, attendee.party)
    for position, document in enumerate(meeting.documents):
        rows.add("documents", meeting.id, position, document.title, document.url)
        for signed, party_code in enumerate(document.signatories):
            rows.add("signatories", meeting.id, position, signed, party_code)
    rows.sources((None, meeting.id, None), meeting.sources)
    rows.disputes(None, meeting.id, meeting.disputed)


def _commitment(rows: _Rows, c: Commitment, date: str) -> None:
    quote = c.quote
    rows.add(
        "commitments",
        c.id,
        c.party,
        c.meeting,
        date,
        c.stated_on,
        c.kind.value,
        c.status.value,
        c.summary,
        c.period,
        c.location,
        quote.text if quote else None,
        quote.lang if quote else None,
        quote.speaker if quote else None,
        c.supersedes,
        c.notes,
        c.uncertain,
        " | ".join(c.refs) or None,
    )
    if c.quantity is not None:
        q = c.quantity
        rows.add("quantities", c.id, q.low, q.high, q.unit, q.as_stated)
    for position, condition in enumerate(c.conditions):
        rows.add("conditions", c.id, position, condition)
    rows.sources((c.id, None, None), c.sources)
    rows.disputes(c.id, None, c.disputed)


def _step(parents: dict[str, str | None], commitment: str, root: str) -> int:
    """How many `supersedes` links lead from `commitment` back to its lineage's root."""
    step, current = 0, commitment
    while current != root:
        current, step = parents[current] or root, step + 1
    return step
