"""`ledger add`'s core: a new entry named by the data's convention, linked, placed and checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ledger.edit.entry import AmbiguousLineage, NewEntry, RejectedEntry, add_entry, missing_fields
from ledger.edit.layout import format_ledger
from ledger.edit.storage import write_atomic
from ledger.errors import UsageError
from ledger.load.loader import load_bytes
from ledger.model.models import Kind, Reliability, Status

from .support import MINIMAL, ROME_MEETING, ROOT, ledger_of, run

SHIPPED = ROOT / "data" / "commitments.yaml"

# Two meetings; Italy refused troops at the first and Norway pledged them there. Invented for the tests.
TWO_MEETINGS = MINIMAL.replace(
    "commitments:\n",
    ROME_MEETING
    + """\
commitments:
  - id: no-troops-paris-2026-01-06
    party: NO
    meeting: paris-2026-01-06
    kind: troops
    status: committed
    summary: Norwegian troops
    sources:
      - url: https://example.org/n
        publisher: Example
        reliability: major
""",
)


def italy(**changes: object) -> NewEntry:
    """A new Italian troops entry at the Rome meeting, with a source: a test fixture, not a fact."""
    given: dict[str, object] = {
        "country": "Italy",
        "meeting": "rome-2026-02-24",
        "kind": Kind.TROOPS,
        "status": Status.CONSIDERING,
        "summary": "Test entry: Italy would consider troops",
        "url": "https://example.org/it",
        "publisher": "Example",
        "reliability": Reliability.MAJOR,
    }
    return NewEntry(**(given | changes))  # type: ignore[arg-type]


def add(text: str, entry: NewEntry) -> tuple[str, str]:
    addition = add_entry(ledger_of(text), text, entry, name="t.yaml")
    return addition.commitment.id, addition.commitment.supersedes or ""


def test_an_italian_position_added_to_the_shipped_file(tmp_path: Path) -> None:
    path = tmp_path / "commitments.yaml"
    path.write_text(format_ledger(SHIPPED.read_text(encoding="utf-8"), name=str(path)).text, encoding="utf-8")
    base = path.read_text(encoding="utf-8")
    ledger = ledger_of(base)
    meeting = next(m for m in ledger.meetings if m.date == dt.date(2026, 2, 24))
    entry = NewEntry(
        country="Italy",
        meeting=meeting.id,
        kind=Kind.TROOPS,
        status=Status.REFUSED,
        summary="Test entry: no Italian troops",
        url="https://example.org/test-entry",
        publisher="Example",
        date=dt.date(2026, 2, 24),
        reliability=Reliability.MAJOR,
    )

    addition = add_entry(ledger, base, entry, name=str(path))

    assert path.read_text(encoding="utf-8") == base  # nothing written
    assert addition.commitment.id == f"it-troops-{meeting.id}" == "it-troops-virtual-2026-02-24"
    earlier = [
        c
        for c in ledger.commitments
        if c.party == "IT"
        and c.kind is Kind.TROOPS
        and next(m for m in ledger.meetings if m.id == c.meeting).date < meeting.date
    ]
    latest = max(earlier, key=lambda c: next(m.date for m in ledger.meetings if m.id == c.meeting))
    assert addition.supersedes == latest
    assert addition.commitment.supersedes == "it-troops-paris-2026-01-06"
    assert addition.proposed
    assert not addition.reformatted

    result = load_bytes(addition.text.encode(), name=str(path))
    assert result.errors == ()
    assert result.ledger is not None
    recheck = format_ledger(addition.text, name=str(path))
    assert (recheck.changed, recheck.moved) == (False, {})
    ids = [c.id for c in result.ledger.commitments]
    at = ids.index(addition.commitment.id)
    assert [ids[at - 1].split("-")[0], ids[at + 1]] == ["coalition", "ua-other-virtual-2026-02-24"]
    heading = addition.text.index("  # ---- 2026-02-24:")
    assert heading < addition.text.index(addition.entry) < addition.text.index("  - id: ua-other-virtual-2026-02-24")
    added = [line[1:] for line in addition.diff.splitlines()[2:] if line.startswith("+")]
    assert added == addition.entry.splitlines()
    assert addition.diff.startswith(f"--- a/{path}\n+++ b/{path}\n")

    write_atomic(path, addition.text)
    assert run("check", "--data", str(path)).exit_code == 0


_NOT_A_WEB_ADDRESS = "is not a web address: it must start with http:// or https:// and name a host"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"country": "Atlantis"}, "unknown country or organisation 'Atlantis'"),
        ({"country": "Itlay"}, "unknown country or organisation 'Itlay'; did you mean 'Italy'?"),
        (
            {"url": "ftp://example.org/x"},
            f"source URL 'ftp://example.org/x' {_NOT_A_WEB_ADDRESS}",
        ),
        (
            {"url": "https://"},
            f"source URL 'https://' {_NOT_A_WEB_ADDRESS}",
        ),
        (
            {"url": "http://[::1"},
            f"source URL 'http://[::1' {_NOT_A_WEB_ADDRESS}",
        ),
        ({"meeting": "2026-03-01"}, "no meeting was held on 2026-03-01 (see `ledger meetings`)"),
        ({"summary": "two\nlines"}, "summary must be one line of text, without control characters"),
        ({"summary": None, "url": None}, "the new entry needs: summary, url"),
        ({"quantity": "5,000", "unit": "troops", "as_stated": "5,000"}, "quantity '5,000' is not LOW, LOW..HIGH"),
        ({"quote": "sì", "lang": "italian"}, "quote.lang: String should match pattern '^[a-z]{2}$'"),
        ({"word": "Prep"}, "the id word 'Prep' must be lower-case letters and digits, joined by hyphens"),
        ({"supersedes": "x", "new_lineage": True}, "an entry that starts a new lineage supersedes nothing"),
    ],
)
def test_a_bad_value_is_refused_in_one_line(tmp_path: Path, changes: dict[str, object], message: str) -> None:
    path = tmp_path / "commitments.yaml"
    path.write_text(TWO_MEETINGS, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        add_entry(ledger_of(TWO_MEETINGS), TWO_MEETINGS, italy(**changes), name=str(path))
    assert caught.value.message.startswith(message)
    assert "\n" not in caught.value.message
    assert path.read_text(encoding="utf-8") == TWO_MEETINGS


def test_missing_fields_are_named_for_the_cli_to_ask() -> None:
    assert missing_fields(NewEntry()) == (
        "country",
        "meeting",
        "kind",
        "status",
        "summary",
        "url",
        "publisher",
        "reliability",
    )
    assert missing_fields(italy(quantity="5000", quote="sì")) == ("unit", "as_stated", "lang")
    assert missing_fields(italy()) == ()


def test_the_id_follows_the_convention_and_takes_the_first_free_number() -> None:
    first = add_entry(ledger_of(TWO_MEETINGS), TWO_MEETINGS, italy(), name="t.yaml")
    assert first.commitment.id == "it-troops-rome-2026-02-24"
    assert add(TWO_MEETINGS, italy()) == add(TWO_MEETINGS, italy())  # the same inputs, the same id
    second = add_entry(ledger_of(first.text), first.text, italy(new_lineage=True), name="t.yaml")
    assert second.commitment.id == "it-troops-2-rome-2026-02-24"
    assert add(TWO_MEETINGS, italy(word="prep"))[0] == "it-troops-prep-rome-2026-02-24"
    assert add(TWO_MEETINGS, italy(meeting="2026-02-24"))[0] == "it-troops-rome-2026-02-24"
    assert add(TWO_MEETINGS, italy(meeting="ROME"))[0] == "it-troops-rome-2026-02-24"


def test_supersedes_is_proposed_given_or_left_out() -> None:
    proposed = add_entry(ledger_of(TWO_MEETINGS), TWO_MEETINGS, italy(), name="t.yaml")
    assert (proposed.commitment.supersedes, proposed.proposed) == ("it-troops", True)
    fresh = add_entry(ledger_of(TWO_MEETINGS), TWO_MEETINGS, italy(new_lineage=True), name="t.yaml")
    assert (fresh.commitment.supersedes, fresh.supersedes, fresh.proposed) == (None, None, False)
    assert add(TWO_MEETINGS, italy(kind=Kind.AIR)) == ("it-air-rome-2026-02-24", "")
    norway = add_entry(ledger_of(TWO_MEETINGS), TWO_MEETINGS, italy(country="no"), name="t.yaml")
    assert norway.commitment.supersedes == "no-troops-paris-2026-01-06"


def test_two_current_positions_make_the_user_choose() -> None:
    text = TWO_MEETINGS.replace("id: no-troops-paris-2026-01-06\n    party: NO", "id: it-troops-b\n    party: IT")
    with pytest.raises(AmbiguousLineage) as caught:
        add_entry(ledger_of(text), text, italy(), name="t.yaml")
    assert [c.id for c in caught.value.candidates] == ["it-troops", "it-troops-b"]
    assert caught.value.message == (
        "Italy had 2 troops positions before rome-2026-02-24 (it-troops, it-troops-b); "
        "say which one the entry supersedes, or that it starts a new lineage"
    )
    assert add(text, italy(supersedes="it-troops-b")) == ("it-troops-rome-2026-02-24", "it-troops-b")


def test_an_entry_the_checks_reject_is_not_added() -> None:
    with pytest.raises(RejectedEntry) as caught:
        add_entry(ledger_of(TWO_MEETINGS), TWO_MEETINGS, italy(supersedes="no-troops-paris-2026-01-06"), name="t.yaml")
    assert caught.value.message == (
        "the entry was not added to t.yaml: error[lineage] 'no-troops-paris-2026-01-06' belongs to party NO, not IT"
    )
    assert [d.code for d in caught.value.diagnostics] == ["lineage"]
    with pytest.raises(RejectedEntry, match=r"error\[unknown-commitment\] commitment 'it-trops' is not defined"):
        add_entry(ledger_of(TWO_MEETINGS), TWO_MEETINGS, italy(supersedes="it-trops"), name="t.yaml")


def test_the_entry_is_written_in_canonical_form_with_its_warnings() -> None:
    entry = italy(
        quantity="2000..",
        unit="troops",
        as_stated="several thousand: a test",
        conditions=("a UN mandate", "NO"),
        quote="forse",
        lang="it",
        reliability=Reliability.AGGREGATOR,
    )
    addition = add_entry(ledger_of(TWO_MEETINGS), TWO_MEETINGS, entry, name="t.yaml")
    assert addition.entry == (
        "  - id: it-troops-rome-2026-02-24\n"
        "    party: IT\n"
        "    meeting: rome-2026-02-24\n"
        "    kind: troops\n"
        "    status: considering\n"
        '    summary: "Test entry: Italy would consider troops"\n'
        "    quantity:\n"
        "      low: 2000\n"
        "      high: null\n"
        "      unit: troops\n"
        '      as_stated: "several thousand: a test"\n'
        '    conditions: [a UN mandate, "NO"]\n'
        "    quote:\n"
        "      text: forse\n"
        "      lang: it\n"
        "    sources:\n"
        "      - url: https://example.org/it\n"
        "        publisher: Example\n"
        "        date: null\n"
        "        reliability: aggregator\n"
        "    supersedes: it-troops\n"
    )
    assert addition.reformatted  # TWO_MEETINGS has no blank lines between sections
    lines = addition.text.splitlines()
    sources = lines.index("  - id: it-troops-rome-2026-02-24") + addition.entry.splitlines().index("    sources:")
    assert [(w.code, w.line) for w in addition.warnings] == [("aggregator-only", sources + 2)]


@pytest.mark.parametrize(
    ("quantity", "low", "high"),
    [("5000", 5000, 5000), ("5_000..10000", 5000, 10000), ("2000..", 2000, None), ("..7500", 0, 7500)],
)
def test_a_quantity_is_an_interval(quantity: str, low: int, high: int | None) -> None:
    entry = italy(quantity=quantity, unit="troops", as_stated="as the test says")
    commitment = add_entry(ledger_of(TWO_MEETINGS), TWO_MEETINGS, entry, name="t.yaml").commitment
    assert commitment.quantity is not None
    assert (commitment.quantity.low, commitment.quantity.high) == (low, high)
