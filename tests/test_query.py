"""Positions over time: `resolve_point`, `as_of`, lineages, and how diffs are keyed."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.core import query
from ledger.errors import UsageError
from ledger.load.loader import load_bytes
from ledger.model.models import Kind, Ledger, Status
from ledger.model.records import stated_span

# Germany moves from a refusal to a conditional offer; Spain restates its refusal, then moves;
# Italy's hub offer is withdrawn; Belgium's troops become an air contribution.
LINEAGES = """\
schema: 1
parties:
  - {code: BE, name: Belgium, kind: country}
  - {code: DE, name: Germany, kind: country}
  - {code: ES, name: Spain, kind: country}
  - {code: IT, name: Italy, kind: country}
meetings:
  - {id: paris-2025-09-04, date: 2025-09-04, title: Summit, place: Paris, format: in-person,
     sources: [{url: "https://example.org/m1", publisher: Example, reliability: official}]}
  - {id: london-2025-10-24, date: 2025-10-24, title: Summit, place: London, format: hybrid,
     sources: [{url: "https://example.org/m2", publisher: Example, reliability: official}]}
  - {id: paris-2026-01-06, date: 2026-01-06, title: Summit, place: Paris, format: in-person,
     sources: [{url: "https://example.org/m3", publisher: Example, reliability: official}]}
commitments:
  - {id: de-troops-1, party: DE, meeting: paris-2025-09-04, kind: troops, status: refused,
     summary: No German ground troops, sources: [{url: "https://example.org/sz", publisher: SZ, reliability: major}]}
  - {id: de-troops-2, party: DE, meeting: paris-2026-01-06, kind: troops, status: conditional,
     summary: Forces on neighbouring NATO territory, location: neighbouring NATO territory,
     conditions: [after a ceasefire], supersedes: de-troops-1,
     sources: [{url: "https://example.org/ovb", publisher: OVB, reliability: major}]}
  - {id: de-air-2, party: DE, meeting: paris-2026-01-06, kind: air, status: committed, summary: Air policing,
     sources: [{url: "https://example.org/de-air", publisher: OVB, reliability: major}]}
  - {id: es-troops-1, party: ES, meeting: paris-2025-09-04, kind: troops, status: refused, summary: No troops,
     sources: [{url: "https://example.org/es1", publisher: El País, reliability: major}]}
  - {id: es-troops-2, party: ES, meeting: london-2025-10-24, kind: troops, status: refused,
     summary: Still no troops, supersedes: es-troops-1,
     sources: [{url: "https://example.org/es2", publisher: El País, reliability: major}]}
  - {id: es-troops-3, party: ES, meeting: paris-2026-01-06, kind: troops, status: conditional,
     summary: Troops after a ceasefire, supersedes: es-troops-2,
     sources: [{url: "https://example.org/es3", publisher: El País, reliability: major}]}
  - {id: it-hub-1, party: IT, meeting: paris-2025-09-04, kind: hub, status: considering, summary: A hub in Italy,
     quantity: {low: 100, high: 500, unit: troops, as_stated: a few hundred},
     sources: [{url: "https://example.org/it1", publisher: ANSA, reliability: major}]}
  - {id: it-hub-2, party: IT, meeting: london-2025-10-24, kind: hub, status: withdrawn, summary: No hub after all,
     supersedes: it-hub-1, sources: [{url: "https://example.org/it2", publisher: ANSA, reliability: major}]}
  - {id: be-troops-1, party: BE, meeting: paris-2025-09-04, kind: troops, status: conditional,
     summary: Troops on Ukrainian soil,
     sources: [{url: "https://example.org/be1", publisher: Le Soir, reliability: major}]}
  - {id: be-air-2, party: BE, meeting: paris-2026-01-06, kind: air, status: conditional, summary: Air and sea,
     supersedes: be-troops-1, sources: [{url: "https://example.org/be2", publisher: Le Soir, reliability: major}]}
"""


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    result = load_bytes(textwrap.dedent(LINEAGES).encode(), name="lineages.yaml")
    assert result.diagnostics == ()
    assert result.ledger is not None
    return result.ledger


def ids(commitments: object) -> list[str]:
    return [c.id for c in commitments]  # type: ignore[attr-defined]


# -- resolve_point ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("paris-2025-09-04", dt.date(2025, 9, 4)),
        ("london", dt.date(2025, 10, 24)),
        ("paris-2026", dt.date(2026, 1, 6)),
        ("2025-12-31", dt.date(2025, 12, 31)),
        ("1999-01-01", dt.date(1999, 1, 1)),
    ],
)
def test_a_point_is_a_meeting_a_prefix_of_one_or_a_date(ledger: Ledger, text: str, day: dt.date) -> None:
    assert query.resolve_point(ledger, text) == day


def test_an_ambiguous_prefix_lists_the_candidates(ledger: Ledger) -> None:
    with pytest.raises(UsageError, match="'paris' is ambiguous: it could be paris-2025-09-04, paris-2026-01-06"):
        query.resolve_point(ledger, "paris")


def test_an_unknown_point_suggests_a_meeting(ledger: Ledger) -> None:
    with pytest.raises(UsageError, match="unknown meeting 'london-2025-10-42'; did you mean 'london-2025-10-24'"):
        query.resolve_point(ledger, "london-2025-10-42")


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13-01"])
def test_an_impossible_date_is_a_usage_error(ledger: Ledger, text: str) -> None:
    with pytest.raises(UsageError, match=f"'{text}' is not a valid date; write it as YYYY-MM-DD"):
        query.resolve_point(ledger, text)


@pytest.mark.parametrize("text", ["2026-1-6", "06/01/2026", "20260106", "", " "])
def test_a_date_written_another_way_or_nothing_is_no_point(ledger: Ledger, text: str) -> None:
    with pytest.raises(UsageError) as caught:
        query.resolve_point(ledger, text)
    assert caught.value.message == f"'{text}' is not a meeting id or a YYYY-MM-DD date"


def test_a_meeting_id_that_starts_with_a_digit_is_still_found_by_its_prefix() -> None:
    text = textwrap.dedent(LINEAGES).replace("london-2025-10-24", "2025-10-24-london")
    renamed = load_bytes(text.encode(), name="lineages.yaml").ledger
    assert renamed is not None
    assert query.resolve_point(renamed, "2025-10") == dt.date(2025, 10, 24)
    with pytest.raises(UsageError, match="'2025-11' is not a meeting id or a YYYY-MM-DD date"):
        query.resolve_point(renamed, "2025-11")


@pytest.mark.parametrize(
    ("text", "meeting"),
    [("PARIS-2026-01-06", "paris-2026-01-06"), ("London", "london-2025-10-24"), ("Paris-2025", "paris-2025-09-04")],
)
def test_meetings_match_in_any_case(ledger: Ledger, text: str, meeting: str) -> None:
    assert query.resolve_meeting(ledger, text) == meeting
    assert query.resolve_point(ledger, text) == next(m.date for m in ledger.meetings if m.id == meeting)


def test_an_empty_meeting_is_refused_not_taken_as_a_prefix_of_every_id(ledger: Ledger) -> None:
    with pytest.raises(UsageError, match=r"^the meeting is empty; give a meeting id or a unique prefix"):
        query.resolve_meeting(ledger, "")


# -- as_of --------------------------------------------------------------------------------


def test_before_the_first_meeting_there_is_no_position(ledger: Ledger) -> None:
    assert query.as_of(ledger, dt.date(2025, 9, 3)) == ()


def test_the_position_at_a_meeting_includes_that_meeting(ledger: Ledger) -> None:
    position = query.as_of(ledger, dt.date(2025, 9, 4))
    assert ids(position) == ["be-troops-1", "de-troops-1", "it-hub-1", "es-troops-1"]


def test_a_restatement_replaces_and_a_withdrawal_ends_its_lineage(ledger: Ledger) -> None:
    position = query.as_of(ledger, dt.date(2025, 12, 31))
    assert ids(position) == ["be-troops-1", "de-troops-1", "es-troops-2"]


def test_the_latest_position_follows_every_lineage_to_its_end(ledger: Ledger) -> None:
    position = query.as_of(ledger, dt.date(2026, 1, 6))
    assert ids(position) == ["be-air-2", "de-air-2", "de-troops-2", "es-troops-3"]
    assert query.as_of(ledger, dt.date.max) == position


@given(st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 31)))
def test_a_position_holds_one_live_commitment_per_lineage_made_by_the_cutoff(cutoff: dt.date) -> None:
    ledger = load_bytes(textwrap.dedent(LINEAGES).encode(), name="lineages.yaml").ledger
    assert ledger is not None
    dates = {m.id: m.date for m in ledger.meetings}
    roots = query.lineage_roots(ledger)
    position = query.as_of(ledger, cutoff)
    assert all(dates[c.meeting] <= cutoff for c in position)
    assert all(c.status is not Status.WITHDRAWN for c in position)
    assert len({roots[c.id] for c in position}) == len(position)
    assert list(position) == query.sort_commitments(ledger, position)


# -- when a statement counts: the day it was said, or its meeting's round ---------------------

# Spain spoke in December 2024 (only the month is known), before the first meeting it is tied to;
# Slovakia and Lithuania spoke on the 7th and 8th, after the summit of the 6th they answer.
SAID = """\
schema: 1
parties:
  - {code: ES, name: Spain, kind: country}
  - {code: LT, name: Lithuania, kind: country}
  - {code: SK, name: Slovakia, kind: country}
meetings:
  - {id: london-2025-03-02, date: 2025-03-02, title: Summit, place: London, format: in-person,
     sources: [{url: "https://example.org/m1", publisher: Example, reliability: official}]}
  - {id: paris-2026-01-06, date: 2026-01-06, title: Summit, place: Paris, format: in-person,
     sources: [{url: "https://example.org/m2", publisher: Example, reliability: official}]}
commitments:
  - {id: es-troops, party: ES, meeting: london-2025-03-02, stated_on: 2024-12, kind: troops, status: refused,
     summary: No Spanish troops, sources: [{url: "https://example.org/es", publisher: El País, reliability: major}]}
  - {id: lt-troops-1, party: LT, meeting: london-2025-03-02, kind: troops, status: committed,
     summary: Ready to send troops, sources: [{url: "https://example.org/lt1", publisher: Delfi, reliability: major}]}
  - {id: lt-troops-2, party: LT, meeting: paris-2026-01-06, stated_on: 2026-01-08, kind: troops,
     status: considering, summary: Several hundred soldiers could take part, supersedes: lt-troops-1,
     sources: [{url: "https://example.org/lt2", publisher: A News, reliability: major}]}
  - {id: sk-troops, party: SK, meeting: paris-2026-01-06, stated_on: 2026-01-07, kind: troops, status: refused,
     summary: Not a single Slovak soldier,
     sources: [{url: "https://example.org/sk", publisher: LIGA, reliability: major}],
     disputed: [{reason: Another outlet says otherwise, sources: [{url: "https://example.org/x", publisher: X,
     reliability: major}]}]}
  - {id: lt-call, party: LT, meeting: paris-2026-01-06, kind: troops, status: urged,
     summary: The coalition must plan now, uncertain: An undated page,
     sources: [{url: "https://example.org/lt3", publisher: Delfi, reliability: major}]}
"""


@pytest.fixture(scope="module")
def said() -> Ledger:
    result = load_bytes(SAID.encode(), name="said.yaml")
    assert result.diagnostics == (), result.diagnostics
    assert result.ledger is not None
    return result.ledger


def test_a_meeting_names_its_round_and_a_date_names_a_day(said: Ledger) -> None:
    meeting, day = query.resolve_point(said, "paris-2026-01-06"), query.resolve_point(said, "2026-01-06")
    assert meeting == day == dt.date(2026, 1, 6)
    assert isinstance(meeting, query.MeetingDay) and not isinstance(day, query.MeetingDay)


@pytest.mark.parametrize(
    ("point", "held"),
    [
        ("2024-12-30", []),  # a month counts from its last day: surely said by then
        ("2024-12-31", ["es-troops"]),  # before any meeting, yet said
        ("london-2025-03-02", ["lt-troops-1", "es-troops"]),
        ("2026-01-06", ["lt-call", "lt-troops-1", "es-troops"]),  # the summit's day: nothing said later
        ("2026-01-07", ["lt-call", "lt-troops-1", "sk-troops", "es-troops"]),
        ("2026-01-08", ["lt-call", "lt-troops-2", "sk-troops", "es-troops"]),
        ("paris-2026-01-06", ["lt-call", "lt-troops-2", "sk-troops", "es-troops"]),  # its round: all it drew
    ],
)
def test_a_date_counts_what_was_said_by_then_and_a_meeting_counts_its_round(
    said: Ledger, point: str, held: list[str]
) -> None:
    assert sorted(ids(query.as_of(said, query.resolve_point(said, point)))) == sorted(held)


def test_history_steps_are_meeting_rounds(said: Ledger) -> None:
    steps = query.milestones(said, "LT")
    assert [(s.date, sorted(c.id for c in s.position.values())) for s in steps] == [
        (dt.date(2025, 3, 2), ["lt-troops-1"]),
        (dt.date(2026, 1, 6), ["lt-call", "lt-troops-2"]),
    ]


def test_superseded_by_names_the_replacement_once_it_counts(said: Ledger) -> None:
    assert query.superseded_by(said)["lt-troops-1"] == "lt-troops-2"
    assert query.superseded_by(said)["lt-troops-2"] is None
    assert query.superseded_by(said, dt.date(2026, 1, 7))["lt-troops-1"] is None  # said on the 8th
    assert query.superseded_by(said, query.resolve_point(said, "paris-2026"))["lt-troops-1"] == "lt-troops-2"
    assert set(query.superseded_by(said)) == {c.id for c in said.commitments}


def test_the_disputed_selection_holds_disputed_and_uncertain_entries(said: Ledger) -> None:
    assert ids(query.select(said, query.Filter(disputed=True))) == ["lt-call", "sk-troops"]
    assert [c.id for c in said.commitments if query.is_disputed(c)] == ["sk-troops", "lt-call"]


@pytest.mark.parametrize(
    ("stated_on", "span"),
    [
        ("2026-01-08", (dt.date(2026, 1, 8), dt.date(2026, 1, 8))),
        ("2024-12", (dt.date(2024, 12, 1), dt.date(2024, 12, 31))),
        ("2024-02", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
    ],
)
def test_a_stated_day_or_month_spans_its_days(stated_on: str, span: tuple[dt.date, dt.date]) -> None:
    assert stated_span(stated_on) == span


@given(st.dates(min_value=dt.date(2024, 11, 1), max_value=dt.date(2026, 3, 1)))
def test_a_position_on_a_date_holds_only_what_was_said_by_then(cutoff: dt.date) -> None:
    ledger = load_bytes(SAID.encode(), name="said.yaml").ledger
    assert ledger is not None
    dates = {m.id: m.date for m in ledger.meetings}
    position = query.as_of(ledger, cutoff)
    assert all(query.said_by(c, dates[c.meeting]) <= cutoff for c in position)
    meeting_round = query.as_of(ledger, query.MeetingDay.of(cutoff))
    assert all(dates[c.meeting] <= cutoff for c in meeting_round)


# -- lineages and keys --------------------------------------------------------------------


def test_every_commitment_knows_the_root_of_its_lineage(ledger: Ledger) -> None:
    roots = query.lineage_roots(ledger)
    assert roots["es-troops-3"] == roots["es-troops-2"] == roots["es-troops-1"] == "es-troops-1"
    assert roots["de-air-2"] == "de-air-2"
    assert roots["be-air-2"] == "be-troops-1"


def test_the_position_by_lineage_is_keyed_by_root(ledger: Ledger) -> None:
    position = query.position_by_lineage(ledger, dt.date(2026, 1, 6))
    assert {key: c.id for key, c in position.items()} == {
        "be-troops-1": "be-air-2",
        "de-air-2": "de-air-2",
        "de-troops-1": "de-troops-2",
        "es-troops-1": "es-troops-3",
    }


def test_narrowing_keeps_a_lineage_whose_kind_changed(ledger: Ledger) -> None:
    old = query.position_by_lineage(ledger, dt.date(2025, 9, 4))
    new = query.position_by_lineage(ledger, dt.date(2026, 1, 6))
    kept_old, kept_new = query.narrow(query.Filter(kinds=frozenset({Kind.TROOPS})), old, new)
    assert kept_old.keys() == {"be-troops-1", "de-troops-1", "es-troops-1"}
    assert kept_new["be-troops-1"].kind is Kind.AIR


def test_revision_sections_leave_meetings_out_of_a_filtered_diff(ledger: Ledger) -> None:
    everything, _ = query.revision_sections(ledger, ledger, query.Filter())
    assert list(everything) == ["parties", "meetings", "commitments"]
    by_party, _ = query.revision_sections(ledger, ledger, query.Filter(parties=frozenset({"DE"})))
    assert list(by_party) == ["parties", "commitments"]
    assert list(by_party["parties"]) == ["DE"]
    assert sorted(by_party["commitments"]) == ["de-air-2", "de-troops-1", "de-troops-2"]
    by_kind, _ = query.revision_sections(ledger, ledger, query.Filter(kinds=frozenset({Kind.HUB})))
    assert list(by_kind) == ["commitments"]


def test_milestones_are_the_dates_a_party_spoke(ledger: Ledger) -> None:
    steps = query.milestones(ledger, "ES")
    assert [(s.date, [m.id for m in s.meetings]) for s in steps] == [
        (dt.date(2025, 9, 4), ["paris-2025-09-04"]),
        (dt.date(2025, 10, 24), ["london-2025-10-24"]),
        (dt.date(2026, 1, 6), ["paris-2026-01-06"]),
    ]
    assert [{k: c.id for k, c in s.position.items()} for s in steps] == [
        {"es-troops-1": "es-troops-1"},
        {"es-troops-1": "es-troops-2"},
        {"es-troops-1": "es-troops-3"},
    ]
    assert [dict(s.position) for s in query.milestones(ledger, "IT")] == [
        {"it-hub-1": next(c for c in ledger.commitments if c.id == "it-hub-1")},
        {},
    ]


def test_history_gives_each_step_with_its_change_of_position(ledger: Ledger) -> None:
    steps = query.history(ledger, "ES")
    assert [(s.date, [(sec.name, len(sec.added), len(sec.changed)) for sec in d.sections]) for s, d in steps] == [
        (dt.date(2025, 9, 4), [("commitments", 1, 0)]),
        (dt.date(2025, 10, 24), [("commitments", 0, 0)]),  # a restatement is no change of position
        (dt.date(2026, 1, 6), [("commitments", 0, 1)]),
    ]
    assert steps[2][1] == query.position_diff(steps[1][0].position, steps[2][0].position)


NORWAY_SILENT = LINEAGES.replace(
    "  - {code: IT, name: Italy, kind: country}\n",
    "  - {code: IT, name: Italy, kind: country}\n  - {code: NO, name: Norway, kind: country}\n",
)
"""The lineages, and a party that never committed to anything."""


def test_history_of_a_party_that_never_spoke_is_empty() -> None:
    silent = load_bytes(NORWAY_SILENT.encode(), name="lineages.yaml").ledger
    assert silent is not None
    assert query.history(silent, "NO") == ()


def _generated_ledger(commitments: int) -> Ledger:
    generator = Path(__file__).parent.parent / "benchmarks" / "generate.py"
    text = subprocess.run([sys.executable, str(generator), str(commitments)], capture_output=True, check=True).stdout
    ledger = load_bytes(text, name="generated.yaml").ledger
    assert ledger is not None
    return ledger


@pytest.mark.parametrize("source", ["shipped", "generated", "lineages"])
def test_a_partys_position_is_the_ledgers_position_cut_to_the_party(source: str) -> None:
    """`shown` works out a party's position from its own commitments only: lineages never cross
    parties. It must equal the whole ledger's position, filtered."""
    if source == "shipped":
        data = (Path(__file__).parent.parent / "data" / "commitments.yaml").read_bytes()
        ledger = load_bytes(data, name="commitments.yaml").ledger
    elif source == "generated":
        ledger = _generated_ledger(600)
    else:
        ledger = load_bytes(textwrap.dedent(LINEAGES).encode(), name="lineages.yaml").ledger
    assert ledger is not None
    codes = sorted({c.party for c in ledger.commitments})
    days = sorted({m.date for m in ledger.meetings})
    cutoffs = [query.resolve_point(ledger, query.LATEST), days[0], days[len(days) // 2], days[-1]]
    checked = 0
    for cutoff in cutoffs:
        for parties in [*({code} for code in codes), set(codes[:3])]:
            flt = query.Filter(parties=frozenset(parties))
            expected = query.select(ledger, flt, query.as_of(ledger, cutoff))
            assert query.shown(ledger, flt, cutoff) == expected
            checked += bool(expected)
    assert checked > len(codes)
