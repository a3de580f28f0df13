"""Cross-record rules, one small pure function each, all listed in `CHECKS`.

A check sees a ledger whose records are individually valid and says what is wrong between
them: ids, references, lineage, codes. It speaks in paths (`("commitments", 3, "party")`);
the loader turns paths into `file:line:col`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from ledger.errors import Severity
from ledger.model.models import RELIABILITY_RANK, Commitment, Ledger, PartyKind, Reliability
from ledger.model.names import Suggester, aside, fold, party_names
from ledger.model.records import stated_span

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem at a path in the ledger; `at_key` points at the field name, not its value."""

    loc: Loc
    code: str
    message: str
    severity: Severity = Severity.ERROR
    at_key: bool = False
    missing: str | None = None  # the id a reference names but the ledger lacks


Check = Callable[[Ledger], Iterable[Finding]]


def run(ledger: Ledger) -> list[Finding]:
    """Every finding of every check, in the order the checks are listed."""
    return [finding for check in CHECKS for finding in check(ledger)]


def unique_ids(ledger: Ledger) -> Iterator[Finding]:
    """Party codes, meeting ids and commitment ids are each unique."""
    for section, key in (("parties", "code"), ("meetings", "id"), ("commitments", "id")):
        first: dict[str, int] = {}
        for index, record in enumerate(getattr(ledger, section)):
            value = getattr(record, key)
            if value in first:
                yield Finding(
                    (section, index, key),
                    "duplicate-id",
                    f"{key} '{value}' is already used by {section}[{first[value]}]",
                )
            else:
                first[value] = index


@cache
def _iso_countries() -> frozenset[str]:
    import pycountry  # ISO 3166 table; imported only when a ledger is checked

    return frozenset(country.alpha_2 for country in pycountry.countries)


@cache
def _iso_currencies() -> frozenset[str]:
    import pycountry

    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def country_codes(ledger: Ledger) -> Iterator[Finding]:
    """A country's code is an ISO 3166-1 alpha-2 code."""
    for index, party in enumerate(ledger.parties):
        if party.kind is PartyKind.COUNTRY and party.code not in _iso_countries():
            yield Finding(
                ("parties", index, "code"),
                "country-code",
                f"'{party.code}' is not an ISO 3166-1 alpha-2 country code",
            )


def party_suggester(ledger: Ledger) -> Suggester:
    """A "did you mean" for party codes, where a party's name or alias, in any case, means its code."""
    by_name = party_names(ledger, with_iso=False)
    return Suggester((party.code for party in ledger.parties), standing_for=lambda word: by_name.get(fold(word)))


def meeting_suggester(ledger: Ledger) -> Suggester:
    """A "did you mean" for meeting ids, where a meeting's date, or a prefix of one id only, means that id."""
    ids = sorted(meeting.id for meeting in ledger.meetings)
    on_day: dict[str, list[str]] = {}
    for meeting in ledger.meetings:
        on_day.setdefault(meeting.date.isoformat(), []).append(meeting.id)

    def standing_for(word: str) -> str | None:
        prefix = word.casefold()
        at = bisect.bisect_left(ids, prefix)
        meant = on_day.get(word) or [i for i in ids[at : at + 2] if i.startswith(prefix)]
        return meant[0] if len(meant) == 1 else None

    return Suggester(ids, standing_for=standing_for)


def known_parties(ledger: Ledger) -> Iterator[Finding]:
    """Every party code used anywhere is defined under `parties`."""
    codes = {party.code for party in ledger.parties}
    suggest = party_suggester(ledger)

    def unknown(loc: Loc, code: str) -> Iterator[Finding]:
        if code not in codes:
            yield Finding(loc, "unknown-party", f"party '{code}' is not defined{aside(suggest(code))}")

    for m, meeting in enumerate(ledger.meetings):
        for h, host in enumerate(meeting.hosts):
            yield from unknown(("meetings", m, "hosts", h), host)
        for a, attendee in enumerate(meeting.attendees):
            if attendee.party is not None:
                yield from unknown(("meetings", m, "attendees", a, "party"), attendee.party)
        for d, document in enumerate(meeting.documents):
            for s, signatory in enumerate(document.signatories):
                yield from unknown(("meetings", m, "documents", d, "signatories", s), signatory)
    for c, commitment in enumerate(ledger.commitments):
        yield from unknown(("commitments", c, "party"), commitment.party)


def known_meetings(ledger: Ledger) -> Iterator[Finding]:
    """Every commitment is tied to a defined meeting."""
    known = {meeting.id for meeting in ledger.meetings}
    suggest = meeting_suggester(ledger)
    for index, commitment in enumerate(ledger.commitments):
        if commitment.meeting not in known:
            yield Finding(
                ("commitments", index, "meeting"),
                "unknown-meeting",
                f"meeting '{commitment.meeting}' is not defined{aside(suggest(commitment.meeting))}",
                missing=commitment.meeting,
            )


def meeting_dates(ledger: Ledger) -> Iterator[Finding]:
    """A multi-day meeting ends on or after the day it starts."""
    for index, meeting in enumerate(ledger.meetings):
        if meeting.end_date is not None and meeting.end_date < meeting.date:
            yield Finding(
                ("meetings", index, "end_date"),
                "date-range",
                f"end_date {meeting.end_date} is before date {meeting.date}",
            )


def quantity_ranges(ledger: Ledger) -> Iterator[Finding]:
    """An interval's low bound does not exceed its high bound."""
    for index, commitment in enumerate(ledger.commitments):
        quantity = commitment.quantity
        if quantity is not None and quantity.high is not None and quantity.low > quantity.high:
            yield Finding(
                ("commitments", index, "quantity", "low"),
                "quantity-range",
                f"low {quantity.low} is greater than high {quantity.high}",
            )


def currency_codes(ledger: Ledger) -> Iterator[Finding]:
    """An upper-case unit is money, and must be an ISO 4217 currency code."""
    for index, commitment in enumerate(ledger.commitments):
        quantity = commitment.quantity
        if quantity is not None and quantity.unit.isupper() and quantity.unit not in _iso_currencies():
            yield Finding(
                ("commitments", index, "quantity", "unit"),
                "currency",
                f"'{quantity.unit}' is not an ISO 4217 currency code",
            )


def statement_dates(ledger: Ledger) -> Iterator[Finding]:
    """`stated_on` falls in its meeting's round: after the meeting before it and before the
    meeting after it (else it belongs to that other meeting), and not on the meeting's own day
    (then it says nothing). Before the first meeting or after the latest, no meeting is nearer."""
    ordered = sorted(ledger.meetings, key=lambda m: (m.date, m.id))
    starts = [m.date for m in ordered]
    by_id = {m.id: m for m in ledger.meetings}
    for index, commitment in enumerate(ledger.commitments):
        meeting = by_id.get(commitment.meeting)
        if commitment.stated_on is None or meeting is None:
            continue
        first, last = stated_span(commitment.stated_on)
        end = meeting.end_date or meeting.date
        loc: Loc = ("commitments", index, "stated_on")
        earlier = ordered[bisect.bisect_left(starts, meeting.date) - 1] if starts[0] < meeting.date else None
        later = ordered[bisect.bisect_right(starts, end)] if starts[-1] > end else None
        if first == last and meeting.date <= first <= end:
            message = f"stated_on {commitment.stated_on} is the meeting's own date; leave it out"
            yield Finding(loc, "stated-on", message, Severity.WARNING)
        elif earlier is not None and last <= (earlier.end_date or earlier.date):
            yield Finding(
                loc,
                "stated-on",
                f"stated_on {commitment.stated_on} is not after the meeting before, '{earlier.id}' ({earlier.date}); "
                "tie the commitment to that meeting or an earlier one",
            )
        elif later is not None and first >= later.date:
            yield Finding(
                loc,
                "stated-on",
                f"stated_on {commitment.stated_on} is not before the meeting after, '{later.id}' ({later.date}); "
                "tie the commitment to that meeting or a later one",
            )


def lineage(ledger: Ledger) -> Iterator[Finding]:
    """`supersedes` names an existing commitment of the same party at an earlier meeting,
    each commitment is superseded at most once, and no chain loops back on itself. A lineage
    through an id used twice cannot be followed; `unique_ids` reports that cause alone."""
    by_id = {commitment.id: commitment for commitment in ledger.commitments}
    repeated = _repeated_ids(ledger.commitments)
    dates = {meeting.id: meeting.date for meeting in ledger.meetings}
    successor: dict[str, str] = {}
    loops = _supersedes_loops(tuple(c for c in ledger.commitments if c.id not in repeated))
    in_cycle = {member for loop in loops for member in loop}
    suggest = Suggester(by_id)
    for index, commitment in enumerate(ledger.commitments):
        target_id = commitment.supersedes
        if target_id is None or target_id in repeated or commitment.id in repeated:
            continue
        loc: Loc = ("commitments", index, "supersedes")
        target = by_id.get(target_id)
        if target is None:
            yield Finding(
                loc,
                "unknown-commitment",
                f"commitment '{target_id}' is not defined{aside(suggest(target_id))}",
                missing=target_id,
            )
            continue
        if target_id in successor:
            yield Finding(loc, "lineage", f"'{target_id}' is already superseded by '{successor[target_id]}'")
            continue
        successor[target_id] = commitment.id
        if target.party != commitment.party:
            yield Finding(
                loc,
                "lineage",
                f"'{target_id}' belongs to party {target.party}, not {commitment.party}",
            )
        before, after = dates.get(target.meeting), dates.get(commitment.meeting)
        if before is not None and after is not None and before >= after and commitment.id not in in_cycle:
            yield Finding(
                loc,
                "lineage",
                f"'{target_id}' is from {before}, not earlier than this commitment's meeting ({after})",
            )
    index_of = {c.id: i for i, c in enumerate(ledger.commitments)}
    for loop in loops:
        chain = " → ".join([*loop, loop[0]])
        yield Finding(
            ("commitments", index_of[loop[0]], "supersedes"), "lineage-cycle", f"supersedes forms a cycle: {chain}"
        )


def _repeated_ids(commitments: tuple[Commitment, ...]) -> set[str]:
    seen: set[str] = set()
    repeated: set[str] = set()
    for commitment in commitments:
        (repeated if commitment.id in seen else seen).add(commitment.id)
    return repeated


def _supersedes_loops(commitments: tuple[Commitment, ...]) -> list[list[str]]:
    """Each `supersedes` cycle once, starting from its member listed first in the file."""
    parent = {c.id: c.supersedes for c in commitments if c.supersedes}
    order = {c.id: i for i, c in enumerate(commitments)}
    loops: list[list[str]] = []
    done: set[str] = set()
    for start in parent:
        path: list[str] = []
        current: str | None = start
        while current is not None and current not in path and current not in done:
            path.append(current)
            current = parent.get(current)
        done.update(path)
        if current is not None and current in path:
            loop = path[path.index(current) :]
            first = loop.index(min(loop, key=order.__getitem__))
            loops.append(loop[first:] + loop[:first])
    return loops


def source_quality(ledger: Ledger) -> Iterator[Finding]:
    """State media alone never carries a commitment; aggregators alone are flagged."""
    for index, commitment in enumerate(ledger.commitments):
        best = min(RELIABILITY_RANK[s.reliability] for s in commitment.sources)
        if best == RELIABILITY_RANK[Reliability.STATE_MEDIA]:
            yield Finding(
                ("commitments", index, "sources"),
                "state-media-only",
                "every source is state media; corroborate it or leave the fact out",
            )
        elif best == RELIABILITY_RANK[Reliability.AGGREGATOR]:
            yield Finding(
                ("commitments", index, "sources"),
                "aggregator-only",
                f"'{commitment.id}' rests on aggregator sources only",
                Severity.WARNING,
            )


def unambiguous_names(ledger: Ledger) -> Iterator[Finding]:
    """Two parties may not share a code, name or alias as `--country` reads them (case, accents
    and punctuation aside), or it could not tell them apart."""
    owner: dict[str, str] = {}
    fields = ("code", "name")
    for index, party in enumerate(ledger.parties):
        for position, name in enumerate((party.code, party.name, *party.aliases)):
            folded = fold(name)
            if folded in owner and owner[folded] != party.code:
                loc: Loc = ("parties", index, fields[position] if position < len(fields) else "aliases")
                yield Finding(loc, "ambiguous-name", f"'{name}' also names party {owner[folded]}")
            owner.setdefault(folded, party.code)


CHECKS: tuple[Check, ...] = (
    unique_ids,
    country_codes,
    known_parties,
    known_meetings,
    meeting_dates,
    quantity_ranges,
    currency_codes,
    statement_dates,
    lineage,
    source_quality,
    unambiguous_names,
)
