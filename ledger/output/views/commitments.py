"""`show`, `meetings` and `parties` as documents: one row per record, its disputes as
footnotes under the table, what replaced a position beside it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ledger.core import query
from ledger.model.records import values
from ledger.model.vocabulary import RELIABILITY_RANK, Reliability
from ledger.output.document import Column, CsvTable, Document, Mark, Note, Ref, Table
from ledger.output.escape import CsvValue
from ledger.output.views import Footnotes
from ledger.output.words import count_phrase, date_span, superseded_phrase

if TYPE_CHECKING:
    from ledger.model.models import Commitment, Ledger, Meeting, Party


def commitment_record(
    commitment: Commitment, party: Party | None, meeting: Meeting | None, replaced_by: str | None
) -> dict[str, Any]:
    """The data file's own fields, plus `party_name`, `date` (of the meeting) and
    `superseded_by` (the commitment that replaced it, derived)."""
    record = values(commitment)
    record["party_name"] = party.name if party else commitment.party
    record["date"] = meeting.date.isoformat() if meeting else None
    record["superseded_by"] = replaced_by
    return record


COMMITMENT_CSV_COLUMNS = (
    "id",
    "party",
    "party_name",
    "meeting",
    "date",
    "kind",
    "status",
    "summary",
    "quantity_low",
    "quantity_high",
    "quantity_unit",
    "quantity_as_stated",
    "period",
    "conditions",
    "location",
    "quote",
    "quote_lang",
    "quote_speaker",
    "source_urls",
    "source_publishers",
    "best_reliability",
    "supersedes",
    "notes",
    "disputed",
    "refs",
    "stated_on",
    "superseded_by",
    "uncertain",
)

_COMMITMENT_COLUMNS = (
    Column("party", max_width=12, hoist=True, fold="summary"),
    Column("date"),
    Column("said", beside="date"),
    Column("kind"),
    Column("status", beside="kind", labelled=False),
    Column("summary", ratio=1),
    Column("quantity", max_width=12, fold="summary"),
    Column("conditions", beside="summary"),
    Column("superseded", beside="summary"),
    Column("source", max_width=16, fold="summary"),
)


def commitments_document(ledger: Ledger, commitments: Sequence[Commitment], title: str | None = None) -> Document:
    """Commitments for people and tools. A disputed one is marked `‡n`, the other side under the
    table; one that a later commitment replaced says by which, and when."""
    meetings = _meeting_by_id(ledger)
    parties = _party_by_code(ledger)
    replaced = query.replacements(ledger)
    by_id = {c.id: c for c in ledger.commitments}
    rows = []
    refs: list[tuple[Ref | None, ...]] = []
    notes = Footnotes()
    for c in commitments:
        meeting = meetings.get(c.meeting)
        party = parties.get(c.party)
        mark = notes.mark(c.disputed, c.uncertain)
        later = by_id.get(replaced.get(c.id) or "")
        rows.append(
            (
                party.name if party else c.party,
                meeting.date.isoformat() if meeting else c.meeting,
                c.stated_on or "",
                c.kind.value,
                Mark(c.status.value, c.status.value),
                f"{c.summary} {mark}".rstrip(),
                c.quantity.as_stated if c.quantity else "",
                "; ".join(c.conditions),
                superseded_phrase(later.id, _said(later, meetings)) if later else "",
                ", ".join(dict.fromkeys(s.publisher for s in c.sources)),
            )
        )
        replacement = Ref("commitment", later.id) if later else None
        refs.append((Ref("party", c.party), *(None,) * 4, Ref("commitment", c.id), None, None, replacement, None))
    records = tuple(
        commitment_record(c, parties.get(c.party), meetings.get(c.meeting), replaced.get(c.id)) for c in commitments
    )
    table = Table(
        _COMMITMENT_COLUMNS,
        tuple(rows),
        title=title,
        caption=count_phrase(len(commitments), "commitment"),
        footnotes=tuple(notes.lines),
        spaced=True,
        refs=tuple(refs),
    )
    return Document((table,), records, CsvTable(tuple(_commitment_flat(r) for r in records), COMMITMENT_CSV_COLUMNS))


def _said(commitment: Commitment, meetings: Mapping[str, Meeting]) -> str:
    """When a commitment was said: its `stated_on`, else its meeting's date."""
    meeting = meetings.get(commitment.meeting)
    return commitment.stated_on or (meeting.date.isoformat() if meeting else commitment.meeting)


def _commitment_flat(record: Mapping[str, Any]) -> dict[str, CsvValue]:
    """One CSV row per commitment with the same columns every time, sources and disputes joined."""
    quantity = record.get("quantity") or {}
    quote = record.get("quote") or {}
    sources = record["sources"]
    values = (
        record["id"],
        record["party"],
        record["party_name"],
        record["meeting"],
        record["date"],
        record["kind"],
        record["status"],
        record["summary"],
        quantity.get("low"),
        quantity.get("high"),
        quantity.get("unit"),
        quantity.get("as_stated"),
        record["period"],
        " | ".join(record["conditions"]),
        record["location"],
        quote.get("text"),
        quote.get("lang"),
        quote.get("speaker"),
        " | ".join(s["url"] for s in sources),
        " | ".join(s["publisher"] for s in sources),
        min((s["reliability"] for s in sources), key=lambda r: RELIABILITY_RANK[Reliability(r)]),
        record["supersedes"],
        record["notes"],
        " | ".join(d["reason"] for d in record["disputed"]),
        " | ".join(record["refs"]),
        record["stated_on"],
        record["superseded_by"],
        record["uncertain"],
    )
    return dict(zip(COMMITMENT_CSV_COLUMNS, values, strict=True))


def parties_document(ledger: Ledger, counts: Mapping[str, int]) -> Document:
    ordered = sorted(ledger.parties, key=lambda p: p.code)
    rows = tuple((p.code, p.name, p.kind.value, ", ".join(p.aliases), str(counts.get(p.code, 0))) for p in ordered)
    records = tuple({**values(p), "commitments": counts.get(p.code, 0)} for p in ordered)
    columns = (
        Column("code"),
        Column("name"),
        Column("kind"),
        Column("aliases", max_width=40),
        Column("commitments", justify="right"),
    )
    refs = tuple((Ref("party", p.code), Ref("party", p.code), None, None, None) for p in ordered)
    table = Table(columns, rows, caption=count_phrase(len(rows), "party", "parties"), refs=refs)
    flat = tuple({**r, "aliases": " | ".join(r["aliases"])} for r in records)
    return Document((table,), records, CsvTable(flat))


MEETING_CSV_COLUMNS = (
    "id",
    "date",
    "end_date",
    "title",
    "place",
    "format",
    "kind",
    "hosts",
    "participants",
    "participants_as_stated",
    "attendees",
    "documents",
    "source_urls",
    "source_publishers",
    "disputed",
    "notes",
    "commitments",
)


def meetings_document(ledger: Ledger, counts: Mapping[str, int]) -> Document:
    """One row per meeting; a disputed one is marked `‡n`, the other side under the table. CSV
    keeps one plain value per cell: attendees and documents joined as text, never as JSON."""
    ordered = sorted(ledger.meetings, key=lambda m: (m.date, m.id))
    rows = []
    notes = Footnotes()
    for m in ordered:
        mark = notes.mark(m.disputed)
        rows.append(
            (
                f"{m.id} {mark}".rstrip(),
                date_span(m),
                m.place if m.place.startswith(m.format.value) else f"{m.place} ({m.format.value})",
                ", ".join(m.hosts),
                str(m.participants.count) if m.participants and m.participants.count is not None else "",
                str(counts.get(m.id, 0)),
            )
        )
    records = tuple({**values(m), "commitments": counts.get(m.id, 0)} for m in ordered)
    columns = (
        Column("id"),
        Column("date"),
        Column("place", max_width=40),
        Column("hosts", fold="place"),
        Column("attended", justify="right", fold="place"),
        Column("entries", justify="right", fold="place"),
    )
    refs = tuple((Ref("meeting", m.id), *(None,) * (len(columns) - 1)) for m in ordered)
    table = Table(
        columns, tuple(rows), caption=count_phrase(len(rows), "meeting"), footnotes=tuple(notes.lines), refs=refs
    )
    flat = tuple(_meeting_flat(m, counts.get(m.id, 0)) for m in ordered)
    return Document((table,), records, CsvTable(flat, MEETING_CSV_COLUMNS))


def _meeting_flat(m: Meeting, count: int) -> dict[str, CsvValue]:
    values = (
        m.id,
        m.date.isoformat(),
        m.end_date.isoformat() if m.end_date else None,
        m.title,
        m.place,
        m.format.value,
        m.kind.value,
        " | ".join(m.hosts),
        m.participants.count if m.participants else None,
        m.participants.as_stated if m.participants else None,
        " | ".join(", ".join(filter(None, (a.name, a.role, a.party))) for a in m.attendees),
        " | ".join(f"{d.title} ({', '.join(d.signatories)})" if d.signatories else d.title for d in m.documents),
        " | ".join(s.url for s in m.sources),
        " | ".join(s.publisher for s in m.sources),
        " | ".join(d.reason for d in m.disputed),
        m.notes,
        count,
    )
    return dict(zip(MEETING_CSV_COLUMNS, values, strict=True))


def answer_line(line: str) -> Document:
    """A one-line answer for people (`Italy (IT): no commitments`)."""
    return Document((Note.of(line, line=True),), None)


def _party_by_code(ledger: Ledger) -> dict[str, Party]:
    return {p.code: p for p in ledger.parties}


def _meeting_by_id(ledger: Ledger) -> dict[str, Meeting]:
    return {m.id: m for m in ledger.meetings}
