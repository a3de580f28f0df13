"""Questions asked of a ledger: which party is meant, and which commitments match."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ledger.errors import UsageError
from ledger.models import (
    RELIABILITY_RANK,
    Commitment,
    Kind,
    Ledger,
    Party,
    PartyKind,
    Reliability,
    Status,
)


def fold(name: str) -> str:
    """Case-, accent- and punctuation-blind form of a name: `Türkiye` and `turkiye` meet."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("-", " ").replace(".", " ").replace("'", " ").split())


@cache
def _french_name(english: str) -> str | None:
    import gettext

    import pycountry  # its locale files carry the ISO names in French

    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    french = translation.gettext(english)
    return french if french != english else None


def _iso_names(code: str) -> list[str]:
    """ISO's English names for a country code, and the French one (the founding document is French)."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return []
    names = [country.name, *(getattr(country, a, None) for a in ("official_name", "common_name"))]
    english = [n for n in names if n]
    french = _french_name(country.name)
    return [*english, *([french] if french else [])]


def party_names(ledger: Ledger) -> dict[str, str]:
    """Every way to name a party (code, name, aliases, ISO and French names) → its code.
    Names the ledger writes itself win over ISO's, so an alias can never be shadowed."""
    names: dict[str, str] = {}
    for party in ledger.parties:
        for name in (party.code, party.name, *party.aliases):
            names.setdefault(fold(name), party.code)
    for party in ledger.parties:
        if party.kind is PartyKind.COUNTRY:
            for name in _iso_names(party.code):
                names.setdefault(fold(name), party.code)
    return names


def resolve_party(ledger: Ledger, name: str) -> Party:
    """The party a user means by `name`, or a usage error that suggests the closest names."""
    names = party_names(ledger)
    code = names.get(fold(name))
    if code is None:
        spelled = {fold(p.name): p.name for p in ledger.parties}
        spelled.update({fold(a): a for p in ledger.parties for a in p.aliases})
        close = difflib.get_close_matches(fold(name), list(spelled), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(spelled[c]) for c in close)}?" if close else ""
        raise UsageError(f"unknown country or organisation '{name}'{hint}")
    return next(party for party in ledger.parties if party.code == code)


@dataclass(frozen=True)
class Filter:
    """What `show` was asked for; an empty field means "any"."""

    parties: frozenset[str] = field(default_factory=frozenset)
    meeting: str | None = None
    kinds: frozenset[Kind] = field(default_factory=frozenset)
    statuses: frozenset[Status] = field(default_factory=frozenset)
    min_reliability: Reliability | None = None


def best_reliability(commitment: Commitment) -> Reliability:
    """The most trustworthy source a commitment has."""
    return min((s.reliability for s in commitment.sources), key=RELIABILITY_RANK.__getitem__)


def select(ledger: Ledger, flt: Filter, commitments: Iterable[Commitment] | None = None) -> list[Commitment]:
    """Commitments matching the filter, in date order, then party, kind and id."""
    pool = ledger.commitments if commitments is None else commitments
    limit = RELIABILITY_RANK[flt.min_reliability] if flt.min_reliability else None
    chosen = [
        c
        for c in pool
        if (not flt.parties or c.party in flt.parties)
        and (flt.meeting is None or c.meeting == flt.meeting)
        and (not flt.kinds or c.kind in flt.kinds)
        and (not flt.statuses or c.status in flt.statuses)
        and (limit is None or RELIABILITY_RANK[best_reliability(c)] <= limit)
    ]
    return sort_commitments(ledger, chosen)


def sort_commitments(ledger: Ledger, commitments: Iterable[Commitment]) -> list[Commitment]:
    """A stable, explicit order: meeting date, party name, kind, id."""
    dates = {m.id: m.date.isoformat() for m in ledger.meetings}
    names = {p.code: p.name for p in ledger.parties}
    return sorted(
        commitments,
        key=lambda c: (dates.get(c.meeting, ""), names.get(c.party, c.party), c.kind.value, c.id),
    )


def commitment_counts(ledger: Ledger) -> tuple[dict[str, int], dict[str, int]]:
    """How many commitments each party and each meeting has."""
    by_party: dict[str, int] = {}
    by_meeting: dict[str, int] = {}
    for commitment in ledger.commitments:
        by_party[commitment.party] = by_party.get(commitment.party, 0) + 1
        by_meeting[commitment.meeting] = by_meeting.get(commitment.meeting, 0) + 1
    return by_party, by_meeting


def resolve_meeting(ledger: Ledger, text: str) -> str:
    """A meeting id from its id or a unique prefix of it; a usage error lists candidates."""
    ids = sorted(m.id for m in ledger.meetings)
    if text in ids:
        return text
    matches = [i for i in ids if i.startswith(text)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(f"meeting '{text}' is ambiguous: it could be {', '.join(matches)}")
    close = difflib.get_close_matches(text, ids, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise UsageError(f"unknown meeting '{text}'{hint} (see `ledger meetings`)")
