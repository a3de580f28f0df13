"""Questions asked of a ledger: which party is meant, and which commitments match."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ledger.errors import UsageError
from ledger.model.names import did_you_mean, did_you_mean_spelled, fold, party_names
from ledger.model.records import stated_span
from ledger.model.vocabulary import RELIABILITY_RANK, Kind, Reliability, Status

if TYPE_CHECKING:
    from ledger.core.diff import Diff
    from ledger.model.models import Commitment, Ledger, Meeting, Party

    Sections = dict[str, Mapping[str, Party | Meeting | Commitment]]


def resolve_party(ledger: Ledger, name: str) -> Party:
    """The party a user means by `name`, or a usage error that suggests the closest names.
    ISO's name tables are read only when the ledger's own names do not answer."""
    code = party_names(ledger, with_iso=False).get(fold(name)) or party_names(ledger).get(fold(name))
    if code is None:
        spelled = {fold(p.name): p.name for p in ledger.parties}
        spelled.update({fold(a): a for p in ledger.parties for a in p.aliases})
        hint = did_you_mean_spelled(fold(name), spelled, n=3)
        hint = f"; {hint}" if hint else ""
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
    disputed: bool = False  # only commitments in doubt (`is_disputed`)


def best_reliability(commitment: Commitment) -> Reliability:
    """The most trustworthy source a commitment has."""
    return min((s.reliability for s in commitment.sources), key=RELIABILITY_RANK.__getitem__)


def select(ledger: Ledger, flt: Filter, commitments: Iterable[Commitment] | None = None) -> list[Commitment]:
    """Commitments matching the filter, in date order, then party, kind and id."""
    pool = ledger.commitments if commitments is None else commitments
    return sort_commitments(ledger, [c for c in pool if matches(flt, c)])


def matches(flt: Filter, commitment: Commitment) -> bool:
    """Whether one commitment passes every part of the filter."""
    limit = flt.min_reliability
    return (
        (not flt.parties or commitment.party in flt.parties)
        and (flt.meeting is None or commitment.meeting == flt.meeting)
        and (not flt.kinds or commitment.kind in flt.kinds)
        and (not flt.statuses or commitment.status in flt.statuses)
        and (limit is None or RELIABILITY_RANK[best_reliability(commitment)] <= RELIABILITY_RANK[limit])
        and (not flt.disputed or is_disputed(commitment))
    )


def is_disputed(commitment: Commitment) -> bool:
    """A source says otherwise, or the ledger itself marks the entry uncertain: either way a
    reader must see the doubt, and `show --disputed` lists it."""
    return bool(commitment.disputed) or commitment.uncertain is not None


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
    """A meeting id from its id or a unique prefix of it, in any case; a usage error lists
    candidates. An empty text would be a prefix of every id, so it is refused."""
    if not text.strip():
        raise UsageError("the meeting is empty; give a meeting id or a unique prefix (see `ledger meetings`)")
    ids = sorted(m.id for m in ledger.meetings)
    wanted = text.casefold()
    if wanted in ids:
        return wanted
    matches = [i for i in ids if i.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(f"meeting '{text}' is ambiguous: it could be {', '.join(matches)}")
    hint = did_you_mean(wanted, ids, n=3, cutoff=0.5)
    hint = f"; {hint}" if hint else ""
    raise UsageError(f"unknown meeting '{text}'{hint} (see `ledger meetings`)")


# -- positions over time (DESIGN §2: lineage and "as of") -----------------------------------

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

"""A ledger's records by section and key, the shape `diff.diff` compares."""

POSITION_FIELDS = ("kind", "status", "quantity", "period", "conditions", "location")
"""What a position is, when two meetings are compared: what, how firmly, how much, when, on
what conditions, where. A restatement that keeps these is no change of position."""
POSITION_CONTEXT = ("meeting", "summary", "sources")
"""Shown beside a change of position, old and new: where it was said, in a line, on whose word."""
RESTATEMENT_FIELDS = ("summary", "quote", "sources")
"""A commitment that differs only in these says the same thing again, in new words or on new
sources: restated, not changed."""


class MeetingDay(dt.date):
    """A meeting's date as a cutoff: it stands for the meeting's round. The position as of it
    counts every statement tied to a meeting held by that day, even one made a few days later,
    for the ledger ties a statement to the meeting it answers (DESIGN §2). A plain date counts
    each statement from the day it was said instead (`said_by`)."""

    @classmethod
    def of(cls, day: dt.date) -> MeetingDay:
        return cls(day.year, day.month, day.day)


LATEST = "latest"
"""The point that names the latest meeting: the current position (DESIGN §2)."""


def resolve_point(ledger: Ledger, text: str) -> dt.date:
    """The cutoff that a meeting id, a unique prefix of one, an ISO date or `latest` names: the
    points `--as-of` and `diff FROM TO` accept. A meeting gives its `MeetingDay`, a date a plain date.
    A meeting id that looks like a date wins; other text that starts with a digit and is no
    meeting's prefix is a date written some other way."""
    dates = {m.id: m.date for m in ledger.meetings}
    wanted = text.casefold()
    if wanted in dates:
        return MeetingDay.of(dates[wanted])
    if wanted == LATEST and dates:
        return MeetingDay.of(max(dates.values()))
    if wanted == LATEST:
        raise UsageError("there are no meetings yet, so no latest position")
    if _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"'{text}' is not a valid date; write it as YYYY-MM-DD") from None
    if not text.strip() or (text[0].isdigit() and not any(i.startswith(wanted) for i in dates)):
        raise UsageError(f"'{text}' is not a meeting id or a YYYY-MM-DD date")
    return MeetingDay.of(dates[resolve_meeting(ledger, text)])


def said_by(commitment: Commitment, meeting_date: dt.date) -> dt.date:
    """The day by which the party had surely said it: its `stated_on` (the month's last day when
    only the month is known), else the date of its meeting."""
    return meeting_date if commitment.stated_on is None else stated_span(commitment.stated_on)[1]


def _counted_from(ledger: Ledger, commitments: Iterable[Commitment], by_round: bool) -> dict[str, dt.date]:
    """Each commitment id → the day from which it counts in a position: its meeting's date for
    a meeting's round, the day it was said for a plain date. Commitments of no known meeting
    never count."""
    dates = {m.id: m.date for m in ledger.meetings}
    return {
        c.id: dates[c.meeting] if by_round else said_by(c, dates[c.meeting]) for c in commitments if c.meeting in dates
    }


def lineage_roots(ledger: Ledger) -> dict[str, str]:
    """Each commitment id → the id that starts its chain of `supersedes`. Commitments that
    restate or revise one another share a root, which is how two meetings are matched."""
    return _roots(ledger.commitments)


def _roots(pool: Sequence[Commitment]) -> dict[str, str]:
    """`lineage_roots` for the commitments in `pool`, which holds every ancestor of its members."""
    parent = {c.id: c.supersedes for c in pool}
    roots: dict[str, str] = {}
    for commitment in pool:
        current, seen = commitment.id, {commitment.id}
        while (up := parent.get(current)) is not None and up in parent and up not in seen:
            seen.add(up)
            current = up
        roots[commitment.id] = current
    return roots


def as_of(ledger: Ledger, cutoff: dt.date) -> tuple[Commitment, ...]:
    """The ledger's position on `cutoff`: per lineage, the latest commitment that counts by then
    (see `MeetingDay`). A withdrawal ends its lineage, so it is not part of the position."""
    return tuple(sort_commitments(ledger, position_by_lineage(ledger, cutoff).values()))


def position_by_lineage(ledger: Ledger, cutoff: dt.date) -> dict[str, Commitment]:
    """`as_of`, keyed by lineage root: the key the meetings diff matches on."""
    return _positions(ledger, ledger.commitments, [cutoff])[0]


def _positions(ledger: Ledger, pool: Sequence[Commitment], cutoffs: list[dt.date]) -> list[dict[str, Commitment]]:
    """The position at each of `cutoffs`, in one pass over `pool`, which holds whole lineages.
    The cutoffs ascend and are of one sort, all meeting days or all plain dates. Within a
    lineage the later meeting wins."""
    by_round = bool(cutoffs) and isinstance(cutoffs[0], MeetingDay)
    counted = _counted_from(ledger, pool, by_round)
    dates = {m.id: m.date for m in ledger.meetings}
    roots = _roots(pool)
    order = sorted((c for c in pool if c.id in counted), key=lambda c: (counted[c.id], dates[c.meeting], c.id))
    latest: dict[str, Commitment] = {}
    positions: list[dict[str, Commitment]] = []
    index = 0
    for cutoff in cutoffs:
        while index < len(order) and counted[order[index].id] <= cutoff:
            commitment, index = order[index], index + 1
            held = latest.get(roots[commitment.id])
            if held is None or (dates[held.meeting], held.id) < (dates[commitment.meeting], commitment.id):
                latest[roots[commitment.id]] = commitment
        positions.append({root: c for root, c in sorted(latest.items()) if c.status is not Status.WITHDRAWN})
    return positions


def superseded_by(ledger: Ledger, cutoff: dt.date | None = None) -> dict[str, str | None]:
    """Each commitment id → the id of the commitment that replaced it, or None. Derived from
    `supersedes`, never stored on a record; with a cutoff, only a replacement that counts by
    then (as in `as_of`) has replaced anything yet."""
    replaced = replacements(ledger, cutoff)
    return {c.id: replaced.get(c.id) for c in ledger.commitments}


def replacements(ledger: Ledger, cutoff: dt.date | None = None) -> dict[str, str]:
    """`superseded_by` for the commitments something replaced, and only those."""
    counted = {} if cutoff is None else _counted_from(ledger, ledger.commitments, isinstance(cutoff, MeetingDay))
    return {
        c.supersedes: c.id
        for c in ledger.commitments
        if c.supersedes is not None and (cutoff is None or (c.id in counted and counted[c.id] <= cutoff))
    }


def shown(ledger: Ledger, flt: Filter, cutoff: dt.date | None) -> list[Commitment]:
    """What `ledger show` lists: the commitments matching `flt` in the position at `cutoff`, or
    among every commitment ever recorded (superseded or not) when there is no cutoff."""
    if cutoff is None or not flt.parties:
        return select(ledger, flt, None if cutoff is None else as_of(ledger, cutoff))
    # A lineage never crosses parties (`supersedes` names the same party's commitment, a check),
    # so the position of the parties asked for needs only their own commitments.
    pool = [c for c in ledger.commitments if c.party in flt.parties]
    return select(ledger, flt, sort_commitments(ledger, _positions(ledger, pool, [cutoff])[0].values()))


def narrow(
    flt: Filter, old: Mapping[str, Commitment], new: Mapping[str, Commitment]
) -> tuple[dict[str, Commitment], dict[str, Commitment]]:
    """Both sides of a diff cut to the keys whose old or new commitment matches `flt`, so a
    commitment whose kind changed shows as a change, not as one ended and one added."""
    keep = {key for side in (old, new) for key, c in side.items() if matches(flt, c)}
    return {k: c for k, c in old.items() if k in keep}, {k: c for k, c in new.items() if k in keep}


def position_diff(old: Mapping[str, Commitment], new: Mapping[str, Commitment]) -> Diff:
    """Two positions, lineage by lineage, compared on what a position is made of."""
    from ledger.core.diff import diff  # only here: `show` and the rest never compare

    return diff(
        {"commitments": old},
        {"commitments": new},
        fields=POSITION_FIELDS,
        context=POSITION_CONTEXT,
        restatement=RESTATEMENT_FIELDS,
    )


def revision_diff(old: Ledger, new: Ledger, flt: Filter) -> Diff:
    """Two versions of a ledger compared by id: every field counts, and a commitment that
    differs only in wording, quote or sources is restated. Parties and meetings come first."""
    from ledger.core.diff import Diff, diff

    before, after = revision_sections(old, new, flt)
    others = diff(
        {k: v for k, v in before.items() if k != "commitments"}, {k: v for k, v in after.items() if k != "commitments"}
    )
    commitments = diff(
        {"commitments": before["commitments"]}, {"commitments": after["commitments"]}, restatement=RESTATEMENT_FIELDS
    )
    return Diff(others.sections + commitments.sections)


def revision_sections(old: Ledger, new: Ledger, flt: Filter) -> tuple[Sections, Sections]:
    """Two versions of a ledger keyed by id in every section, as the revision diff compares them.
    Meetings belong to no party, so a filtered diff leaves them out; a filter by party keeps
    those parties' own records, and a filter by kind keeps commitments only."""
    commitments = narrow(flt, {c.id: c for c in old.commitments}, {c.id: c for c in new.commitments})
    sides: list[Sections] = []
    for ledger, chosen in zip((old, new), commitments, strict=True):
        side: Sections = {}
        if not flt.kinds:
            side["parties"] = {p.code: p for p in ledger.parties if not flt.parties or p.code in flt.parties}
        if flt == Filter():
            side["meetings"] = {m.id: m for m in ledger.meetings}
        side["commitments"] = chosen
        sides.append(side)
    return sides[0], sides[1]


@dataclass(frozen=True)
class Milestone:
    """A day on which a party spoke at a meeting, and its position after that day's meetings
    (their rounds: statements tied to them count, see `MeetingDay`)."""

    date: dt.date
    meetings: tuple[Meeting, ...]
    position: Mapping[str, Commitment]


def milestones(ledger: Ledger, party: str) -> tuple[Milestone, ...]:
    """A party's positions across meetings, in date order: `ledger history`."""
    said = [c for c in ledger.commitments if c.party == party]
    spoke = {c.meeting for c in said}
    days: dict[dt.date, list[Meeting]] = {}
    for meeting in sorted((m for m in ledger.meetings if m.id in spoke), key=lambda m: (m.date, m.id)):
        days.setdefault(meeting.date, []).append(meeting)
    positions = _positions(ledger, said, [MeetingDay.of(day) for day in days])
    return tuple(
        Milestone(day, tuple(meetings), position)
        for (day, meetings), position in zip(days.items(), positions, strict=True)
    )


def history(ledger: Ledger, party: str) -> tuple[tuple[Milestone, Diff], ...]:
    """Each date a party spoke, with how its position changed that day: `ledger history`.
    Empty when the party never committed to anything."""
    steps: list[tuple[Milestone, Diff]] = []
    before: Mapping[str, Commitment] = {}
    for milestone in milestones(ledger, party):
        steps.append((milestone, position_diff(before, milestone.position)))
        before = milestone.position
    return tuple(steps)
