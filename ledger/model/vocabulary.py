"""The ledger's controlled vocabulary, kept free of pydantic so the CLI can offer choices cheaply."""

from __future__ import annotations

from enum import StrEnum
from typing import Final


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
    MEMBER_LOANS = "member-loans"
    OWN_FORCES = "own-forces"
    GUARANTEE = "guarantee"
    BACKSTOP = "backstop"
    DECLARATION = "declaration"
    SANCTIONS = "sanctions"
    OTHER = "other"


class Status(StrEnum):
    """What a party did in saying it: pledged (firmly, on a condition, or maybe), asked others,
    gave a view, refused; or a later fact about a pledge (withdrawn, fulfilled)."""

    COMMITTED = "committed"
    CONDITIONAL = "conditional"
    CONSIDERING = "considering"
    URGED = "urged"
    VIEW = "view"
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


UNKNOWN_CURRENCY: Final = "unknown-currency"
"""The unit of money whose currency no source states ("$80 billion"): never added to any other amount."""
