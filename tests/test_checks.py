"""Cross-record checks, each driven through the loader on a small inline ledger."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ledger.errors import Severity
from ledger.load.checks import CHECKS
from ledger.load.loader import load_bytes

from .support import MINIMAL, run

SECOND = """\
  - id: it-troops-later
    party: IT
    meeting: paris-2026-01-06
    kind: troops
    status: conditional
    summary: Italy would send troops under a UN mandate
    supersedes: it-troops
    sources:
      - url: https://example.org/b
        publisher: Example
        reliability: major
"""
EARLIER_MEETING = """\
  - id: london-2025-03-02
    date: 2025-03-02
    title: London summit
    place: London
    format: in-person
    sources:
      - url: https://example.org/l
        publisher: Example
        reliability: official
"""


def codes(text: str) -> list[str]:
    return [f"{d.line}:{d.column} {d.code}" for d in load_bytes(text.encode(), name="t.yaml").diagnostics]


def test_every_check_has_a_docstring() -> None:
    assert all(check.__doc__ for check in CHECKS)


def test_supersedes_must_point_to_an_earlier_meeting() -> None:
    assert codes(MINIMAL + SECOND) == ["37:17 lineage"]


def test_supersedes_across_meetings_is_accepted() -> None:
    text = MINIMAL.replace("commitments:\n", EARLIER_MEETING + "commitments:\n").replace(
        "meeting: paris-2026-01-06\n    kind: troops\n    status: refused",
        "meeting: london-2025-03-02\n    kind: troops\n    status: refused",
    )
    assert codes(text + SECOND) == []


def test_supersedes_must_name_the_same_party() -> None:
    text = MINIMAL.replace("commitments:\n", EARLIER_MEETING + "commitments:\n").replace(
        "party: IT\n    meeting: paris-2026-01-06", "party: NO\n    meeting: london-2025-03-02"
    )
    assert codes(text + SECOND) == ["46:17 lineage"]


def test_a_commitment_is_superseded_once() -> None:
    text = MINIMAL.replace("commitments:\n", EARLIER_MEETING + "commitments:\n").replace(
        "meeting: paris-2026-01-06\n    kind: troops\n    status: refused",
        "meeting: london-2025-03-02\n    kind: troops\n    status: refused",
    )
    twice = text + SECOND + SECOND.replace("it-troops-later", "it-troops-again")
    assert codes(twice) == ["57:17 lineage"]


def test_unknown_supersedes_target_suggests_a_close_id() -> None:
    result = load_bytes((MINIMAL + SECOND.replace("supersedes: it-troops", "supersedes: it-trops")).encode(), name="t")
    assert [d.message for d in result.errors] == ["commitment 'it-trops' is not defined (did you mean 'it-troops'?)"]


def test_aggregator_only_sources_warn_without_failing() -> None:
    result = load_bytes(MINIMAL.replace("reliability: major", "reliability: aggregator").encode(), name="t")
    assert result.ledger is not None
    assert [(d.severity, d.code) for d in result.diagnostics] == [(Severity.WARNING, "aggregator-only")]


def test_two_parties_cannot_share_a_name() -> None:
    text = MINIMAL.replace("aliases: [Norge]", "aliases: [Italy]")
    assert codes(text) == ["9:14 ambiguous-name"]


def test_hosts_attendees_and_signatories_must_be_known_parties() -> None:
    text = MINIMAL.replace(
        "    format: in-person\n",
        "    format: in-person\n    hosts: [FR]\n    attendees:\n      - {name: A, role: B, party: DE}\n"
        "    documents:\n      - {title: T, signatories: [IT, ES]}\n",
    )
    assert codes(text) == ["16:13 unknown-party", "18:35 unknown-party", "20:38 unknown-party"]


def test_money_needs_an_iso_currency_and_troops_do_not() -> None:
    quantity = "    quantity: {low: 1, high: 2, unit: %s, as_stated: x}\n"
    assert codes(MINIMAL + quantity % "troops") == []
    assert codes(MINIMAL + quantity % "GBP") == []
    assert codes(MINIMAL + quantity % "XYZ") == ["31:39 currency"]


def test_a_multi_day_meeting_ends_after_it_starts() -> None:
    text = MINIMAL.replace("    date: 2026-01-06\n", "    date: 2026-01-06\n    end_date: 2026-01-05\n")
    assert codes(text) == ["13:15 date-range"]


def test_names_clash_the_way_country_reads_them() -> None:
    assert codes(MINIMAL.replace("aliases: [Norge]", "aliases: [it]")) == ["9:14 ambiguous-name"]
    assert codes(MINIMAL.replace("aliases: [Norge]", "aliases: [ITÁLY]")) == ["9:14 ambiguous-name"]


# Three meetings; a statement tied to the middle one must fall between its neighbours.
ROUNDS = """\
schema: 1
parties:
  - {code: IT, name: Italy, kind: country}
meetings:
  - {id: m1, date: 2025-03-02, title: A, place: A, format: virtual,
     sources: [{url: "https://e.org/1", publisher: E, reliability: official}]}
  - {id: m2, date: 2025-09-04, title: B, place: B, format: virtual,
     sources: [{url: "https://e.org/2", publisher: E, reliability: official}]}
  - {id: m3, date: 2026-01-06, title: C, place: C, format: virtual,
     sources: [{url: "https://e.org/3", publisher: E, reliability: official}]}
commitments:
  - id: it-troops
    party: IT
    meeting: m2
    stated_on: %s
    kind: troops
    status: refused
    summary: No troops
    sources: [{url: "https://e.org/a", publisher: E, reliability: major}]
"""


def test_a_statement_date_between_the_neighbouring_meetings_is_accepted() -> None:
    for stated_on in ("2025-08-22", "2025-09-07", "2025-03", "2026-01"):  # a month may share days with a neighbour
        assert codes(ROUNDS % stated_on) == [], stated_on


def test_a_statement_date_beyond_a_neighbouring_meeting_belongs_to_that_meeting() -> None:
    assert codes(ROUNDS % "2025-03-02") == ["15:16 stated-on"]
    assert codes(ROUNDS % "2026-02") == ["15:16 stated-on"]
    messages = [d.message for d in load_bytes((ROUNDS % "2026-01-06").encode(), name="t").errors]
    assert messages == [
        "stated_on 2026-01-06 is not before the meeting after, 'm3' (2026-01-06); "
        "tie the commitment to that meeting or a later one"
    ]


def test_a_statement_date_on_the_meeting_day_is_a_warning_to_leave_it_out() -> None:
    result = load_bytes((ROUNDS % "2025-09-04").encode(), name="t")
    assert result.ledger is not None
    assert [(d.severity, d.message) for d in result.diagnostics] == [
        (Severity.WARNING, "stated_on 2025-09-04 is the meeting's own date; leave it out")
    ]


def test_a_meeting_named_by_a_prefix_of_its_id_suggests_the_id() -> None:
    result = load_bytes(
        MINIMAL.replace("meeting: paris-2026-01-06\n    kind", "meeting: paris-2026\n    kind").encode(), name="t"
    )
    assert [d.message for d in result.errors] == [
        "meeting 'paris-2026' is not defined (did you mean 'paris-2026-01-06'?)"
    ]


def test_an_id_used_twice_is_one_error_even_when_a_lineage_runs_through_it() -> None:
    twice = MINIMAL + SECOND.replace("it-troops-later", "it-troops")
    assert codes(twice) == ["31:9 duplicate-id"]


# -- what `ledger check` prints: errors always, warnings counted unless asked for -----------------


def test_warnings_are_counted_in_one_line_and_listed_on_request(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(MINIMAL.replace("reliability: major", "reliability: aggregator"))
    counted = run("check", "--data", str(path))
    assert (counted.exit_code, counted.stdout) == (0, "")
    assert counted.stderr == f"{path}: ok — 2 parties, 1 meeting, 1 commitment; 1 warning (--warnings lists them)\n"
    listed = run("check", "--data", str(path), "--warnings")
    assert listed.stdout == f"{path}:28:7: warning[aggregator-only] 'it-troops' rests on aggregator sources only\n"
    assert listed.stderr == f"{path}: ok — 2 parties, 1 meeting, 1 commitment, 1 warning\n"
    as_json = json.loads(run("check", "--data", str(path), "--format", "json").stdout)
    assert as_json["errors"] == []


def test_quiet_prints_the_errors_and_nothing_else(write_ledger: Callable[..., Path]) -> None:
    weak = MINIMAL.replace("reliability: major", "reliability: aggregator")
    sound = run("check", "--quiet", "--data", str(write_ledger(weak)))
    assert (sound.exit_code, sound.stdout, sound.stderr) == (0, "", "")
    broken = write_ledger(weak.replace("party: IT", "party: FR"), "broken.yaml")
    failed = run("check", "-q", "--data", str(broken))
    assert failed.exit_code == 1
    assert failed.stdout == f"{broken}:22:12: error[unknown-party] party 'FR' is not defined\n"
    assert failed.stderr == ""


def test_quiet_and_warnings_together_are_a_usage_error(write_ledger: Callable[..., Path]) -> None:
    result = run("check", "--quiet", "--warnings", "--data", str(write_ledger()))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: --quiet leaves warnings out and --warnings lists them; give one of the two\n"
