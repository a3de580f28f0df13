"""The ledger's value objects: parties, meetings and the commitments they made.

Models are frozen and forbid unknown fields, so a typo in the YAML is an error and two
ledgers compare by value. They carry no source positions, because pydantic equality would
then make identical records differ: the loader finds a position in the YAML node tree only when
a problem needs one (`ledger.load.locate`). They hold fields only, no methods: a cache hit
answers with plain copies that have the same fields and nothing else (`ledger.model.records`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StringConstraints
from pydantic_core import PydanticCustomError

from ledger.model.vocabulary import (
    RELIABILITY_RANK,
    UNKNOWN_CURRENCY,
    Kind,
    MeetingFormat,
    MeetingKind,
    PartyKind,
    Reliability,
    Status,
)

__all__ = [
    "RELIABILITY_RANK",
    "UNKNOWN_CURRENCY",
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


def _real_day(text: str) -> str:
    try:
        dt.date.fromisoformat(text if len(text) == len("YYYY-MM-DD") else f"{text}-01")
    except ValueError:
        message = "not a real date; write YYYY-MM-DD, or YYYY-MM when the sources give only the month"
        raise PydanticCustomError("date_value", message) from None
    return text


StatedOn = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?$"), AfterValidator(_real_day)]
"""Text, not a date, so that a month the sources give stays a month and is never made a day."""
Url = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s]+$", max_length=2000),
    Field(description="The page the fact was read on.", examples=["https://www.elysee.fr/"]),
]


class _Record(BaseModel):
    """Base of every record: immutable, and strict about field names. Validators are built on
    first use, so a run that answers from the cache (`ledger.load.warm`) never builds them."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)


class Source(_Record):
    url: Url
    publisher: Text = Field(description="Who published the page.", examples=["Élysée", "El País"])
    date: dt.date | None = Field(
        default=None,
        description="Publication date shown by the page; null when it shows none.",
        examples=["2026-01-06"],
    )
    reliability: Reliability = Field(
        description="official (a government or institution), major (established media), aggregator, or state-media.",
        examples=["official", "major"],
    )


_SOURCE_EXAMPLE = {"url": "https://www.elysee.fr/", "publisher": "Élysée", "reliability": "official"}
Sources = Annotated[tuple[Source, ...], Field(min_length=1, examples=[[_SOURCE_EXAMPLE]])]


def _cited(**fields: object) -> dict[str, object]:
    """An example record with the example source, which every record must cite."""
    return {**fields, "sources": [_SOURCE_EXAMPLE]}


_DISPUTED_EXAMPLE = [_cited(reason="Another outlet reports a smaller number")]


class Dispute(_Record):
    """A source that says otherwise, and in one line what it says."""

    reason: Text = Field(
        description="In one line, what this source says instead.",
        examples=["Politico reports the clause was dropped from the final text"],
    )
    sources: Sources = Field(description="The sources that say otherwise; at least one.")


class Quantity(_Record):
    """An interval, because sources say "thousands" or "up to 15,000"."""

    low: Annotated[StrictInt, Field(ge=0)] = Field(
        description='The smallest number the source allows; 0 for "up to".', examples=[1000, 0]
    )
    high: Annotated[StrictInt, Field(ge=0)] | None = Field(
        description="null when open-ended; equal to low for an exact figure.", examples=[15000, None]
    )
    unit: Annotated[str, StringConstraints(pattern=r"^(?:[a-z][a-z -]{0,39}|[A-Z]{3})$")] = Field(
        description=(
            f"A lower-case noun such as troops; an ISO 4217 currency code; or {UNKNOWN_CURRENCY} "
            "for money whose currency no source states."
        ),
        examples=["troops", "aircraft", "EUR", UNKNOWN_CURRENCY],
    )
    as_stated: Text = Field(description="The source's own words for the amount.", examples=["plusieurs milliers"])


class Quote(_Record):
    text: Text = Field(
        description="The words as published, in the page's language.", examples=["pas de troupes au sol"]
    )
    lang: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = Field(
        description="ISO 639-1 code of the page's language.", examples=["fr", "en"]
    )
    speaker: Text | None = Field(
        default=None, description="Who said it, as the page names them.", examples=["Emmanuel Macron"]
    )


class Party(_Record):
    code: PartyCode
    name: Text = Field(description="The usual English name.", examples=["United Kingdom", "European Union"])
    kind: PartyKind = Field(description="country, organisation or group.", examples=["country", "organisation"])
    aliases: tuple[Text, ...] = Field(
        default=(),
        description="Other names people type for this party; --country accepts them.",
        examples=[["UK", "Britain"]],
    )


class Participants(_Record):
    count: Annotated[StrictInt, Field(ge=0)] | None = Field(
        default=None, description="How many took part; null when the sources give no number.", examples=[35]
    )
    as_stated: Text = Field(
        description="The source's own words, kept because sources disagree on the count.",
        examples=["dozens of delegations, some by video link"],
    )


class Attendee(_Record):
    name: Text = Field(description="The person's name.", examples=["Emmanuel Macron"])
    role: Text = Field(description="Their office at the time.", examples=["President of France"])
    party: PartyCode | None = Field(
        default=None, description="Code of the party they spoke for; null for none.", examples=["FR"]
    )


class Document(_Record):
    title: Text = Field(description="The document's title as published.", examples=["Joint statement"])
    signatories: tuple[PartyCode, ...] = Field(
        default=(), description="Codes of the parties that signed it.", examples=[["FR", "GB"]]
    )
    url: Url | None = Field(
        default=None,
        description="Where the text is published; null when it is not.",
        examples=["https://www.elysee.fr/"],
    )


class Meeting(_Record):
    id: Slug = Field(description="A unique slug: place and date.", examples=["paris-2026-01-06"])
    date: dt.date = Field(description="The (first) day of the meeting.", examples=["2026-01-06"])
    end_date: dt.date | None = Field(
        default=None, description="Last day of a multi-day event.", examples=["2025-12-19"]
    )
    kind: MeetingKind = Field(
        default=MeetingKind.COALITION,
        description="coalition for the coalition's own meetings; related for another event a commitment is tied to.",
        examples=["coalition", "related"],
    )
    title: Text = Field(description="What the meeting was called.", examples=["Coalition of the willing summit"])
    place: Text = Field(description="City and venue, or where a virtual meeting was hosted.", examples=["Paris"])
    hosts: tuple[PartyCode, ...] = Field(
        default=(), description="Codes of the hosting parties.", examples=[["FR", "GB"]]
    )
    format: MeetingFormat = Field(description="in-person, virtual or hybrid.", examples=["in-person", "hybrid"])
    participants: Participants | None = Field(
        default=None,
        description="How many took part, with the sources' own words.",
        examples=[{"count": 30, "as_stated": "some 30 countries"}],
    )
    attendees: tuple[Attendee, ...] = Field(
        default=(),
        description="People named as attending.",
        examples=[[{"name": "Emmanuel Macron", "role": "President of France", "party": "FR"}]],
    )
    documents: tuple[Document, ...] = Field(
        default=(),
        description="Declarations and other texts the meeting adopted.",
        examples=[[{"title": "Joint statement", "signatories": ["FR", "GB"]}]],
    )
    sources: Sources = Field(description="Where the meeting's facts were read; at least one.")
    disputed: tuple[Dispute, ...] = Field(
        default=(), description="Sources that say otherwise about the meeting.", examples=[_DISPUTED_EXAMPLE]
    )
    notes: Text | None = Field(
        default=None, description="Anything a reader should know.", examples=["Held by video link"]
    )


class Commitment(_Record):
    id: Slug = Field(description="A unique slug: party, kind and meeting.", examples=["it-troops-paris-2026-01-06"])
    party: PartyCode = Field(description="Code of the party that stated the position.", examples=["IT", "NO"])
    meeting: Slug = Field(
        description="Id of the meeting where it was stated, or whose round it belongs to.",
        examples=["paris-2026-01-06"],
    )
    stated_on: StatedOn | None = Field(
        default=None,
        description=(
            "The day the party said it, when that is not the meeting's day; YYYY-MM when the sources "
            "give only the month. Omit it when they give no date."
        ),
        examples=["2026-01-08", "2024-12"],
    )
    kind: Kind = Field(description="What the commitment is about.", examples=["troops", "monitoring"])
    status: Status = Field(
        description=(
            "What the party did: committed, conditional, considering (it pledged, on a condition, or maybe), "
            "urged (it asked others), view (it gave an assessment), refused; withdrawn or fulfilled later."
        ),
        examples=["conditional", "urged", "refused"],
    )
    summary: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^\n]+$", max_length=300)] = Field(
        description="One line in English.", examples=["No troops on the ground"]
    )
    quantity: Quantity | None = Field(
        default=None,
        description="How much, as an interval; omit when the source gives no amount.",
        examples=[{"low": 1000, "high": None, "unit": "troops", "as_stated": "thousands"}],
    )
    period: Text | None = Field(default=None, description="For how long, or from when.", examples=["after a ceasefire"])
    conditions: tuple[Text, ...] = Field(
        default=(),
        description="Short phrases, one per condition the party set.",
        examples=[["a US backstop", "parliamentary approval"]],
    )
    location: Text | None = Field(default=None, description="Where the commitment applies.", examples=["Black Sea"])
    quote: Quote | None = Field(
        default=None,
        description="The key words, in the language they were published in.",
        examples=[{"text": "pas de troupes au sol", "lang": "fr"}],
    )
    sources: Sources = Field(description="Where it was read; at least one, each with a reliability.")
    supersedes: Slug | None = Field(
        default=None,
        description="Id of the earlier commitment this one restates or revises.",
        examples=["it-troops-paris-2025-09-04"],
    )
    notes: Text | None = Field(
        default=None, description="Anything a reader should know.", examples=["Restates an earlier offer"]
    )
    disputed: tuple[Dispute, ...] = Field(
        default=(), description="Sources that say otherwise, each with a one-line reason.", examples=[_DISPUTED_EXAMPLE]
    )
    uncertain: Text | None = Field(
        default=None,
        description="In one line, why the entry is in doubt although no source contradicts it; totals leave it out.",
        examples=["An undated page; which summit and which donors it means is unclear"],
    )
    refs: tuple[Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Za-z0-9-]*$")], ...] = Field(
        default=(), description="Ids of the research-note rows this entry is built from.", examples=[["J6-I1"]]
    )


class Ledger(_Record):
    """A whole data file. Sections keep the file's order."""

    schema_version: int = Field(
        alias="schema",
        ge=SCHEMA_VERSION,
        le=SCHEMA_VERSION,
        description="Version of this file's format.",
        examples=[SCHEMA_VERSION],
    )
    parties: tuple[Party, ...] = Field(
        description="Who can commit: countries, organisations and groups.",
        examples=[[{"code": "IT", "name": "Italy", "kind": "country"}]],
    )
    meetings: tuple[Meeting, ...] = Field(
        description="Where commitments are made.",
        examples=[
            [
                _cited(
                    id="paris-2026-01-06",
                    date="2026-01-06",
                    title="Coalition of the willing summit",
                    place="Paris",
                    format="in-person",
                )
            ]
        ],
    )
    commitments: tuple[Commitment, ...] = Field(
        description="What was said: one entry per position a party stated at a meeting.",
        examples=[
            [
                _cited(
                    id="it-troops-paris-2026-01-06",
                    party="IT",
                    meeting="paris-2026-01-06",
                    kind="troops",
                    status="refused",
                    summary="No troops on the ground",
                )
            ]
        ],
    )

    model_config = ConfigDict(populate_by_name=True)
