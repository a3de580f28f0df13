"""The SQL position views agree with the core on any lineage a valid ledger can hold: chains of
revisions at later meetings, withdrawals anywhere in a chain, several meetings on one day."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.core import query, summary
from ledger.errors import Severity
from ledger.export.rows import table_rows
from ledger.export.sqlite import database
from ledger.load import checks
from ledger.model.models import Commitment, Kind, Ledger, Meeting, MeetingFormat, Party, PartyKind, Source, Status

SOURCE = Source(url="https://example.org/", publisher="Example", reliability="official")  # type: ignore[arg-type]
PARTIES = tuple(
    Party(code=code, name=name, kind=PartyKind.COUNTRY) for code, name in (("IT", "Italy"), ("NO", "Norway"))
)

# Up to six meetings over twenty days, so that some fall on the same day.
meeting_days = st.lists(st.integers(min_value=0, max_value=19), min_size=1, max_size=6)
# A chain: its party, its kind, and for each entry a meeting (by index) and a status.
chains = st.lists(
    st.tuples(
        st.sampled_from(PARTIES),
        st.sampled_from([Kind.TROOPS, Kind.AID]),
        st.lists(st.tuples(st.integers(min_value=0, max_value=5), st.sampled_from(Status)), min_size=1, max_size=4),
    ),
    max_size=6,
)


def build(days: list[int], drawn: list[tuple[Party, Kind, list[tuple[int, Status]]]]) -> Ledger:
    """A valid ledger: each chain's entries sit at meetings of strictly later dates, as `check` demands."""
    start = dt.date(2025, 1, 1)
    meetings = tuple(
        Meeting(
            id=f"m{index}",
            date=start + dt.timedelta(days=day),
            title="Summit",
            place="Paris",
            format=MeetingFormat.IN_PERSON,
            sources=(SOURCE,),
        )
        for index, day in enumerate(days)
    )
    commitments: list[Commitment] = []
    for number, (party, kind, entries) in enumerate(drawn):
        previous: Commitment | None = None
        for step, (index, status) in enumerate(entries):
            meeting = meetings[index % len(meetings)]
            if previous is not None and meeting.date <= next(m.date for m in meetings if m.id == previous.meeting):
                continue
            previous = Commitment(
                id=f"c{number}-{step}",
                party=party.code,
                meeting=meeting.id,
                kind=kind,
                status=status,
                summary=f"entry {step} of chain {number}",
                sources=(SOURCE,),
                supersedes=previous.id if previous else None,
            )
            commitments.append(previous)
    return Ledger(schema=1, parties=PARTIES, meetings=meetings, commitments=tuple(commitments))


@pytest.mark.slow  # a hundred ledgers, each exported and queried: a few seconds
@settings(deadline=None)
@given(meeting_days, chains)
def test_the_views_hold_the_cores_position_as_of_every_meeting(days: list[int], drawn: list) -> None:  # type: ignore[type-arg]
    ledger = build(days, drawn)
    assert [f for f in checks.run(ledger) if f.severity is Severity.ERROR] == []
    with closing(sqlite3.connect(":memory:")) as connection:
        connection.deserialize(database(table_rows(ledger)))
        for meeting in ledger.meetings:
            held = connection.execute("SELECT id FROM position_as_of WHERE as_of = ?", (meeting.id,)).fetchall()
            expected = query.as_of(ledger, query.MeetingDay.of(meeting.date))
            assert [row[0] for row in held] == [c.id for c in expected], meeting.id
        current = connection.execute("SELECT id FROM current_position").fetchall()
        latest = summary.latest_date(ledger)
        assert latest is not None
        assert [row[0] for row in current] == [c.id for c in query.as_of(ledger, latest)]
