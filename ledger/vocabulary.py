"""The ledger's controlled vocabulary, kept free of pydantic so the CLI can offer choices cheaply."""

from __future__ import annotations

from enum import StrEnum


class PartyKind(StrEnum):
    COUNTRY = "country"
    ORGANISATION = "organisation"
    GROUP = "group"


class MeetingFormat(StrEnum):
    IN_PERSON = "in-person"
    VIRTUAL = "virtual"
    HYBRID = "hybrid"


class MeetingKind(StrEnum):
    COALITION = "coalition"
    RELATED = "related"


class Kind(StrEnum):
    """What a commitment is about (DESIGN §2)."""

    TROOPS = "troops"
    HUB = "hub"
    MONITORING = "monitoring"
    MARITIME = "maritime"
    AIR = "air"
    TRAINING = "training"
    REGENERATION = "regeneration"
    LOGISTICS = "logistics"
    COMMAND = "command"
    AID = "aid"
    GUARANTEE = "guarantee"
    BACKSTOP = "backstop"
    DECLARATION = "declaration"
    SANCTIONS = "sanctions"
    OTHER = "other"


class Status(StrEnum):
    """How firm a stated position is, from a plain yes to a refusal."""

    COMMITTED = "committed"
    CONDITIONAL = "conditional"
    CONSIDERING = "considering"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    FULFILLED = "fulfilled"


class Reliability(StrEnum):
    """How far a source can be trusted, best first."""

    OFFICIAL = "official"
    MAJOR = "major"
    AGGREGATOR = "aggregator"
    STATE_MEDIA = "state-media"


RELIABILITY_RANK = {r: i for i, r in enumerate(Reliability)}
