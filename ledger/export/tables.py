"""The related tables both exports hold: each table's columns, types, keys and descriptions.

One description of the tables serves SQLite (`sqlite`), the data package (`datapackage`) and the
Datasette metadata (`datasette`), so the three never disagree. A column that holds a data-file
field takes that field's description from the model; derived columns say what they derive.
Lists in the data file (aliases, hosts, conditions, sources, …) become rows of their own tables,
numbered by `position` in the file's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from ledger.model.models import (
    Attendee,
    Commitment,
    Dispute,
    Document,
    Meeting,
    Participants,
    Party,
    Quantity,
    Quote,
    Source,
)
from ledger.model.vocabulary import Kind, MeetingFormat, MeetingKind, PartyKind, Reliability, Status

Value = str | int | None
Row = tuple[Value, ...]
"""A row's values, in its table's column order; dates are ISO text."""


class Type(StrEnum):
    """A column's type, as the Frictionless Table Schema names it; SQLite stores dates as ISO text."""

    STRING = "string"
    INTEGER = "integer"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    name: str
    type: Type
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None  # a regular expression the whole value matches (no ^ or $)


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    target: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    owners: tuple[str, ...] = ()  # exactly one of these columns is set: what the row belongs to


def _field(
    model: type[BaseModel],
    name: str,
    type_: Type = Type.STRING,
    *,
    column: str | None = None,
    required: bool = False,
    vocabulary: type[StrEnum] | None = None,
    pattern: str | None = None,
) -> Column:
    """A column holding the data file's field `name` of `model`, described as the model describes it."""
    enum = tuple(v.value for v in vocabulary) if vocabulary is not None else ()
    description = model.model_fields[name].description or ""
    return Column(column or name, type_, description, required, enum, pattern)


def _position(of: str) -> Column:
    return Column("position", Type.INTEGER, f"Order within the {of}, from 0, as the data file lists them.", True)


_KEY = {"parties": "code", "meetings": "id", "commitments": "id", "disputes": "id"}
"""The key column of each table that rows of other tables refer to."""


def _refers(name: str, table: str, what: str, *, required: bool = True) -> Column:
    return Column(name, Type.STRING, f"The {what} (`{table}.{_KEY[table]}`).", required)


def _key(column: str, table: str) -> ForeignKey:
    """`column` holds the key of a row of `table`."""
    return ForeignKey((column,), table, (_KEY[table],))


def _listed(
    name: str,
    title: str,
    description: str,
    owner: tuple[str, str],
    items: str,
    *columns: Column,
    keys: tuple[ForeignKey, ...] = (),
) -> Table:
    """The table of one list in the data file (a party's aliases, a meeting's hosts, …): a row per
    item, keyed by its owner (column and table) and its position in the list."""
    column, table = owner
    return Table(
        name,
        title,
        description,
        (_refers(column, table, column), _position(f"{column}'s {items}"), *columns),
        (column, "position"),
        (_key(column, table), *keys),
    )


_SLUG = "[a-z0-9]+(?:[-.][a-z0-9]+)*"
_PARTY = ("party", "parties")
_MEETING = ("meeting", "meetings")
_COMMITMENT = ("commitment", "commitments")

PARTIES = Table(
    "parties",
    "Parties",
    "Who can commit: countries, organisations and groups.",
    (
        _field(Party, "code", required=True),
        _field(Party, "name", required=True),
        _field(Party, "kind", required=True, vocabulary=PartyKind),
    ),
    ("code",),
)
PARTY_ALIASES = _listed(
    "party_aliases",
    "Party aliases",
    "Other names people use for a party; `ledger show --country` accepts them.",
    _PARTY,
    "aliases",
    Column("alias", Type.STRING, "Another name for the party.", True),
)
MEETINGS = Table(
    "meetings",
    "Meetings",
    "Where commitments are made: the coalition's meetings and related events.",
    (
        _field(Meeting, "id", required=True, pattern=_SLUG),
        _field(Meeting, "date", Type.DATE, required=True),
        _field(Meeting, "end_date", Type.DATE),
        _field(Meeting, "kind", required=True, vocabulary=MeetingKind),
        _field(Meeting, "title", required=True),
        _field(Meeting, "place", required=True),
        _field(Meeting, "format", required=True, vocabulary=MeetingFormat),
        _field(Participants, "count", Type.INTEGER, column="participants_count"),
        _field(Participants, "as_stated", column="participants_as_stated"),
        _field(Meeting, "notes"),
    ),
    ("id",),
)
MEETING_HOSTS = _listed(
    "meeting_hosts",
    "Meeting hosts",
    "The parties that hosted each meeting.",
    _MEETING,
    "hosts",
    _refers("party", "parties", "host"),
    keys=(_key("party", "parties"),),
)
ATTENDEES = _listed(
    "attendees",
    "Attendees",
    "People named as attending a meeting.",
    _MEETING,
    "attendees",
    _field(Attendee, "name", required=True),
    _field(Attendee, "role", required=True),
    _field(Attendee, "party"),
    keys=(_key("party", "parties"),),
)
DOCUMENTS = _listed(
    "documents",
    "Documents",
    "Declarations and other texts a meeting adopted.",
    _MEETING,
    "documents",
    _field(Document, "title", required=True),
    _field(Document, "url"),
)
SIGNATORIES = Table(
    "signatories",
    "Signatories",
    "The parties that signed each document.",
    (
        _refers("meeting", "meetings", "meeting"),
        Column("document", Type.INTEGER, "The document's position within its meeting (`documents.position`).", True),
        _position("document's signatories"),
        _refers("party", "parties", "signatory"),
    ),
    ("meeting", "document", "position"),
    (ForeignKey(("meeting", "document"), "documents", ("meeting", "position")), _key("party", "parties")),
)
COMMITMENTS = Table(
    "commitments",
    "Commitments",
    "What was said: one row per position a party stated at a meeting, superseded ones included "
    "(see the views current_position and position_as_of).",
    (
        _field(Commitment, "id", required=True, pattern=_SLUG),
        _field(Commitment, "party", required=True),
        _field(Commitment, "meeting", required=True),
        Column("date", Type.DATE, "The date of the commitment's meeting (derived, as in `ledger show`).", True),
        _field(Commitment, "stated_on", pattern="[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?"),
        _field(Commitment, "kind", required=True, vocabulary=Kind),
        _field(Commitment, "status", required=True, vocabulary=Status),
        _field(Commitment, "summary", required=True),
        _field(Commitment, "period"),
        _field(Commitment, "location"),
        _field(Quote, "text", column="quote_text"),
        _field(Quote, "lang", column="quote_lang"),
        _field(Quote, "speaker", column="quote_speaker"),
        _field(Commitment, "supersedes", pattern=_SLUG),
        _field(Commitment, "notes"),
        _field(Commitment, "uncertain"),
        Column("refs", Type.STRING, "Ids of the research-note rows this entry is built from, joined by ' | '."),
    ),
    ("id",),
    (_key("party", "parties"), _key("meeting", "meetings"), _key("supersedes", "commitments")),
)
QUANTITIES = Table(
    "quantities",
    "Quantities",
    "How much a commitment is, as an interval: at most one row per commitment.",
    (
        _refers("commitment", "commitments", "commitment"),
        _field(Quantity, "low", Type.INTEGER, required=True),
        _field(Quantity, "high", Type.INTEGER),
        _field(Quantity, "unit", required=True),
        _field(Quantity, "as_stated", required=True),
    ),
    ("commitment",),
    (_key("commitment", "commitments"),),
)
CONDITIONS = _listed(
    "conditions",
    "Conditions",
    "The conditions a party set on a commitment, one short phrase per row.",
    _COMMITMENT,
    "conditions",
    Column("condition", Type.STRING, "A short phrase.", True),
)
DISPUTES = Table(
    "disputes",
    "Disputes",
    "Where sources say otherwise about a commitment or a meeting; the sources are in `sources`.",
    (
        Column(
            "id", Type.INTEGER, "A number for the dispute, unique in this export (not stable across exports).", True
        ),
        _refers("commitment", "commitments", "disputed commitment; empty for a meeting's dispute", required=False),
        _refers("meeting", "meetings", "disputed meeting; empty for a commitment's dispute", required=False),
        _position("disputes of its commitment or meeting"),
        _field(Dispute, "reason", required=True),
    ),
    ("id",),
    (_key("commitment", "commitments"), _key("meeting", "meetings")),
    owners=("commitment", "meeting"),
)
SOURCES = Table(
    "sources",
    "Sources",
    "Where each fact was read: every row belongs to exactly one commitment, meeting or dispute.",
    (
        Column(
            "id", Type.INTEGER, "A number for the citation, unique in this export (not stable across exports).", True
        ),
        _refers("commitment", "commitments", "commitment it supports, if any", required=False),
        _refers("meeting", "meetings", "meeting it supports, if any", required=False),
        Column("dispute", Type.INTEGER, "The dispute it supports, if any (`disputes.id`)."),
        _position("sources of its commitment, meeting or dispute"),
        _field(Source, "url", required=True),
        _field(Source, "publisher", required=True),
        _field(Source, "date", Type.DATE),
        _field(Source, "reliability", required=True, vocabulary=Reliability),
    ),
    ("id",),
    (_key("commitment", "commitments"), _key("meeting", "meetings"), _key("dispute", "disputes")),
    owners=("commitment", "meeting", "dispute"),
)
LINEAGE = Table(
    "lineage",
    "Lineage",
    "How commitments restate or revise one another (derived from `supersedes`): one row per commitment.",
    (
        _refers("commitment", "commitments", "commitment"),
        _refers("root", "commitments", "first commitment of its chain of `supersedes`; the lineage's key"),
        Column("step", Type.INTEGER, "How many commitments come before it in its lineage: 0 for the first.", True),
        _refers(
            "superseded_by", "commitments", "later commitment that replaced it; empty when none did", required=False
        ),
    ),
    ("commitment",),
    (_key("commitment", "commitments"), _key("root", "commitments"), _key("superseded_by", "commitments")),
)

TABLES: tuple[Table, ...] = (
    PARTIES,
    PARTY_ALIASES,
    MEETINGS,
    MEETING_HOSTS,
    ATTENDEES,
    DOCUMENTS,
    SIGNATORIES,
    COMMITMENTS,
    QUANTITIES,
    CONDITIONS,
    DISPUTES,
    SOURCES,
    LINEAGE,
)
"""Every table, each after the tables its foreign keys name (the lineage and self references aside)."""


TITLE = "Coalition ledger"
LICENCE = {"name": "MIT", "title": "MIT License, the licence of the coalition-ledger distribution that ships the data"}


def description(data_name: str) -> str:
    """What an export holds, for the data package and the Datasette site."""
    return (
        f"What parties committed at international summits, exported by `ledger` from {data_name}: "
        "parties, meetings, commitments with their quantities, conditions, sources, disputes and lineage, "
        "as related tables. Every row of commitments and meetings cites its sources."
    )


def cited_pages(sources: Sequence[Row]) -> list[dict[str, str]]:
    """Each page the data was read from, once, in order of first citation: the export's sources."""
    url, publisher = (_index(SOURCES, name) for name in ("url", "publisher"))
    pages: dict[str, str] = {}
    for row in sources:
        pages.setdefault(str(row[url]), str(row[publisher]))
    return [{"title": title, "path": path} for path, title in pages.items()]


def _index(table: Table, column: str) -> int:
    return next(i for i, c in enumerate(table.columns) if c.name == column)
