"""The shipped record, data/commitments.yaml: it checks clean, it is sourced from the fact sheet,
and every change of position the fact sheet lists (CH-01 … CH-28) shows between its two meetings."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from ledger.core import query, summary
from ledger.load.result import load_path
from ledger.model.models import UNKNOWN_CURRENCY, Commitment, Ledger, Source

from .support import ROOT, SHARED, run

DATA = ROOT / "data" / "commitments.yaml"
# The sheet sits in ../shared/facts beside the checkout; LEDGER_FACT_SHEET names it elsewhere.
FACT_SHEET = Path(os.environ.get("LEDGER_FACT_SHEET") or SHARED / "facts" / "coalition-meetings.md")

needs_fact_sheet = pytest.mark.skipif(
    not FACT_SHEET.is_file() and os.environ.get("CI") != "true",
    reason="the fact sheet sits in ../shared/facts beside the checkout (or LEDGER_FACT_SHEET); CI must provide it",
)


@cache
def record() -> Ledger:
    result = load_path(DATA)
    assert result.ledger is not None, [str(d) for d in result.errors]
    return result.ledger


# -- the record as a whole ----------------------------------------------------------------


def test_check_passes_on_the_record() -> None:
    result = run("check", "--data", str(DATA))
    assert result.exit_code == 0, result.output
    assert "error" not in result.output


def test_meetings_lists_at_least_14_meetings_in_date_order() -> None:
    rows = json.loads(run("meetings", "--data", str(DATA), "--format", "json").stdout)
    assert len(rows) >= 14
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_at_least_150_commitments_each_with_a_source_url() -> None:
    commitments = record().commitments
    assert len(commitments) >= 150
    assert all(c.sources and all(s.url.startswith(("https://", "http://")) for s in c.sources) for c in commitments)


# -- fidelity to the fact sheet -----------------------------------------------------------

_URL = re.compile(r"https?://[^\s|)]+")
_ROW_ID = re.compile(r"^[A-Z][A-Z0-9]*-[A-Za-z0-9]+$")
_SAME = re.compile(r"^same(?:$|[ ;\[])")  # "same", "same; Adnkronos", "same [RU-state]"
_SAME_AS = re.compile(r"^same as ([A-Z][A-Z0-9]*-[A-Za-z0-9]+)$")


def _urls(text: str) -> set[str]:
    return {url.rstrip(".,") for url in _URL.findall(text)}


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


@dataclass(frozen=True)
class _Row:
    table: int
    position: int  # index within its table's data rows
    text: str


@dataclass
class _Sheet:
    """The fact sheet's tables: rows by id, and every URL."""

    urls: set[str] = field(default_factory=set)
    rows: dict[str, _Row] = field(default_factory=dict)
    tables: list[list[str]] = field(default_factory=list)


@cache
def sheet() -> _Sheet:
    text = FACT_SHEET.read_text(encoding="utf-8")
    parsed = _Sheet(urls=_urls(text))
    in_table = False
    for line in text.splitlines():
        if not line.startswith("|"):
            in_table = False
            continue
        if not in_table:
            parsed.tables.append([])
            in_table = True
        parsed.tables[-1].append(line)
        rows = parsed.tables[-1]
        first = _cells(line)[0]
        if len(rows) > 2 and _ROW_ID.match(first):  # past the header and separator
            parsed.rows[first] = _Row(len(parsed.tables) - 1, len(rows) - 3, line)
    return parsed


@cache
def allowed_urls(row_id: str) -> frozenset[str]:
    """The URLs an entry citing `row_id` may carry: the row's own, and those a cell of the row
    points at — "same" (a URL or source given by the row above), "same as ID" (that row's).
    Nothing else: a URL that another row gives needs that row in `refs`."""
    facts = sheet()
    row = facts.rows[row_id]
    allowed = set(_urls(row.text))
    for cell in _cells(row.text):
        if match := _SAME_AS.match(cell):
            allowed |= allowed_urls(match.group(1))
        elif _SAME.match(cell) and row.position > 0:
            above = facts.tables[row.table][2 + row.position - 1]
            above_id = _cells(above)[0]
            allowed |= allowed_urls(above_id) if above_id in facts.rows else _urls(above)
    return frozenset(allowed)


def _sources(ledger: Ledger) -> Iterator[tuple[str, Source]]:
    for meeting in ledger.meetings:
        for source in (*meeting.sources, *(s for d in meeting.disputed for s in d.sources)):
            yield meeting.id, source
    for commitment in ledger.commitments:
        for source in _commitment_sources(commitment):
            yield commitment.id, source


def _commitment_sources(commitment: Commitment) -> tuple[Source, ...]:
    return (*commitment.sources, *(s for d in commitment.disputed for s in d.sources))


@needs_fact_sheet
def test_every_url_in_the_data_is_one_the_fact_sheet_gives() -> None:
    known = sheet().urls
    documents = [(m.id, d.url) for m in record().meetings for d in m.documents if d.url]
    unknown = [(owner, s.url) for owner, s in _sources(record()) if s.url not in known]
    unknown += [(owner, url) for owner, url in documents if url not in known]
    assert unknown == []


@needs_fact_sheet
def test_every_refs_id_is_a_row_of_the_fact_sheet() -> None:
    rows = sheet().rows
    missing = [(c.id, ref) for c in record().commitments for ref in c.refs if ref not in rows]
    assert missing == []
    assert all(c.refs for c in record().commitments), "every commitment names the rows it is built from"


@needs_fact_sheet
def test_each_commitment_cites_urls_from_the_rows_it_refs() -> None:
    strays = [
        (c.id, s.url)
        for c in record().commitments
        for s in _commitment_sources(c)
        if not any(s.url in allowed_urls(ref) for ref in c.refs)
    ]
    assert strays == []


# -- what each entry is: a pledge, a call, a view (DESIGN §2) ---------------------------------

# fmt: off
STATUS_AUDIT = {  # id → (status, the fact sheet's words that decide it)
    # changed from committed: the party asks others, gives a view, or reports work done
    "fr-other-london-2025-03-02": ("urged", "Paris and London propose a one-month truce"),
    "fi-other-paris-2025-03-27": ("urged", "Stubb: two phases"),
    "it-guarantee-paris-2025-03-27": ("urged", 'prefers extending NATO Art. 5-type clause to Ukraine'),
    "coalition-troops-ready-brussels-2025-04-10": ("considering", "signalled readiness to send troops"),
    "lt-other-brussels-2025-04-10": ("urged", "if we can't even raise 64,000"),
    "coalition-other-kyiv-2025-05-10": ("urged", "Demand: full, unconditional 30-day ceasefire"),
    "dk-other-kyiv-2025-05-10": ("view", "Putin shows no sign of wanting peace"),
    "us-guarantee-virtual-2025-08-17": ("considering", "commended Trump's commitment to security guarantees"),
    "eu-guarantee-virtual-2025-08-19": ("urged", "Time to accelerate practical work on guarantees"),
    "coalition-other-paris-2025-09-04": ("fulfilled", "the work of military planners is complete"),
    "gb-other-paris-2025-09-04": ("view", "Starmer welcomed partners' announcements"),
    "us-sanctions-paris-2025-09-04": ("urged", "Europe must stop buying Russian oil"),
    "it-guarantee-paris-2025-09-04": ("urged", "proposes Article-5-inspired collective security mechanism"),
    "es-other-paris-2025-09-04": ("urged", "maintain pressure on Russia"),
    "ee-other-paris-2025-09-04": ("view", "Russia has no say"),
    "lt-troops-paris-2025-09-04": ("urged", "Nausėda urged the coalition to begin concrete planning"),
    "nato-other-paris-2025-09-04": ("view", "not up to Russia to decide"),
    "ua-other-paris-2025-09-04": ("view", "first serious concrete step"),
    "ua-other-airspace-paris-2025-09-04": ("urged", "Zelensky proposed to Trump a special format"),
    "dk-aid-london-2025-10-24": ("urged", 'needed "before Christmas Eve"'),
    "coalition-other-virtual-2025-11-25": ("urged", "borders must not be changed by force"),
    "coalition-aid-virtual-2025-11-25": ("urged", "Leaders called for a swift decision on long-term financing"),
    "fr-regeneration-virtual-2025-11-25": ("urged", 'strong Ukrainian army without "limitation"'),
    "pl-other-virtual-2025-11-25": ("urged", '"No decisions about us without us"'),
    "fr-other-virtual-2025-12-11": ("view", "meeting to advance security guarantees"),
    "us-monitoring-berlin-2025-12-15": ("considering", "US-led ceasefire monitoring & verification mechanism"),
    "berlin-group-other-berlin-2025-12-15": ("urged", "Decisions on territory are for the people of Ukraine"),
    "fr-other-backstop-paris-2026-01-06": ("view", 'amount to the "backstop" allies sought'),
    "de-other-emigration-paris-2026-01-06": ("urged", "Merz asked Ukraine to ensure young men do not leave"),
    "it-guarantee-paris-2026-01-06": ("view", "Rome says the summit refined guarantees"),
    "it-monitoring-paris-2026-01-06": ("urged", "Italy backs an effective monitoring mechanism"),
    "ua-other-paris-2026-01-06": ("view", "documents enable legal work with parliaments"),
    "ua-other-answer-paris-2026-01-06": ("urged", "needs guarantees backed by parliaments and US Congress"),
    "ua-other-presence-paris-2026-01-06": ("urged", 'military presence is "mandatory"'),
    "ua-other-virtual-2026-02-24": ("urged", "Headline (21 Feb): Zelensky wants European troops"),
    # confirmed committed: the party itself will do it, and states no condition
    "gb-aid-london-2025-03-02": ("committed", "UK export finance for Ukraine"),
    "fr-aid-paris-2025-03-27": ("committed", "France pledged an additional EUR 2bn"),
    "fr-regeneration-paris-2025-03-27": ("committed", "Joint Franco-British military team to go to Kyiv"),
    "be-aid-kyiv-2025-05-10": ("committed", "plus EUR 1bn/yr weapons"),
    "lt-troops-virtual-2025-08-13": ("committed", "Lithuania ready to provide troops"),
    "fi-guarantee-paris-2025-09-04": ("committed", 'Finland will join the guarantees "in one form or another"'),
    "pl-logistics-paris-2025-09-04": ("committed", "Poland responsible for logistics"),
    "eu-aid-european-council-2025-12-18": ("committed", "Loan of EUR 90 billion to Ukraine"),
    "gb-sanctions-paris-2026-01-06": ("committed", "Further measures on oil tankers"),
    "de-aid-paris-2026-01-06": ("committed", "Germany will keep contributing politically, financially and militarily"),
}
# fmt: on

CALL_WORDS = re.compile(
    r"\b(urg\w*|call(?:ed|s)? (?:for|on)|demand\w*|must|should|needed|asked|wants"
    r"|attend\w*|spoke|propos\w*|headline)\b",
    re.I,
)
COMMITTED_DESPITE_CALL_WORDS = {  # a row worded partly as a call that also states the party's own pledge
    "coalition-guarantee-london-2025-03-02": "the four points are the coalition's own plan",
    "coalition-sanctions-paris-2025-03-27": "the summit agreed to keep its own sanctions",
    "lt-troops-paris-2025-03-27": "ready to send troops (CH-09)",
    "lt-troops-virtual-2025-08-13": "Lithuania ready to provide troops",
    "lt-training-virtual-2025-08-13": "Lithuania ready to provide training facilities",
    "it-monitoring-paris-2025-09-04": "ready to support monitoring outside Ukraine",
    "it-training-paris-2025-09-04": "ready to support training outside Ukraine",
    "eu-aid-european-council-2025-12-18": "the EU approved the loan (J6-00 also quotes a call by Merz)",
    "coalition-sanctions-virtual-2026-02-24": "more sanctions of its own, beside a call on Russia",
}


def _row_facts(commitment: Commitment) -> str:
    return " ".join(_cells(sheet().rows[ref].text)[3] for ref in commitment.refs)


@needs_fact_sheet
@pytest.mark.parametrize(("cid", "expected"), STATUS_AUDIT.items(), ids=list(STATUS_AUDIT))
def test_an_audited_entry_has_the_status_its_fact_sheet_wording_gives(cid: str, expected: tuple[str, str]) -> None:
    status, words = expected
    commitment = next(c for c in record().commitments if c.id == cid)
    assert words in _row_facts(commitment), "the audit quotes the sheet"
    assert commitment.status.value == status


@needs_fact_sheet
def test_no_entry_built_from_a_call_a_demand_or_attendance_is_committed_unless_confirmed() -> None:
    worded_as_calls = {
        c.id for c in record().commitments if c.status.value == "committed" and CALL_WORDS.search(_row_facts(c))
    }
    assert worded_as_calls == set(COMMITTED_DESPITE_CALL_WORDS)


ATTENDANCE = {  # a former entry that only said who attended → the meeting and party that record it
    "nz-other-virtual-2025-03-15": ("virtual-2025-03-15", "NZ"),
    "ca-other-virtual-2025-03-15": ("virtual-2025-03-15", "CA"),
    "us-other-virtual-2025-07-10": ("virtual-2025-07-10", "US"),
    "us-other-virtual-2025-08-13": ("virtual-2025-08-13", "US"),
}


def test_attendance_is_a_meeting_fact_never_a_commitment() -> None:
    ids = {c.id for c in record().commitments}
    meetings = {m.id: m for m in record().meetings}
    for cid, (meeting, party) in ATTENDANCE.items():
        assert cid not in ids
        assert party in {a.party for a in meetings[meeting].attendees}, cid
    brussels = meetings["brussels-2025-04-10"]  # Türkiye hosting a Black Sea meeting, formerly an entry
    assert "tr-maritime-brussels-2025-04-10" not in ids
    assert brussels.notes is not None and "Black Sea" in brussels.notes
    assert "https://en.interfax.com.ua/news/general/1064184.html" in {s.url for s in brussels.sources}
    for first_us in ("virtual-2025-07-10", "virtual-2025-08-13"):  # which one the US first attended is disputed
        assert any("first" in d.reason for d in meetings[first_us].disputed), first_us


# fmt: off
STATED_ON = {  # every statement the sheet dates apart from its meeting's day
    "es-troops-london-2025-03-02": "2024-12",       # "Dec 2024"
    "pl-troops-london-2025-03-02": "2025-02",       # "Feb 2025"
    "pl-logistics-london-2025-03-02": "2025-02",
    "de-troops-london-2025-03-02": "2025-02",       # "(Feb 2025)"
    "nl-troops-london-2025-03-02": "2025-02",       # "Schoof (Feb)"
    "ie-troops-london-2025-03-02": "2025-03-06",    # "Martin (6 Mar)"
    "ie-troops-deterrent-london-2025-03-02": "2025-03-06",
    "fr-troops-paris-2025-03-27": "2025-03-26",     # "Macron (26 Mar, with Zelensky)"
    "ee-troops-brussels-2025-04-10": "2025-04-30",  # "30 Apr: PM Michal"
    "coalition-regeneration-kyiv-2025-05-10": "2025-05-09",  # joint statement, page of 9 May
    "be-troops-kyiv-2025-05-10": "2025-05-20",      # "20 May (after Kyiv)"
    "be-aid-kyiv-2025-05-10": "2025-05-20",
    "hr-troops-virtual-2025-08-17": "2025-08-18",   # "18 Aug: President Milanović"
    "ee-troops-virtual-2025-08-19": "2025-08-22",   # "22 Aug: Michal"
    "us-backstop-paris-2025-09-04": "2025-08-31",   # "Von der Leyen (FT, 31 Aug)"
    "us-troops-paris-2025-09-04": "2025-08",        # "Trump said late August"
    "us-air-paris-2025-09-04": "2025-08",
    "ro-air-paris-2025-09-04": "2025-08-22",        # "n.d. (22 Aug)": the event date, per the sheet's conventions
    "coalition-other-paris-2025-09-04": "2025-09-03",  # "Macron (3 Sep)"
    "nato-guarantee-paris-2025-09-04": "2025-09-03",   # "Rutte (3 Sep)"
    "gb-troops-london-2025-10-24": "2025-10-20",    # "20 Oct (Mansion House)"
    "gb-own-forces-london-2025-10-24": "2025-10-20",
    "fr-other-virtual-2025-12-11": "2025-12-10",    # announced the day before, page of 10 Dec
    "ca-aid-paris-2026-01-06": "2025-12",           # "Halifax (Dec 2025)"
    "ua-other-presence-paris-2026-01-06": "2026-01-03",  # "Pre-summit (3 Jan, Kyiv)"
    "sk-troops-paris-2026-01-06": "2026-01-07",     # "7 Jan 2026 Fico" (CH-28)
    "sk-monitoring-paris-2026-01-06": "2026-01-07",
    "ua-other-answer-paris-2026-01-06": "2026-01-07",  # "Zelensky (7 Jan)"
    "lt-troops-paris-2026-01-06": "2026-01-08",     # "7–8 Jan" (CH-09): the later day, the report's
    "ua-other-virtual-2026-02-24": "2026-02-21",    # "Headline (21 Feb)"
}
# fmt: on


def test_statements_made_apart_from_their_meeting_carry_the_day_they_were_made() -> None:
    assert {c.id: c.stated_on for c in record().commitments if c.stated_on} == STATED_ON


def test_a_statement_after_its_meeting_counts_for_the_meeting_but_not_for_the_day_before_it_was_made() -> None:
    """Slovakia's refusal of 7 January 2026 belongs to the Paris summit of the 6th (its round), but
    the position on the 6th itself, a plain date, does not hold it yet."""
    ledger = record()
    summit = {c.id for c in query.as_of(ledger, query.resolve_point(ledger, "paris-2026-01-06"))}
    on_the_day = {c.id for c in query.as_of(ledger, query.resolve_point(ledger, "2026-01-06"))}
    next_day = {c.id for c in query.as_of(ledger, query.resolve_point(ledger, "2026-01-07"))}
    assert "sk-troops-paris-2026-01-06" in summit and "sk-troops-paris-2026-01-06" in next_day
    assert "sk-troops-paris-2026-01-06" not in on_the_day
    assert "lt-troops-paris-2026-01-06" not in next_day  # said on the 8th
    spain = query.as_of(ledger, query.resolve_point(ledger, "2025-01-01"))  # before any meeting
    assert [c.id for c in spain] == ["es-troops-london-2025-03-02"]  # said in December 2024


# -- money: aid to Ukraine apart, every currency one a source states ---------------------------

_CURRENCY_SIGNS = {"EUR": ("EUR", "€"), "GBP": ("GBP", "£"), "CAD": ("CAD",), "AUD": ("AUD",), "USD": ("USD",)}


def test_a_currency_is_one_the_source_states_and_else_unknown() -> None:
    money = [c for c in record().commitments if c.quantity and summary.is_currency(c.quantity.unit)]
    for c in money:
        assert c.quantity is not None
        unit, words = c.quantity.unit, c.quantity.as_stated
        if unit == UNKNOWN_CURRENCY:
            assert not any(sign in words for signs in _CURRENCY_SIGNS.values() for sign in signs), c.id
        else:
            assert any(sign in words for sign in _CURRENCY_SIGNS[unit]), c.id
    unknown = {c.id for c in money if c.quantity and c.quantity.unit == UNKNOWN_CURRENCY}
    assert unknown == {"ca-own-forces-paris-2026-01-06", "ca-aid-paris-2026-01-06"}  # "$80 billion", "$2.5 billion"


def test_the_summary_adds_into_aid_only_aid_to_ukraine() -> None:
    """Totals recomputed from `show --format json`: the EU's SAFE fund for member states and the UK's
    money to prepare its own troops are kinds of their own, and no total holds them as aid."""
    latest = max(record().meetings, key=lambda m: m.date).id
    shown = json.loads(run("show", "--data", str(DATA), "--as-of", latest, "--format", "json").stdout)
    money = json.loads(run("summary", "--data", str(DATA), "--format", "json").stdout)["money"]
    totals = {(t["kind"], t["unit"], t["group"], t["status"]): (t["count"], t["low"], t["high"]) for t in money}
    by_id = {c["id"]: c for c in shown}
    assert by_id["eu-member-loans-paris-2025-09-04"]["kind"] == "member-loans"
    assert by_id["gb-own-forces-paris-2026-01-06"]["kind"] == "own-forces"
    groups = {p.code for p in record().parties if p.kind.value == "group"}
    recomputed: dict[tuple[str, str, str | None, str], tuple[int, int]] = {}
    for c in shown:
        if c["quantity"] is None or c["uncertain"] is not None or c["status"] == "offered":
            continue
        key = (c["kind"], c["quantity"]["unit"], c["party"] if c["party"] in groups else None, c["status"])
        count, low = recomputed.get(key, (0, 0))
        recomputed[key] = (count + 1, low + c["quantity"]["low"])
    money_keys = {key for key in recomputed if summary.is_currency(key[1]) and key[1] != UNKNOWN_CURRENCY}
    assert {key: recomputed[key] for key in money_keys} == {
        key: (count, low) for key, (count, low, _) in totals.items() if key[3] != "offered"
    }
    assert totals[("aid", "GBP", None, "committed")][1] == 1_600_000_000 + 2_200_000_000  # not the £200m
    assert totals[("own-forces", "GBP", None, "committed")][1] == 200_000_000
    assert totals[("aid", "EUR", None, "committed")][1] == (2 + 1 + 90) * 1_000_000_000  # FR, BE, EU: not SAFE
    assert totals[("member-loans", "EUR", None, "committed")][1] == 150_000_000_000
    assert totals[("aid", "EUR", "COALITION", "committed")][1] == 500_000_000  # not the uncertain EUR 17bn


# -- changes between meetings (the fact sheet's CH-01 … CH-28) ------------------------------


def position(meeting: str, lineage: str) -> Commitment | None:
    """The lineage's commitment in the ledger's position as of `meeting`, if it has one yet."""
    ledger = record()
    parent = {c.id: c.supersedes for c in ledger.commitments}

    def root(cid: str) -> str:
        while (up := parent[cid]) is not None:
            cid = up
        return cid

    wanted = root(lineage)
    held = [c for c in query.as_of(ledger, query.resolve_point(ledger, meeting)) if root(c.id) == wanted]
    assert len(held) <= 1
    return held[0] if held else None


def _facets(commitment: Commitment) -> tuple[object, ...]:
    q = commitment.quantity
    quantity = (q.low, q.high, q.unit) if q else None
    return (
        commitment.kind,
        commitment.status,
        quantity,
        commitment.conditions,
        commitment.location,
        commitment.summary,
    )


def _matches(commitment: Commitment | None, expected: dict[str, object] | None) -> bool:
    """`expected` names a few facets: kind and status exactly, quantity as (low, high), and words that
    summary, location or conditions contain."""
    if expected is None or commitment is None:
        return expected is None and commitment is None
    q = commitment.quantity
    actual: dict[str, object] = {
        "kind": commitment.kind.value,
        "status": commitment.status.value,
        "quantity": (q.low, q.high) if q else None,
    }
    texts = {
        "summary": commitment.summary,
        "location": commitment.location or "",
        "conditions": "; ".join(commitment.conditions),
    }
    for key, value in expected.items():
        if key in texts:
            if str(value).casefold() not in texts[key].casefold():
                return False
        elif actual[key] != value:
            return False
    return True


@dataclass(frozen=True)
class Change:
    row: str
    lineage: str  # any commitment of the lineage that shows the change
    before: str  # meeting id
    after: str
    was: dict[str, object] | None  # facets of the earlier position; None: the lineage has not started
    now: dict[str, object]
    aspect: str = ""

    @property
    def name(self) -> str:
        return f"{self.row} {self.aspect}".strip()


# fmt: off
CHANGES = [
    Change("CH-01", "de-troops-london-2025-03-02", "paris-2025-09-04", "paris-2026-01-06",
           {"status": "refused"},
           {"status": "conditional", "location": "neighbouring NATO territory", "conditions": "Bundestag"}),
    Change("CH-03", "es-troops-london-2025-03-02", "paris-2025-09-04", "paris-2026-01-06",
           {"status": "refused"}, {"status": "conditional", "conditions": "after a ceasefire"}),
    Change("CH-04", "cz-troops-paris-2025-03-27", "virtual-2025-08-13", "paris-2026-01-06",
           {"status": "considering", "summary": "premature"}, {"status": "refused", "summary": "never"}, "troops"),
    Change("CH-04", "cz-aid-virtual-2025-08-13", "virtual-2025-08-13", "paris-2026-01-06",
           {"status": "fulfilled"}, {"status": "conditional", "conditions": "other countries"}, "ammunition"),
    Change("CH-04", "cz-declaration-paris-2026-01-06", "virtual-2025-08-13", "paris-2026-01-06",
           None, {"kind": "declaration", "status": "refused", "summary": "points 1"}, "declaration"),
    Change("CH-05", "us-guarantee-london-2025-03-02", "paris-2025-03-27", "paris-2026-01-06",
           {"status": "refused"}, {"status": "considering", "summary": "Witkoff"}, "guarantee"),
    Change("CH-05", "us-monitoring-kyiv-2025-05-10", "paris-2025-03-27", "paris-2026-01-06",
           None, {"kind": "monitoring", "summary": "lead"}, "monitoring"),
    Change("CH-05", "us-backstop-paris-2025-09-04", "paris-2025-09-04", "paris-2026-01-06",
           {"summary": "American presence"}, {"summary": "did not sign"}, "backstop"),
    Change("CH-07", "fi-guarantee-paris-2025-09-04", "virtual-2025-03-15", "paris-2025-09-04",
           None, {"status": "committed", "summary": "one form or another"}, "joins"),
    Change("CH-07", "fi-guarantee-paris-2025-09-04", "paris-2025-09-04", "virtual-2025-11-25",
           {"status": "committed"}, {"status": "refused", "summary": "security arrangements"}, "arrangements"),
    Change("CH-08", "ca-aid-paris-2025-09-04", "paris-2025-09-04", "paris-2026-01-06",
           {"kind": "aid", "summary": "direct and scalable"},
           {"kind": "troops", "status": "considering", "summary": "training"}),
    Change("CH-09", "lt-troops-paris-2025-03-27", "virtual-2025-08-13", "paris-2026-01-06",
           {"quantity": None}, {"quantity": (200, None)}),
    Change("CH-10", "ee-troops-brussels-2025-04-10", "brussels-2025-04-10", "virtual-2025-08-19",
           {"summary": "company"}, {"summary": "battalion"}, "battalion"),
    Change("CH-10", "ee-troops-brussels-2025-04-10", "virtual-2025-08-19", "paris-2025-09-04",
           {"location": ""}, {"location": "non-contact areas"}, "non-contact areas"),
    Change("CH-11", "be-troops-kyiv-2025-05-10", "kyiv-2025-05-10", "paris-2026-01-06",
           {"kind": "troops", "location": "Ukrainian soil"}, {"kind": "air", "conditions": "US-led monitoring"}),
    Change("CH-11", "be-maritime-paris-2026-01-06", "kyiv-2025-05-10", "paris-2026-01-06",
           None, {"kind": "maritime", "conditions": "firm US backing"}, "naval"),
    Change("CH-12", "it-troops-virtual-2025-03-15", "paris-2025-03-27", "paris-2026-01-06",
           {"status": "conditional", "conditions": "UN"}, {"status": "refused"}, "troops"),
    Change("CH-12", "it-monitoring-paris-2025-09-04", "paris-2025-03-27", "paris-2025-09-04",
           None, {"kind": "monitoring", "location": "outside Ukraine"}, "monitoring"),
    Change("CH-12", "it-training-paris-2025-09-04", "paris-2025-03-27", "paris-2025-09-04",
           None, {"kind": "training", "location": "outside Ukraine"}, "training"),
    Change("CH-12", "it-guarantee-paris-2025-03-27", "paris-2025-09-04", "paris-2026-01-06",
           {"summary": "proposes"}, {"summary": "refined"}, "guarantee"),
    Change("CH-13", "pl-logistics-london-2025-03-02", "paris-2025-09-04", "paris-2026-01-06",
           {"summary": "main hub"}, {"summary": "lead country"}, "logistics"),
    Change("CH-13", "pl-troops-london-2025-03-02", "london-2025-03-02", "paris-2026-01-06",
           {"status": "refused"}, {"status": "refused", "summary": "any scenario"}, "troops"),
    Change("CH-14", "se-troops-brussels-2025-04-10", "brussels-2025-04-10", "paris-2026-01-06",
           {"kind": "troops", "status": "considering"}, {"kind": "air", "status": "conditional", "summary": "Gripen"}),
    Change("CH-15", "no-troops-london-2025-03-02", "london-2025-03-02", "paris-2026-01-06",
           {"kind": "troops", "status": "refused"},
           {"kind": "training", "status": "conditional", "location": "inside Ukraine"}),
    Change("CH-16", "nl-troops-london-2025-03-02", "london-2025-03-02", "paris-2025-09-04",
           {"kind": "troops", "conditions": "clear mandate"}, {"kind": "other", "summary": "would not yet say"}),
    Change("CH-17", "tr-other-london-2025-03-02", "london-2025-03-02", "virtual-2025-11-25",
           {"kind": "other", "status": "considering"}, {"kind": "maritime", "summary": "take the lead"}, "lead"),
    Change("CH-17", "tr-other-london-2025-03-02", "virtual-2025-11-25", "paris-2026-01-06",
           {"summary": "in principle"}, {"summary": "Macron confirmed"}, "progress"),
    Change("CH-18", "coalition-troops-brussels-2025-04-10", "brussels-2025-04-10", "paris-2025-09-04",
           {"quantity": (64000, 64000)}, {"quantity": (25000, 30000)}, "64,000 to 25–30,000"),
    Change("CH-18", "coalition-troops-brussels-2025-04-10", "paris-2025-09-04", "paris-2026-01-06",
           {"quantity": (25000, 30000)}, {"quantity": (15000, 30000)}, "to 15–30,000"),
    Change("CH-18", "gb-troops-london-2025-03-02", "brussels-2025-04-10", "paris-2026-01-06",
           {"quantity": (0, 10000)}, {"quantity": (0, 7500)}, "UK share"),
    Change("CH-19", "coalition-troops-ready-brussels-2025-04-10", "brussels-2025-04-10", "paris-2025-09-04",
           {"quantity": (6, 6)}, {"quantity": (26, 26)}),
    Change("CH-20", "gb-own-forces-london-2025-10-24", "london-2025-10-24", "paris-2026-01-06",
           {"quantity": (100000000, None)}, {"quantity": (200000000, 200000000)}),
    Change("CH-21", "gb-troops-london-2025-03-02", "paris-2025-03-27", "paris-2026-01-06",
           {"conditions": "US engagement"}, {"conditions": "House of Commons vote"}),
    Change("CH-22", "fr-troops-paris-2025-03-27", "virtual-2025-07-10", "paris-2026-01-06",
           {"quantity": None, "summary": "ready to go"}, {"quantity": (2000, None)}),
    Change("CH-23", "coalition-command-virtual-2025-07-10", "virtual-2025-07-10", "paris-2026-01-06",
           {"location": "then London"}, {"summary": "integrating US, Ukrainian and coalition armed forces"}),
    Change("CH-24", "coalition-regeneration-kyiv-2025-05-10", "paris-2025-09-04", "paris-2026-01-06",
           {"quantity": None, "summary": "no limitations"}, {"quantity": (800000, 800000)}, "coalition"),
    Change("CH-24", "berlin-group-regeneration-berlin-2025-12-15", "paris-2025-09-04", "berlin-2025-12-15",
           None, {"quantity": (800000, 800000)}, "Berlin statement"),
    Change("CH-25", "eu-aid-european-council-2025-12-18", "paris-2025-09-04", "paris-2026-01-06",
           None, {"quantity": (90000000000, 90000000000), "summary": "loan"}, "loan"),
    Change("CH-25", "eu-other-missions-paris-2026-01-06", "paris-2025-09-04", "paris-2026-01-06",
           None, {"summary": "civilian and military missions"}, "missions"),
    Change("CH-26", "nz-other-paris-2025-09-04", "virtual-2025-03-15", "paris-2025-09-04",
           None, {"status": "considering", "conditions": "Cabinet"}),  # Luxon's attendance: a meeting fact
    Change("CH-27", "hr-troops-paris-2025-03-27", "paris-2025-03-27", "virtual-2025-08-17",
           {"status": "refused"}, {"status": "refused", "summary": "criticised PM Plenković"}),
    Change("CH-28", "sk-troops-paris-2026-01-06", "european-council-2025-12-18", "paris-2026-01-06",
           None, {"status": "refused", "summary": "not a single Slovak soldier"}, "troops"),
    Change("CH-28", "sk-monitoring-paris-2026-01-06", "european-council-2025-12-18", "paris-2026-01-06",
           None, {"kind": "monitoring", "conditions": "warring parties agree"}, "monitoring"),
]
# fmt: on


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.name)
def test_a_change_between_meetings_shows_in_the_positions(change: Change) -> None:
    old, new = position(change.before, change.lineage), position(change.after, change.lineage)
    assert new is not None
    assert old is None or _facets(old) != _facets(new), "the two meetings give the same position"
    assert _matches(old, change.was), old
    assert _matches(new, change.now), new


def test_ch_02_germany_joins_the_co_chairs() -> None:
    """Not a commitment of Germany's but who chairs: the meetings' hosts show it."""
    hosts = {m.id: m.hosts for m in record().meetings}
    assert "DE" not in hosts["paris-2025-03-27"] and "DE" not in hosts["virtual-2025-07-10"]
    assert all("DE" in hosts[m] for m in ("virtual-2025-08-17", "virtual-2025-11-25", "paris-2026-01-06"))


def test_ch_06_japan_is_open_in_august_and_out_in_september_only_per_state_media() -> None:
    """The later position (S4-JP1: not among the 26, no Self-Defense Forces) rests on TASS alone,
    so it cannot be a commitment; it is recorded as a dispute on Japan's August position, which
    therefore stays Japan's position in every later meeting."""
    august = position("virtual-2025-08-19", "jp-guarantee-virtual-2025-08-19")
    assert august is not None and august.status.value == "considering"
    assert position("paris-2026-01-06", "jp-guarantee-virtual-2025-08-19") == august
    disputed = {s.url: (d.reason, s.reliability.value) for d in august.disputed for s in d.sources}
    reason, reliability = disputed["https://tass.com/world/2013065"]
    assert reliability == "state-media" and "not among the 26" in reason


def test_ch_16_dutch_capacity_in_february_is_state_media_only() -> None:
    """The later position (F24-07, the Dutch chief of defence on 9 February 2026) rests on TASS
    alone: the September 2025 position stays, and carries the report as a dispute."""
    september = position("paris-2025-09-04", "nl-troops-london-2025-03-02")
    assert september is not None
    assert position("virtual-2026-02-24", "nl-troops-london-2025-03-02") == september
    reasons = {s.url: d.reason for d in september.disputed for s in d.sources}
    assert "fully capable" in reasons["https://tass.com/world/2084261"]


def test_ch_19_35_countries_endorse_in_january_with_czech_opt_outs() -> None:
    paris = next(m for m in record().meetings if m.id == "paris-2026-01-06")
    assert paris.participants is not None and paris.participants.count == 35
    czech = position("paris-2026-01-06", "cz-declaration-paris-2026-01-06")
    assert czech is not None and czech.status.value == "refused"


def test_ch_27_croatia_still_refuses_in_january_per_state_media_only() -> None:
    """Croatia's 6 January 2026 statement (J6-HR1) rests on Sputnik Brasil alone: the August 2025
    refusal stays Croatia's position, and the meeting records the report as a dispute."""
    january = position("paris-2026-01-06", "hr-troops-paris-2025-03-27")
    assert january is not None and january.id == "hr-troops-virtual-2025-08-17"
    paris = next(m for m in record().meetings if m.id == "paris-2026-01-06")
    assert any(
        "Croatia" in d.reason and s.reliability.value == "state-media" for d in paris.disputed for s in d.sources
    )


@needs_fact_sheet
def test_every_change_row_of_the_fact_sheet_has_a_test() -> None:
    rows = {row for row in sheet().rows if row.startswith("CH-")}
    named = {c.row for c in CHANGES} | {"CH-02", "CH-06", "CH-16", "CH-19", "CH-27"}
    assert len(rows) == 28
    assert rows == named
