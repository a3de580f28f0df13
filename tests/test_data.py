"""The shipped record, data/commitments.yaml: it checks clean, it is sourced from the fact sheet,
and every change of position the fact sheet lists (CH-01 … CH-28) shows between its two meetings."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import pytest

from ledger import query
from ledger.loader import load_path
from ledger.models import Commitment, Ledger, Source

from .support import ROOT, SHARED, run

DATA = ROOT / "data" / "commitments.yaml"
FACT_SHEET = SHARED / "facts" / "coalition-meetings.md"

needs_fact_sheet = pytest.mark.skipif(
    not FACT_SHEET.is_file() and os.environ.get("CI") != "true",
    reason="the fact sheet sits in ../shared/facts beside the checkout; CI must provide it",
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
_SAME = re.compile(r"\bsame\b|\babove\b")
_SAME_AS = re.compile(r"same as ([A-Z][A-Z0-9]*-[A-Za-z0-9]+)")
_HOST_PREFIXES = {"www", "news", "en", "m", "amp"}


def _urls(text: str) -> set[str]:
    return {url.rstrip(".,") for url in _URL.findall(text)}


@dataclass(frozen=True)
class _Row:
    section: int  # index of the `## ` heading the row sits under
    table: int
    position: int  # index within its table's data rows
    text: str


@dataclass
class _Sheet:
    """The fact sheet's tables: rows by id, every URL, and the id-less rows of each section."""

    urls: set[str] = field(default_factory=set)
    rows: dict[str, _Row] = field(default_factory=dict)
    tables: list[list[str]] = field(default_factory=list)
    section_urls: dict[int, set[str]] = field(default_factory=dict)  # URLs of id-less rows (meeting facts)
    section_rows: dict[int, list[str]] = field(default_factory=dict)


@cache
def sheet() -> _Sheet:
    text = FACT_SHEET.read_text(encoding="utf-8")
    parsed = _Sheet(urls=_urls(text))
    section, in_table = 0, False
    for line in text.splitlines():
        if line.startswith("## "):
            section += 1
        if not line.startswith("|"):
            in_table = False
            continue
        if not in_table:
            parsed.tables.append([])
            in_table = True
        parsed.tables[-1].append(line)
        rows = parsed.tables[-1]
        if len(rows) <= 2:  # header and separator
            continue
        first = line.strip("|").split("|")[0].strip()
        parsed.section_rows.setdefault(section, []).append(line)
        if _ROW_ID.match(first):
            parsed.rows[first] = _Row(section, len(parsed.tables) - 1, len(rows) - 3, line)
        else:
            parsed.section_urls.setdefault(section, set()).update(_urls(line))
    return parsed


def _site(url: str) -> str:
    """The name a row would use for a URL's site: `polskieradio` for www.polskieradio.pl."""
    labels = url.split("/")[2].split(":")[0].split(".")
    names = [label for label in labels[:-1] if label not in _HOST_PREFIXES]
    return names[0] if names else labels[0]


def _names_site(row: str, url: str) -> bool:
    lowered = row.casefold()
    site = _site(url).casefold()
    return bool(re.search(rf"\b{re.escape(site)}\b", lowered)) or site in lowered.replace(" ", "")


@cache
def allowed_urls(row_id: str) -> frozenset[str]:
    """The URLs an entry citing `row_id` may carry: the row's own; for "same" / "same as above" /
    "(X URL above)", those of the rows above it in its table; for "same as ID", that row's; the
    section's meeting-facts rows (they have no id to cite); and a URL given elsewhere in the section
    for a publisher this row names without a URL ("CDE News, n.d." whose page another row gives)."""
    facts = sheet()
    row = facts.rows[row_id]
    allowed = set(_urls(row.text))
    if _SAME.search(row.text):
        for above in facts.tables[row.table][2 : 2 + row.position]:
            allowed |= _urls(above)
    for other in _SAME_AS.findall(row.text):
        allowed |= allowed_urls(other)
    allowed |= facts.section_urls.get(row.section, set())
    for line in facts.section_rows[row.section]:
        allowed |= {url for url in _urls(line) if _names_site(row.text, url)}
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
    Change("CH-20", "gb-aid-deployment-london-2025-10-24", "london-2025-10-24", "paris-2026-01-06",
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
    Change("CH-26", "nz-other-virtual-2025-03-15", "virtual-2025-03-15", "paris-2025-09-04",
           {"status": "committed"}, {"status": "considering", "conditions": "Cabinet"}),
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
