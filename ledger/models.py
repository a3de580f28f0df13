"""The ledger's value objects: parties, meetings and the commitments they made.

Models are frozen and forbid unknown fields, so a typo in the YAML is an error and two
ledgers compare by value. They carry no source positions: those live in the loader's
source map, because pydantic equality would otherwise make identical records differ.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints

from ledger.vocabulary import (
    RELIABILITY_RANK,
    Kind,
    MeetingFormat,
    MeetingKind,
    PartyKind,
    Reliability,
    Status,
)

__all__ = [
    "RELIABILITY_RANK",
    "Attendee",
    "Commitment",
    "Dispute",
    "Document",
    "Kind",
    "Ledger",
    "Meeting",
    "MeetingFormat",
    "MeetingKind",
    "Participants",
    "Party",
    "PartyKind",
    "Quantity",
    "Quote",
    "Reliability",
    "Source",
    "Status",
]

SCHEMA_VERSION = 1

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$", max_length=120),
    Field(description="Lower-case words joined by hyphens.", examples=["paris-2026-01-06"]),
]
PartyCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z][A-Z0-9-]{1,15}$"),
    Field(
        description="ISO 3166-1 alpha-2 for a country; a short upper-case code otherwise.",
        examples=["GB", "NO", "EU", "COALITION"],
    ),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Url = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s]+$", max_length=2000),
    Field(description="The page the fact was read on.", examples=["https://www.elysee.fr/"]),
]


class _Record(BaseModel):
    """Base of every record: immutable, and strict about field names."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Source(_Record):
    url: Url
    publisher: Text = Field(examples=["Élysée", "El País"])
    date: dt.date | None = Field(
        default=None, description="Publication date shown by the page; null when it shows none."
    )
    reliability: Reliability


Sources = Annotated[tuple[Source, ...], Field(min_length=1)]


class Dispute(_Record):
    """A source that says otherwise, and in one line what it says."""

    reason: Text = Field(examples=["Politico reports the clause was dropped from the final text"])
    sources: Sources


class Quantity(_Record):
    """An interval, because sources say "thousands" or "up to 15,000"."""

    low: Annotated[StrictInt, Field(ge=0)]
    high: Annotated[StrictInt, Field(ge=0)] | None = Field(
        description="null when open-ended; equal to low for an exact figure."
    )
    unit: Annotated[str, StringConstraints(pattern=r"^(?:[a-z][a-z -]{0,39}|[A-Z]{3})$")] = Field(
        description="A lower-case noun such as troops, or an ISO 4217 currency code.",
        examples=["troops", "aircraft", "EUR"],
    )
    as_stated: Text = Field(examples=["plusieurs milliers"])


class Quote(_Record):
    text: Text
    lang: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = Field(
        description="ISO 639-1 code of the page's language.", examples=["fr", "en"]
    )
    speaker: Text | None = None


class Party(_Record):
    code: PartyCode
    name: Text
    kind: PartyKind
    aliases: tuple[Text, ...] = Field(default=(), examples=[["UK", "Britain"]])


class Participants(_Record):
    count: Annotated[StrictInt, Field(ge=0)] | None = None
    as_stated: Text


class Attendee(_Record):
    name: Text
    role: Text
    party: PartyCode | None = None


class Document(_Record):
    title: Text
    signatories: tuple[PartyCode, ...] = ()
    url: Url | None = None


class Meeting(_Record):
    id: Slug
    date: dt.date
    end_date: dt.date | None = Field(default=None, description="Last day of a multi-day event.")
    kind: MeetingKind = MeetingKind.COALITION
    title: Text
    place: Text
    hosts: tuple[PartyCode, ...] = ()
    format: MeetingFormat
    participants: Participants | None = None
    attendees: tuple[Attendee, ...] = ()
    documents: tuple[Document, ...] = ()
    sources: Sources
    disputed: tuple[Dispute, ...] = ()
    notes: Text | None = None


class Commitment(_Record):
    id: Slug
    party: PartyCode
    meeting: Slug
    kind: Kind
    status: Status
    summary: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^\n]+$", max_length=300)] = Field(
        description="One line in English."
    )
    quantity: Quantity | None = None
    period: Text | None = None
    conditions: tuple[Text, ...] = ()
    location: Text | None = None
    quote: Quote | None = None
    sources: Sources
    supersedes: Slug | None = Field(
        default=None, description="Id of the earlier commitment this one restates or revises."
    )
    notes: Text | None = None
    disputed: tuple[Dispute, ...] = ()
    refs: tuple[Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Za-z0-9-]*$")], ...] = Field(
        default=(), description="Ids of the research-note rows this entry is built from."
    )


class Ledger(_Record):
    """A whole data file. Sections keep the file's order."""

    schema_version: int = Field(alias="schema", ge=SCHEMA_VERSION, le=SCHEMA_VERSION)
    parties: tuple[Party, ...]
    meetings: tuple[Meeting, ...]
    commitments: tuple[Commitment, ...]

    model_config = ConfigDict(populate_by_name=True)
