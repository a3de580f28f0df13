"""Each page of the report as a context: core results (positions, grids, diffs, summaries) made
into the views' documents, as `ledger show`, `matrix`, `summary`, `diff` and `history` make
them, and laid out by `tables`; what no view holds comes from `parts`. No HTML is made here.

A page also names the data files it offers beside its tables (`Download`); `downloads.py`
writes them with the same code as `ledger show` and `ledger summary`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ledger.core import query
from ledger.core.summary import (
    OFFERED_STATUSES,
    STRENGTH,
    Grid,
    Summary,
    is_currency,
    latest_date,
    meeting_at,
    summarise,
    tabulate,
)
from ledger.model.models import Commitment, Kind, Meeting, MeetingKind, Party, PartyKind, Status
from ledger.output import words
from ledger.output.document import Document
from ledger.output.views.changes import history_document, meetings_diff_document
from ledger.output.views.commitments import commitments_document, meetings_document, parties_document
from ledger.output.views.glance import matrix_document, summary_document
from ledger.report import parts
from ledger.report.parts import Fact, Link, Site
from ledger.report.tables import HtmlTable, Paragraph, document_parts

Context = dict[str, Any]


@dataclass(frozen=True)
class Download:
    """A table's data beside its page, `<stem>.csv` and `<stem>.json` (`stem` from the site's
    top): its commitments as `ledger show` prints them, or a summary as `ledger summary` does."""

    stem: str
    what: str
    command: str  # the `ledger` command that prints the same data
    commitments: Sequence[Commitment] = ()
    summary: Summary | None = None


@dataclass(frozen=True)
class Figure:
    """A headline number, the noun it counts, and a line that says more."""

    number: int
    noun: str
    detail: str


def index(site: Site) -> tuple[Context, list[Download]]:
    ledger = site.ledger
    cutoff = latest_date(ledger)
    by_party, by_meeting = query.commitment_counts(ledger)
    everything = Download(
        "commitments",
        f"all {words.count_phrase(len(ledger.commitments), 'commitment')}",
        "ledger show --all",
        query.select(ledger, query.Filter()),
    )
    context: Context = {
        "title": "Commitments at a glance",
        "root": "",
        "figures": _figures(site, None),
        "everything": everything,
        "glance": None,
        "meetings": _shown(site, meetings_document(ledger, by_meeting), "", "Meetings"),
        "parties": _shown(site, parties_document(ledger, by_party), "", "Parties"),
    }
    if cutoff is None:
        return context, [everything]
    position = query.as_of(ledger, cutoff)
    grid = tabulate(ledger, position, cutoff)
    summary = summarise(ledger, position, cutoff)
    context["figures"] = _figures(site, summary) + _position_figures(grid, summary, position)
    in_force = Download(
        "position",
        f"the {words.count_phrase(len(position), 'commitment')} in force",
        f"ledger show --as-of {summary.meeting.id if summary.meeting else cutoff}",
        position,
    )
    totals = Download("summary", "these counts and totals", "ledger summary", summary=summary)
    context["glance"] = {
        "as_of": site.meeting_link(grid.meeting.id, "") if grid.meeting else Link(cutoff.isoformat()),
        "matrix": _shown(site, matrix_document(grid), "", "Positions") if grid.rows else None,
        "position": in_force,
        "totals": _shown(site, summary_document(summary), "", "Totals"),
        "summary": totals,
    }
    return context, [everything, in_force, totals]


_PLURALS = {PartyKind.COUNTRY: "countries", PartyKind.ORGANISATION: "organisations", PartyKind.GROUP: "groups"}


def _figures(site: Site, summary: Summary | None) -> list[Figure]:
    """How much the ledger holds: parties, meetings, commitments (and how many are in force)."""
    ledger, meetings = site.ledger, site.meetings
    kinds = [(kind, sum(p.kind is kind for p in ledger.parties)) for kind in PartyKind]
    recorded = len(ledger.commitments)
    in_force = f"{summary.commitments} in force as of {summary.cutoff}" if summary else ""
    return [
        Figure(
            len(ledger.parties),
            words.noun_for(len(ledger.parties), "party", "parties"),
            ", ".join(words.count_phrase(n, kind.value, _PLURALS[kind]) for kind, n in kinds if n),
        ),
        Figure(
            len(meetings),
            words.noun_for(len(meetings), "meeting"),
            f"{meetings[0].date} to {meetings[-1].date}" if meetings else "none recorded yet",
        ),
        Figure(recorded, words.noun_for(recorded, "commitment"), "; ".join(filter(None, ("recorded", in_force)))),
    ]


def _position_figures(grid: Grid, summary: Summary, position: Sequence[Commitment]) -> list[Figure]:
    """As of the latest meeting: how many countries and organisations hold a position, offer
    troops (by their strongest troops status, as the grid shows it), and name a sum of money."""
    members = {row.party.code: row for row in grid.rows if row.party.kind is not PartyKind.GROUP}
    column = grid.kinds.index(Kind.TROOPS) if Kind.TROOPS in grid.kinds else None
    troops = [row.cells[column].status for row in members.values()] if column is not None else []
    offers = [(s.value, troops.count(s.value)) for s in STRENGTH if s in OFFERED_STATUSES]
    money = [c for c in position if c.party in members and c.quantity and is_currency(c.quantity.unit)]
    currencies = sorted({c.quantity.unit for c in money if c.quantity})
    offering = sum(n for _, n in offers)
    paying = len({c.party for c in money})
    return [
        Figure(
            len(summary.holding),
            words.noun_for(len(summary.holding), "holds a position", "hold a position"),
            "countries and organisations",
        ),
        Figure(
            offering,
            words.noun_for(offering, "offers troops", "offer troops"),
            "; ".join(
                (", ".join(f"{n} {status}" for status, n in offers if n), f"{troops.count(Status.REFUSED)} refuse")
            ),
        ),
        Figure(
            paying,
            words.noun_for(paying, "names a sum of money", "name a sum of money"),
            f"in {', '.join(currencies)}, never converted" if currencies else "none stated",
        ),
    ]


def meeting(site: Site, meeting: Meeting) -> tuple[Context, list[Download]]:
    ledger, root = site.ledger, "../"
    index = site.meetings.index(meeting)
    previous = site.meetings[index - 1] if index else None
    following = site.meetings[index + 1] if index + 1 < len(site.meetings) else None
    stated = query.select(ledger, query.Filter(meeting=meeting.id))
    grid = tabulate(ledger, query.as_of(ledger, meeting.date), meeting.date)
    download = Download(
        f"meetings/{meeting.id}",
        f"the {words.count_phrase(len(stated), 'commitment')} stated here",
        f"ledger show --meeting {meeting.id}",
        stated,
    )
    context: Context = {
        "title": f"{meeting.title}, {meeting.date}",
        "root": root,
        "meeting": meeting,
        "dates": words.date_span(meeting),
        "meta": " · ".join(
            [meeting.place, meeting.format.value]
            + (["not a coalition meeting"] if meeting.kind is not MeetingKind.COALITION else [])
        ),
        "facts": _meeting_facts(site, meeting, root),
        "attendees": [(a.name, a.role, site.party_link(a.party, root) if a.party else None) for a in meeting.attendees],
        "documents": [
            (Link(d.title, parts.web_href(d.url)), [site.party_link(code, root) for code in d.signatories])
            for d in meeting.documents
        ],
        "sources": parts.sources(meeting.sources),
        "disputes": parts.disputes(meeting.disputed),
        "stated": _shown(site, commitments_document(ledger, stated), root, "Commitments stated at this meeting"),
        "download": download if stated else None,
        "changes": _changes(site, meeting, previous, root),
        "matrix": _shown(site, matrix_document(grid), root, "Positions") if grid.rows else None,
        "pager": [
            (rel, Link(f"{label}: {m.title}, {m.date}", f"{m.id}.html"))
            for rel, label, m in (("prev", "Previous", previous), ("next", "Next", following))
            if m is not None
        ],
    }
    return context, [download] if stated else []


def _meeting_facts(site: Site, meeting: Meeting, root: str) -> list[Fact]:
    facts: list[Fact] = []
    if meeting.hosts:
        facts.append(Fact("Hosts", tuple(site.party_link(h, root) for h in meeting.hosts)))
    if meeting.participants:
        count, stated = meeting.participants.count, meeting.participants.as_stated
        facts.append(Fact("Participants", (Link(stated if count is None else f"{count} ({stated})"),)))
    if meeting.notes:
        facts.append(Fact("Notes", (Link(meeting.notes),)))
    return facts


def _changes(site: Site, meeting: Meeting, previous: Meeting | None, root: str) -> Context | None:
    """The position as of the previous meeting against this one's, lineage by lineage, as
    `ledger diff PREVIOUS MEETING` prints it."""
    if previous is None:
        return None
    before = query.position_by_lineage(site.ledger, previous.date)
    after = query.position_by_lineage(site.ledger, meeting.date)
    names = {p.code: p.name for p in site.ledger.parties}
    old, new = (f"{m.id} ({m.date})" for m in (previous, meeting))
    document = meetings_diff_document(query.position_diff(before, after), old, new, names)
    return {
        "since": site.meeting_link(previous.id, root),
        "command": f"ledger diff {previous.id} {meeting.id}",
        "parts": _shown(site, document, root, "Changes"),
    }


def party(site: Site, party: Party) -> tuple[Context, list[Download]]:
    ledger, root = site.ledger, "../"
    history = query.sort_commitments(ledger, (c for c in ledger.commitments if c.party == party.code))
    cutoff = latest_date(ledger)
    held: Sequence[Commitment] = [c for c in query.as_of(ledger, cutoff) if c.party == party.code] if cutoff else []
    latest = meeting_at(ledger, cutoff) if cutoff else None
    title = f"Position {words.as_of_phrase(cutoff, latest)}" if cutoff else None
    steps = query.history(ledger, party.code)
    download = Download(
        f"parties/{party.code}",
        f"the {words.count_phrase(len(held), 'commitment')} in force",
        f"ledger show --country {party.code} --as-of {latest.id if latest else cutoff}",
        held,
    )
    context: Context = {
        "title": party.name,
        "root": root,
        "party": party,
        "meta": " · ".join(
            [party.code, party.kind.value] + ([f"also called {', '.join(party.aliases)}"] if party.aliases else [])
        ),
        "position": _shown(site, commitments_document(ledger, held, title), root, "Position") if held else (),
        "download": download if held else None,
        "changes": _shown(site, history_document(party, steps), root, "Changes") if steps else (),
        "history": [parts.article(site, c, root) for c in history],
    }
    return context, [download] if held else []


def _shown(site: Site, document: Document, root: str, name: str) -> tuple[HtmlTable | Paragraph, ...]:
    """A view's document laid out on a page `root` away from the top, its records linked."""
    return document_parts(document, lambda ref: site.href(ref, root), name)
