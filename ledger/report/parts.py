"""The pieces of a report page that no view holds, as plain values: links, sources, disputes,
facts, and one commitment in full. Tables come from the views (`tables.py`).

Everything here is data text or a phrase from `ledger.output.words`, never HTML: the templates
lay these values out and escape every one of them. `root` is the way from a page back to the
site's top folder (`""` or `"../"`), so one piece can be placed on any page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ledger.core import query
from ledger.model.models import Commitment, Dispute, Ledger, Meeting, Party, Source
from ledger.model.records import values
from ledger.output import words
from ledger.output.document import Mark, Ref

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


def mark(status: str) -> Mark:
    """A status as a page shows it: its glyph, in the tone of its word."""
    return Mark(words.SYMBOLS[status], status)


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
    def superseded_by(self) -> dict[str, str | None]:
        return query.superseded_by(self.ledger)

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

    def href(self, ref: Ref, root: str) -> str | None:
        """The page of a record a view's cell names; None for one the site has no page for."""
        if ref.kind == "party":
            return f"{root}parties/{ref.id}.html" if ref.id in self.parties else None
        if ref.kind == "meeting":
            return f"{root}meetings/{ref.id}.html" if ref.id in self.meeting_by_id else None
        commitment = self.commitment_by_id.get(ref.id)
        return self.commitment_href(commitment, root) if commitment else None


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


def article(site: Site, c: Commitment, root: str) -> Article:
    facts: list[Fact] = []
    if c.quantity:
        facts.append(Fact("Amount", (Link(words.field_value(values(c.quantity))),)))
    for term, value in (("Period", c.period), ("Conditions", "; ".join(c.conditions)), ("Where", c.location)):
        if value:
            facts.append(Fact(term, (Link(value),)))
    if c.supersedes:
        earlier = site.commitment_by_id.get(c.supersedes)
        facts.append(Fact("Revises", (_commitment_link(site, earlier, root) if earlier else Link(c.supersedes),)))
    later = site.commitment_by_id.get(site.superseded_by.get(c.id) or "")
    if later:
        facts.append(Fact("Revised by", (_commitment_link(site, later, root),)))
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
