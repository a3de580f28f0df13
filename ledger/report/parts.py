"""The pieces of a report page as plain values: links, sources, table rows, grid cells, changes.

Everything here is data text or a phrase from `ledger.output.words`, never HTML: the templates
lay these values out and escape every one of them. `root` is the way from a page back to the
site's top folder (`""` or `"../"`), so one piece can be placed on any page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import cast

from ledger.core import query
from ledger.core.diff import Diff
from ledger.core.summary import GRID_STATUSES, HELD_STATUSES, Cell, Grid, Summary, party_order
from ledger.model.models import Commitment, Dispute, Ledger, Meeting, Party, Source
from ledger.output import words

_WEB_ADDRESS = re.compile(r"https?://[^\s]+")


def web_href(url: str | None) -> str | None:
    """A URL a page may link to: http or https only, the data model's own rule for a `url`,
    checked again where a value becomes an `href`."""
    return url if url is not None and _WEB_ADDRESS.fullmatch(url) else None


@dataclass(frozen=True)
class Link:
    """Text, and where it leads; no `href` means plain text."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Mark:
    """A status as the grid shows it: its glyph, and its word for people and screen readers."""

    status: str
    symbol: str


def mark(status: str) -> Mark:
    return Mark(status, words.SYMBOLS[status])


@dataclass(frozen=True)
class SourceItem:
    link: Link
    date: str
    reliability: str


@dataclass(frozen=True)
class DisputeItem:
    reason: str
    sources: tuple[SourceItem, ...]


@dataclass(frozen=True)
class Fact:
    """A term and its value: text and links, shown joined by commas."""

    term: str
    values: tuple[Link, ...]


@dataclass(frozen=True)
class Row:
    """One commitment in a table: what, how firmly, how much, on what conditions, on whose word."""

    party: Link
    stated: str
    kind: str
    status: Mark
    summary: Link
    amount: str
    conditions: str
    sources: tuple[SourceItem, ...]


@dataclass(frozen=True)
class Article:
    """One commitment in full, where the report's links to it lead."""

    id: str
    kind: str
    status: Mark
    meeting: Link
    summary: str
    facts: tuple[Fact, ...]
    quote: tuple[str, str, str | None] | None  # text, lang, speaker
    sources: tuple[SourceItem, ...]
    disputes: tuple[DisputeItem, ...]


@dataclass(frozen=True)
class MatrixCell:
    status: str
    symbol: str
    href: str | None
    title: str
    words: str


@dataclass(frozen=True)
class Matrix:
    caption: str
    kinds: tuple[str, ...]
    rows: tuple[tuple[Link, tuple[MatrixCell, ...]], ...]
    legend: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class TotalsTable:
    caption: str
    rows: tuple[tuple[str, str, str, int, str], ...]  # kind, by, status, entries, total


@dataclass(frozen=True)
class Totals:
    heads: tuple[Mark, ...]
    counts: tuple[tuple[str, tuple[int, ...], int], ...]  # kind, count per status, total
    commitments: int
    tables: tuple[TotalsTable, ...]


@dataclass(frozen=True)
class ChangeItem:
    verb: str
    party: Link
    kind: str
    status: Mark
    summary: Link
    fields: tuple[tuple[str, str, str], ...]  # field, old, new


@dataclass(frozen=True)
class Site:
    """The ledger and what every page looks things up in."""

    ledger: Ledger

    @cached_property
    def parties(self) -> dict[str, Party]:
        return {p.code: p for p in self.ledger.parties}

    @cached_property
    def meetings(self) -> tuple[Meeting, ...]:
        return tuple(sorted(self.ledger.meetings, key=lambda m: (m.date, m.id)))

    @cached_property
    def meeting_by_id(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.ledger.meetings}

    @cached_property
    def commitment_by_id(self) -> dict[str, Commitment]:
        return {c.id: c for c in self.ledger.commitments}

    @cached_property
    def superseded_by(self) -> dict[str, list[Commitment]]:
        later: dict[str, list[Commitment]] = {}
        for commitment in query.sort_commitments(self.ledger, self.ledger.commitments):
            if commitment.supersedes:
                later.setdefault(commitment.supersedes, []).append(commitment)
        return later

    def party_name(self, code: str) -> str:
        party = self.parties.get(code)
        return party.name if party else code

    def party_link(self, code: str, root: str) -> Link:
        if code not in self.parties:
            return Link(code)
        return Link(self.party_name(code), f"{root}parties/{code}.html")

    def meeting_link(self, meeting_id: str, root: str, text: str | None = None) -> Link:
        meeting = self.meeting_by_id.get(meeting_id)
        label = text or (f"{meeting.title}, {meeting.date.isoformat()}" if meeting else meeting_id)
        return Link(label, f"{root}meetings/{meeting_id}.html")

    def commitment_href(self, commitment: Commitment, root: str) -> str:
        return f"{root}parties/{commitment.party}.html#c-{commitment.id}"

    def stated_on(self, commitment: Commitment) -> str:
        """When the party said it: its own `stated_on` (a day, or a month the sources give) where
        the data has one, else its meeting's day."""
        meeting = self.meeting_by_id.get(commitment.meeting)
        return commitment.stated_on or (meeting.date.isoformat() if meeting else "")


def sources(items: Sequence[Source]) -> tuple[SourceItem, ...]:
    return tuple(
        SourceItem(
            Link(s.publisher, web_href(s.url)),
            s.date.isoformat() if s.date else "",
            s.reliability.value,
        )
        for s in items
    )


def disputes(items: Sequence[Dispute]) -> tuple[DisputeItem, ...]:
    return tuple(DisputeItem(d.reason, sources(d.sources)) for d in items)


def rows(site: Site, commitments: Sequence[Commitment], root: str) -> tuple[Row, ...]:
    return tuple(
        Row(
            party=site.party_link(c.party, root),
            stated=site.stated_on(c),
            kind=c.kind.value,
            status=mark(c.status.value),
            summary=Link(c.summary, site.commitment_href(c, root)),
            amount=words.format_quantity(c.quantity),
            conditions="; ".join(c.conditions),
            sources=sources(c.sources),
        )
        for c in commitments
    )


def article(site: Site, c: Commitment, root: str) -> Article:
    facts: list[Fact] = []
    if c.quantity:
        facts.append(
            Fact("Amount", (Link(f"{words.format_quantity(c.quantity)} (as stated: {c.quantity.as_stated})"),))
        )
    for term, value in (("Period", c.period), ("Conditions", "; ".join(c.conditions)), ("Where", c.location)):
        if value:
            facts.append(Fact(term, (Link(value),)))
    if c.supersedes:
        earlier = site.commitment_by_id.get(c.supersedes)
        facts.append(Fact("Revises", (_commitment_link(site, earlier, root) if earlier else Link(c.supersedes),)))
    later = site.superseded_by.get(c.id, [])
    if later:
        facts.append(Fact("Revised by", tuple(_commitment_link(site, x, root) for x in later)))
    if c.notes:
        facts.append(Fact("Notes", (Link(c.notes),)))
    return Article(
        id=c.id,
        kind=c.kind.value,
        status=mark(c.status.value),
        meeting=site.meeting_link(c.meeting, root),
        summary=c.summary,
        facts=tuple(facts),
        quote=(c.quote.text, c.quote.lang, c.quote.speaker) if c.quote else None,
        sources=sources(c.sources),
        disputes=disputes(c.disputed),
    )


def _commitment_link(site: Site, c: Commitment, root: str) -> Link:
    meeting = site.meeting_by_id.get(c.meeting)
    label = f"{c.kind.value}, {c.status.value}, {meeting.date.isoformat() if meeting else c.meeting}"
    return Link(label, site.commitment_href(c, root))


def matrix(site: Site, grid: Grid, root: str) -> Matrix:
    return Matrix(
        caption=f"Positions {words.as_of_phrase(grid.cutoff, grid.meeting)}: one row per party, "
        "one column per kind of commitment.",
        kinds=tuple(k.value for k in grid.kinds),
        rows=tuple(
            (
                site.party_link(row.party.code, root),
                tuple(
                    _matrix_cell(site, row.party, k.value, cell, root)
                    for k, cell in zip(grid.kinds, row.cells, strict=True)
                ),
            )
            for row in grid.rows
        ),
        legend=tuple(words.legend(GRID_STATUSES, several=True)),
    )


def _matrix_cell(site: Site, party: Party, kind: str, cell: Cell, root: str) -> MatrixCell:
    """The cell's glyph, its status words for screen readers, and a link to its strongest claim."""
    if not cell.commitments:
        return MatrixCell(cell.status, words.cell_symbol(cell), None, "", cell.status)
    first, others = cell.commitments[0], len(cell.commitments) - 1
    more = f" (and {others} more)" if others else ""
    return MatrixCell(
        status=cell.status,
        symbol=words.cell_symbol(cell),
        href=site.commitment_href(first, root),
        title=f"{party.name}, {kind}: {cell.status} — {first.summary}{more}",
        words=", ".join(c.status.value for c in cell.commitments),
    )


def totals(summary: Summary) -> Totals:
    return Totals(
        heads=tuple(mark(s) for s in HELD_STATUSES),
        counts=tuple(
            (kind.value, tuple(by_status.get(s, 0) for s in HELD_STATUSES), sum(by_status.values()))
            for kind, by_status in summary.counts.items()
        ),
        commitments=summary.commitments,
        tables=tuple(
            TotalsTable(
                f"{caption}. “Offered” adds every status but refused."
                + (f" {words.GROUPS_APART.capitalize()}." if any(t.group for t in chosen) else ""),
                tuple(
                    (
                        t.kind.value,
                        t.group or "parties",
                        t.status,
                        t.count,
                        words.format_interval(t.low, t.high, t.unit),
                    )
                    for t in chosen
                ),
            )
            for caption, chosen in words.captioned_totals(summary)
        ),
    )


def changes(site: Site, result: Diff, root: str) -> tuple[ChangeItem, ...]:
    """A diff of two positions, lineage by lineage, in the words the terminal diff uses."""
    section = result.sections[0]
    found: list[tuple[Commitment, words.Verb, tuple[tuple[str, str, str], ...]]]
    found = [(cast(Commitment, e.record), words.Verb.ADDED, ()) for e in section.added]
    found += [(cast(Commitment, e.record), words.Verb.ENDED, ()) for e in section.removed]
    for change in section.changed:
        fields = tuple(
            (f.field, words.field_value(f.old) or words.NOTHING, words.field_value(f.new) or words.NOTHING)
            for f in words.field_changes(change)
            if f.field.partition(".")[0] in query.POSITION_FIELDS
        )
        found.append((cast(Commitment, change.new), words.Verb.CHANGED, fields))
    ordered = sorted(found, key=lambda item: (party_order(site.parties[item[0].party]), item[0].kind.value, item[0].id))
    return tuple(
        ChangeItem(
            verb=verb,
            party=site.party_link(c.party, root),
            kind=c.kind.value,
            status=mark(c.status.value),
            summary=Link(c.summary, site.commitment_href(c, root)),
            fields=fields,
        )
        for c, verb, fields in ordered
    )
