"""`ledger matrix` and `ledger summary`: the grid and the totals of a position, in every format."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.core import query
from ledger.core.summary import OFFERED, is_currency, summarise, tabulate
from ledger.load.loader import load_bytes
from ledger.model.models import Kind, Ledger
from ledger.output import words
from ledger.output.formats import OutputFormat
from ledger.output.words import cell_symbol

from .support import run

FIXTURE = """\
schema: 1
parties:
  - {code: FR, name: France, kind: country}
  - {code: DE, name: Germany, kind: country}
  - {code: IT, name: Italy, kind: country}
  - {code: TR, name: Türkiye, kind: country, aliases: [Turkey]}
  - {code: EU, name: European Union, kind: organisation}
  - {code: COALITION, name: Coalition of the willing, kind: group}
meetings:
  - id: paris-2025-09-04
    date: 2025-09-04
    title: First summit
    place: Paris
    format: hybrid
    participants: {count: 30, as_stated: about 30 leaders}
    sources: [{url: https://example.org/m1, publisher: Example, reliability: official}]
  - id: paris-2026-01-06
    date: 2026-01-06
    title: Second summit
    place: Paris
    format: in-person
    participants: {count: 35, as_stated: 35 countries}
    sources: [{url: https://example.org/m2, publisher: Example, reliability: official}]
commitments:
  - id: de-troops-1
    party: DE
    meeting: paris-2025-09-04
    kind: troops
    status: refused
    summary: No German troops for now
    sources: [{url: https://example.org/de1, publisher: Example, reliability: major}]
  - id: de-troops-2
    party: DE
    meeting: paris-2026-01-06
    kind: troops
    status: considering
    summary: German forces could deploy to a neighbouring country
    supersedes: de-troops-1
    sources: [{url: https://example.org/de2, publisher: Example, reliability: major}]
  - id: it-troops
    party: IT
    meeting: paris-2025-09-04
    kind: troops
    status: refused
    summary: No Italian troops on the ground
    sources: [{url: https://example.org/it, publisher: Example, reliability: major}]
  - id: it-monitoring-1
    party: IT
    meeting: paris-2025-09-04
    kind: monitoring
    status: committed
    summary: Italy backs ceasefire monitoring
    sources: [{url: https://example.org/it2, publisher: Example, reliability: major}]
  - id: it-monitoring-2
    party: IT
    meeting: paris-2026-01-06
    kind: monitoring
    status: withdrawn
    summary: Italy no longer offers monitors
    supersedes: it-monitoring-1
    sources: [{url: https://example.org/it3, publisher: Example, reliability: major}]
  - id: fr-troops
    party: FR
    meeting: paris-2026-01-06
    kind: troops
    status: conditional
    summary: Several thousand French soldiers after a ceasefire
    quantity: {low: 2000, high: null, unit: troops, as_stated: plusieurs milliers}
    conditions: [after a ceasefire]
    sources: [{url: https://example.org/fr, publisher: Example, reliability: official}]
  - id: fr-air-1
    party: FR
    meeting: paris-2025-09-04
    kind: air
    status: committed
    summary: French jets for air policing
    quantity: {low: 4, high: 4, unit: aircraft, as_stated: four jets}
    sources: [{url: https://example.org/fr2, publisher: Example, reliability: official}]
  - id: fr-air-2
    party: FR
    meeting: paris-2026-01-06
    kind: air
    status: considering
    summary: Further French aircraft are possible
    quantity: {low: 0, high: 6, unit: aircraft, as_stated: up to six more}
    sources: [{url: https://example.org/fr3, publisher: Example, reliability: major}]
  - id: tr-maritime
    party: TR
    meeting: paris-2026-01-06
    kind: maritime
    status: conditional
    summary: Türkiye could lead Black Sea demining
    conditions: [a ceasefire]
    sources: [{url: https://example.org/tr, publisher: Example, reliability: major}]
  - id: fr-aid
    party: FR
    meeting: paris-2025-09-04
    kind: aid
    status: committed
    summary: Two billion euros of military aid
    quantity: {low: 2000000000, high: 2000000000, unit: EUR, as_stated: EUR 2bn}
    sources: [{url: https://example.org/fr4, publisher: Example, reliability: official}]
  - id: eu-aid
    party: EU
    meeting: paris-2026-01-06
    kind: aid
    status: committed
    summary: A loan of ninety billion euros
    quantity: {low: 90000000000, high: 90000000000, unit: EUR, as_stated: EUR 90 billion}
    sources: [{url: https://example.org/eu, publisher: Example, reliability: official}]
  - id: coalition-troops
    party: COALITION
    meeting: paris-2026-01-06
    kind: troops
    status: conditional
    summary: A force of 15,000 to 30,000 after a ceasefire
    quantity: {low: 15000, high: 30000, unit: troops, as_stated: "15,000–30,000"}
    sources: [{url: https://example.org/c, publisher: Example, reliability: major}]
"""

EXTENSIONS = {
    OutputFormat.TABLE: "txt",
    OutputFormat.JSON: "json",
    OutputFormat.CSV: "csv",
    OutputFormat.MARKDOWN: "md",
}


def _ledger(text: str = FIXTURE) -> Ledger:
    result = load_bytes(text.encode(), name="fixture.yaml")
    assert result.ledger is not None, result.diagnostics
    return result.ledger


@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize("command", ["matrix", "summary"])
def test_output_matches_its_golden_file(
    command: str, fmt: OutputFormat, write_ledger: Callable[..., Path], golden: Callable[[str, str], None]
) -> None:
    result = run(command, "--data", str(write_ledger(FIXTURE)), "--format", fmt.value)
    assert result.exit_code == 0, result.output
    golden(f"{command}.{EXTENSIONS[fmt]}", result.stdout)


def _cells(output: str) -> dict[str, dict[str, Any]]:
    return {row["party"]: row["cells"] for row in json.loads(output)["parties"]}


def test_matrix_shows_each_party_position_as_of_a_meeting(write_ledger: Callable[..., Path]) -> None:
    path = str(write_ledger(FIXTURE))
    before = _cells(run("matrix", "--data", path, "--as-of", "paris-2025", "--format", "json").stdout)
    after = _cells(
        run("matrix", "--data", path, "-k", "troops", "-k", "monitoring", "-k", "maritime", "-f", "json").stdout
    )
    assert before["DE"]["troops"]["status"] == "refused"
    assert after["DE"]["troops"]["status"] == "considering"  # the revision replaces the refusal
    assert before["IT"]["monitoring"]["status"] == "committed"
    assert after["IT"]["monitoring"]["status"] == "none"  # a withdrawal ends the lineage
    assert after["IT"]["troops"]["status"] == "refused"
    assert after["TR"]["maritime"]["status"] == "conditional"
    assert "TR" not in before


def test_a_cell_with_several_commitments_shows_the_strongest_and_a_plus() -> None:
    ledger = _ledger()
    cutoff = query.resolve_point(ledger, "paris-2026-01-06")
    grid = tabulate(ledger, query.as_of(ledger, cutoff), cutoff, kinds=[Kind.AIR], parties=["FR"])
    (row,) = grid.rows
    (cell,) = row.cells
    assert [c.id for c in cell.commitments] == ["fr-air-1", "fr-air-2"]
    assert (cell.status, cell_symbol(cell)) == ("committed", "●+")


def test_matrix_filters_by_kind_and_country_and_keeps_asked_parties_without_a_position(
    write_ledger: Callable[..., Path],
) -> None:
    path = str(write_ledger(FIXTURE))
    result = run("matrix", "--data", path, "-k", "maritime", "-c", "Turkey", "-c", "it", "--format", "csv")
    assert result.stdout == "party,party_name,maritime\nIT,Italy,none\nTR,Türkiye,conditional\n"


def test_the_terminal_matrix_carries_its_meaning_without_colour(write_ledger: Callable[..., Path]) -> None:
    result = run("matrix", "--data", str(write_ledger(FIXTURE)), "-k", "troops")
    lines = result.stdout.splitlines()
    assert lines[0] == "Positions as of paris-2026-01-06 (2026-01-06)"
    assert "\x1b[" not in result.stdout
    rows = {line.split()[0]: line.split()[-1] for line in lines[3:7]}
    assert rows == {"France": "◐", "Germany": "○", "Italy": "✗", "Coalition": "◐"}
    legend = "✓ fulfilled ● committed ◐ conditional ○ considering » urged ◇ view ✗ refused · none + several"
    assert legend in " ".join(result.stdout.split())  # it may wrap at the terminal's width


def test_summary_adds_intervals_with_the_open_ended_rule_and_keeps_groups_apart() -> None:
    ledger = _ledger()
    cutoff = query.resolve_point(ledger, "paris-2026-01-06")
    totals = {
        (t.kind.value, t.unit, t.group, t.status): (t.count, t.low, t.high)
        for t in summarise(ledger, query.as_of(ledger, cutoff), cutoff).totals
    }
    assert totals[("troops", "troops", None, "conditional")] == (1, 2000, None)  # "≥ 2,000"
    assert totals[("troops", "troops", "COALITION", "conditional")] == (1, 15000, 30000)
    assert totals[("air", "aircraft", None, "offered")] == (2, 4, 10)
    assert totals[("aid", "EUR", None, "committed")] == (2, 92_000_000_000, 92_000_000_000)


def test_summary_counts_attendance_against_parties_holding_a_position(write_ledger: Callable[..., Path]) -> None:
    record = json.loads(run("summary", "--data", str(write_ledger(FIXTURE)), "--format", "json").stdout)
    assert record["parties"] == {
        "attended": 35,
        "attended_as_stated": "35 countries",
        "holding": ["DE", "EU", "FR", "IT", "TR"],
        "stated_at_meeting": ["DE", "EU", "FR", "IT", "TR"],  # Italy's withdrawal is a statement too
    }


MONEY = """\
schema: 1
parties:
  - {code: FR, name: France, kind: country}
  - {code: GB, name: United Kingdom, kind: country}
  - {code: CA, name: Canada, kind: country}
  - {code: EU, name: European Union, kind: organisation}
  - {code: COALITION, name: Coalition of the willing, kind: group}
meetings:
  - {id: paris-2026-01-06, date: 2026-01-06, title: Summit, place: Paris, format: in-person,
     sources: [{url: "https://example.org/m", publisher: Example, reliability: official}]}
commitments:
  - {id: fr-aid, party: FR, meeting: paris-2026-01-06, kind: aid, status: committed, summary: Aid,
     quantity: {low: 2000000000, high: 2000000000, unit: EUR, as_stated: EUR 2bn}, sources: &s [{url:
     "https://example.org/s", publisher: Example, reliability: official}]}
  - {id: fr-aid-more, party: FR, meeting: paris-2026-01-06, kind: aid, status: committed, summary: More aid,
     quantity: {low: 1000000000, high: 1000000000, unit: EUR, as_stated: EUR 1bn}, sources: *s,
     disputed: [{reason: Another outlet gives half, sources: *s}]}
  - {id: fr-aid-call, party: FR, meeting: paris-2026-01-06, kind: aid, status: urged, summary: Others should pay,
     quantity: {low: 5000000000, high: 5000000000, unit: EUR, as_stated: EUR 5bn}, sources: *s}
  - {id: eu-safe, party: EU, meeting: paris-2026-01-06, kind: member-loans, status: committed, summary: SAFE,
     quantity: {low: 150000000000, high: 150000000000, unit: EUR, as_stated: EUR 150 billion}, sources: *s}
  - {id: gb-prep, party: GB, meeting: paris-2026-01-06, kind: own-forces, status: committed, summary: Prep,
     quantity: {low: 200000000, high: 200000000, unit: GBP, as_stated: £200 million}, sources: *s}
  - {id: ca-aid, party: CA, meeting: paris-2026-01-06, kind: aid, status: committed, summary: Financing,
     quantity: {low: 2500000000, high: 2500000000, unit: unknown-currency, as_stated: $2.5 billion}, sources: *s}
  - {id: ca-aid-more, party: CA, meeting: paris-2026-01-06, kind: aid, status: committed, summary: More,
     quantity: {low: 1000000000, high: 1000000000, unit: unknown-currency, as_stated: $1 billion}, sources: *s}
  - {id: coalition-aid, party: COALITION, meeting: paris-2026-01-06, kind: aid, status: committed, summary: 17bn,
     quantity: {low: 17000000000, high: 17000000000, unit: EUR, as_stated: EUR 17bn}, sources: *s,
     uncertain: An undated page}
"""


def test_totals_keep_aid_loans_and_own_forces_apart_and_add_no_doubtful_or_unstated_money() -> None:
    ledger = _ledger(MONEY)
    cutoff = query.resolve_point(ledger, "paris-2026-01-06")
    result = summarise(ledger, query.as_of(ledger, cutoff), cutoff)
    totals = {(t.kind.value, t.unit, t.group, t.status): (t.count, t.low, t.disputed) for t in result.totals}
    assert totals == {
        ("aid", "EUR", None, "offered"): (2, 3_000_000_000, 1),  # a call on others pledges nothing
        ("aid", "EUR", None, "committed"): (2, 3_000_000_000, 1),  # one of the two figures is disputed
        ("aid", "EUR", None, "urged"): (1, 5_000_000_000, 0),
        ("member-loans", "EUR", None, "offered"): (1, 150_000_000_000, 0),
        ("member-loans", "EUR", None, "committed"): (1, 150_000_000_000, 0),
        ("own-forces", "GBP", None, "offered"): (1, 200_000_000, 0),
        ("own-forces", "GBP", None, "committed"): (1, 200_000_000, 0),
    }
    assert [(e.commitment.id, e.reason) for e in result.left_out] == [
        ("ca-aid", "currency unknown"),  # not even added to the other amount in no stated currency
        ("ca-aid-more", "currency unknown"),
        ("coalition-aid", "uncertain"),
    ]
    assert [c.id for c in result.disputed] == ["fr-aid-more"]
    ((caption, shown),) = words.captioned_totals(result)
    assert caption == (
        "Money, per currency (never converted); including disputed figures: fr-aid-more; "
        "left out: ca-aid (currency unknown), ca-aid-more (currency unknown), coalition-aid (uncertain)"
    )
    assert [(t.kind.value, t.status) for t in shown] == [
        ("aid", "committed"),
        ("aid", "urged"),
        ("member-loans", "committed"),
        ("own-forces", "committed"),
    ]
    assert is_currency("unknown-currency") and is_currency("EUR") and not is_currency("troops")


def test_the_summary_table_says_which_figures_are_disputed_or_left_out(write_ledger: Callable[..., Path]) -> None:
    result = run("summary", "--data", str(write_ledger(MONEY)))
    words = " ".join(result.stdout.split())
    assert "including disputed figures: fr-aid-more" in words
    assert "left out: ca-aid (currency unknown), ca-aid-more (currency unknown), coalition-aid (uncertain)" in words


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("matrix", "--as-of", "rome"), "error: unknown meeting 'rome'"),
        (("summary", "--as-of", "2026-13-01"), "error: '2026-13-01' is not a valid date; write it as YYYY-MM-DD"),
        (("summary", "--as-of", ""), "error: '' is not a meeting id or a YYYY-MM-DD date"),
        (("matrix", "--as-of", "6/1/2026"), "error: '6/1/2026' is not a meeting id or a YYYY-MM-DD date"),
        (("matrix", "--country", "Atlantis"), "error: unknown country or organisation 'Atlantis'"),
    ],
)
def test_a_bad_point_or_name_is_one_line_and_exit_2(
    args: tuple[str, ...], message: str, write_ledger: Callable[..., Path]
) -> None:
    result = run(*args, "--data", str(write_ledger(FIXTURE)))
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1


def test_a_date_before_every_meeting_gives_an_empty_position(write_ledger: Callable[..., Path]) -> None:
    path = str(write_ledger(FIXTURE))
    assert (
        json.loads(run("matrix", "--data", path, "--as-of", "2020-01-01", "--format", "json").stdout)["parties"] == []
    )
    summary = run("summary", "--data", path, "--as-of", "2020-01-01")
    assert summary.stdout.startswith(
        "0 countries or organisations hold a position as of 2020-01-01 (before any meeting)."
    )


NO_MEETINGS = """\
schema: 1
parties:
  - {code: FR, name: France, kind: country}
meetings: []
commitments: []
"""


@pytest.mark.parametrize("command", ["matrix", "summary"])
def test_without_meetings_there_is_no_position_and_it_is_said(command: str, write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(NO_MEETINGS)
    line = f"{path}: no meetings yet, so no position to show\n"
    table = run(command, "--data", str(path))
    assert (table.exit_code, table.stdout, table.stderr) == (0, line, "")
    tools = run(command, "--data", str(path), "--format", "json")
    assert (tools.exit_code, tools.stderr) == (0, line)
    assert json.loads(tools.stdout) == {}
    dated = run(command, "--data", str(path), "--as-of", "2026-01-06", "--format", "json")
    assert json.loads(dated.stdout)["as_of"] == {"date": "2026-01-06", "meeting": None}


# -- property: the totals are those of `show --as-of`, recomputed --------------------------------

PARTIES = [("FR", "country"), ("DE", "country"), ("PL", "country"), ("EU", "organisation"), ("CW", "group")]
MEETINGS = ["m-2025-01-01", "m-2025-02-01", "m-2025-03-01", "m-2025-04-01"]
KINDS = ["troops", "air", "aid", "own-forces"]
STATUSES = ["committed", "conditional", "considering", "urged", "view", "refused", "withdrawn", "fulfilled"]
DOUBTS = ["", "disputed", "uncertain"]

quantities = st.one_of(
    st.none(),
    st.builds(
        lambda low, extra, unit: {"low": low, "high": None if extra is None else low + extra, "unit": unit},
        st.integers(0, 50_000),
        st.one_of(st.none(), st.integers(0, 50_000)),
        st.sampled_from(["troops", "aircraft", "EUR", "GBP", "unknown-currency"]),
    ),
)
steps = st.lists(
    st.tuples(st.sampled_from(STATUSES), quantities, st.sampled_from(DOUBTS)), min_size=1, max_size=len(MEETINGS)
)  # one lineage: a commitment per meeting, each revising the one before
chains = st.lists(
    st.tuples(st.sampled_from([code for code, _ in PARTIES]), st.sampled_from(KINDS), steps, st.integers(0, 3)),
    max_size=8,
)


Step = tuple[str, dict[str, Any] | None, str]


def _random_ledger(lineages: list[tuple[str, str, list[Step], int]]) -> str:
    source = [{"url": "https://example.org/s", "publisher": "Example", "reliability": "official"}]
    commitments = []
    for n, (party, kind, revisions, start) in enumerate(lineages):
        previous = None
        for meeting, (status, quantity, doubt) in zip(MEETINGS[start:], revisions, strict=False):
            commitment = {
                "id": f"c{n}-{meeting}",
                "party": party,
                "meeting": meeting,
                "kind": kind,
                "status": status,
                "summary": f"statement {n}",
                "sources": source,
            }
            if quantity is not None:
                commitment["quantity"] = {**quantity, "as_stated": "as said"}
            if previous is not None:
                commitment["supersedes"] = previous
            if doubt == "disputed":
                commitment["disputed"] = [{"reason": "another figure", "sources": source}]
            elif doubt == "uncertain":
                commitment["uncertain"] = "an undated page"
            commitments.append(commitment)
            previous = commitment["id"]
    document = {
        "schema": 1,
        "parties": [{"code": code, "name": f"Party {code}", "kind": kind} for code, kind in PARTIES],
        "meetings": [
            {"id": m, "date": m[2:], "title": m, "place": "Here", "format": "virtual", "sources": source}
            for m in MEETINGS
        ],
        "commitments": commitments,
    }
    return json.dumps(document)  # JSON is YAML; the strict loader reads it as such


def _recomputed(
    shown: list[dict[str, Any]], groups: frozenset[str] = frozenset(code for code, kind in PARTIES if kind == "group")
) -> tuple[dict[tuple[str, str], int], dict[tuple[Any, ...], list[Any]]]:
    """Counts and interval totals, added up from `show --as-of --format json` alone: an uncertain
    figure, or money in no stated currency, is added to nothing; a group's figures stay apart."""
    offered = {"committed", "conditional", "considering", "fulfilled"}
    counts: dict[tuple[str, str], int] = {}
    totals: dict[tuple[Any, ...], list[Any]] = {}
    for c in shown:
        counts[(c["kind"], c["status"])] = counts.get((c["kind"], c["status"]), 0) + 1
        q = c["quantity"]
        if q is None or c["uncertain"] is not None or q["unit"] == "unknown-currency":
            continue
        group = c["party"] if c["party"] in groups else None
        for status in [c["status"], *(["offered"] if c["status"] in offered else [])]:
            total = totals.setdefault((c["kind"], q["unit"], group, status), [0, 0, 0])
            total[0] += 1
            total[1] += q["low"]
            total[2] = None if total[2] is None or q["high"] is None else total[2] + q["high"]
    return counts, totals


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lineages=chains, point=st.sampled_from([*MEETINGS, "2025-02-15", "2024-12-31"]))
def test_summary_totals_are_those_of_show_as_of(
    lineages: list[tuple[str, str, list[Step], int]],
    point: str,
    write_ledger: Callable[..., Path],
) -> None:
    path = str(write_ledger(_random_ledger(lineages)))
    shown = json.loads(run("show", "--data", path, "--as-of", point, "--format", "json").stdout)
    summary = json.loads(run("summary", "--data", path, "--as-of", point, "--format", "json").stdout)
    matrix = json.loads(run("matrix", "--data", path, "--as-of", point, "--format", "json").stdout)

    counts, totals = _recomputed(shown)
    assert {
        (row["kind"], status): n
        for row in summary["counts"]
        for status, n in row.items()
        if status not in ("kind", "total") and n
    } == counts
    assert {
        (t["kind"], t["unit"], t["group"], t["status"]): [t["count"], t["low"], t["high"]]
        for t in summary["quantities"] + summary["money"]
    } == totals
    assert sum(row["total"] for row in summary["counts"]) == len(shown)
    ledger = _ledger(_random_ledger(lineages))
    cutoff = query.resolve_point(ledger, point)
    core = summarise(ledger, query.as_of(ledger, cutoff), cutoff)
    disputed = {c["id"] for c in shown if c["disputed"] and c["quantity"]}
    left_out = {
        c["id"] for c in shown if c["quantity"] and (c["uncertain"] or c["quantity"]["unit"] == "unknown-currency")
    }
    assert {e.commitment.id for e in core.left_out} == left_out
    assert {c.id for c in core.disputed} == disputed - left_out
    assert sum(t.disputed for t in core.totals if t.status != OFFERED) == len(disputed - left_out)
    assert sorted(summary["parties"]["holding"]) == sorted({c["party"] for c in shown if c["party"] != "CW"})
    in_cells = sorted(i for row in matrix["parties"] for cell in row["cells"].values() for i in cell["commitments"])
    assert in_cells == sorted(c["id"] for c in shown)


def test_the_shipped_totals_are_recomputed_from_json_and_aid_is_aid_to_ukraine() -> None:
    """README ("At a glance") says what each total adds; here each is recomputed from the current
    position, and the EU's SAFE loans to its members and the UK's money to prepare its own forces
    are kept out of aid to Ukraine."""
    shown = json.loads(run("show", "--format", "json").stdout)
    summary = json.loads(run("summary", "--format", "json").stdout)
    left_out = {e["id"] for e in summary["left_out"]}
    groups = frozenset(p["code"] for p in json.loads(run("parties", "--format", "json").stdout) if p["kind"] == "group")
    counts, totals = _recomputed(shown, groups)
    assert {
        (row["kind"], s): n for row in summary["counts"] for s, n in row.items() if s not in ("kind", "total") and n
    } == counts
    assert {
        (t["kind"], t["unit"], t["group"], t["status"]): [t["count"], t["low"], t["high"]]
        for t in summary["quantities"] + summary["money"]
    } == totals
    added = {c["id"] for c in shown if c["quantity"] and c["id"] not in left_out}
    assert {"eu-member-loans-paris-2025-09-04", "gb-own-forces-paris-2026-01-06"} <= added
    kinds = {c["id"]: c["kind"] for c in shown}
    assert kinds["eu-member-loans-paris-2025-09-04"] == "member-loans"
    assert kinds["gb-own-forces-paris-2026-01-06"] == "own-forces"
    assert set(summary["disputed"]) == {c["id"] for c in shown if c["id"] in added and c["disputed"]}
    assert all(c["uncertain"] or c["quantity"]["unit"] == "unknown-currency" for c in shown if c["id"] in left_out)
