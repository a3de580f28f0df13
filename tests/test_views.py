"""Every view in every format, against golden files: a table at 60, 80 and 120 columns (no
data hidden at any width), JSON, CSV and Markdown. The ledger below holds a commitment of every
kind (the widest grid), a dispute, a superseded refusal, a statement made after its meeting and
a quantity that changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ledger.model.vocabulary import Kind

from .support import run

SOURCE = "sources: [{url: 'https://example.org/s', publisher: Le Monde, reliability: major}]"
EVERY_KIND = "".join(
    f"""
  - id: fr-{kind.value}
    party: FR
    meeting: paris-2026-01-06
    kind: {kind.value}
    status: committed
    summary: France on {kind.value}
    {SOURCE}
"""
    for kind in Kind
)
FIXTURE = f"""\
schema: 1
parties:
  - {{code: FR, name: France, kind: country}}
  - {{code: DE, name: Germany, kind: country}}
  - {{code: COALITION, name: Coalition of the willing, kind: group}}
meetings:
  - id: paris-2025-09-04
    date: 2025-09-04
    title: Summit
    place: Paris
    format: hybrid
    participants: {{count: 35, as_stated: 35 countries}}
    {SOURCE}
    disputed:
      - reason: Another outlet counts 33 states
        sources: [{{url: 'https://example.org/d', publisher: Ukrainska Pravda, reliability: major}}]
  - id: paris-2026-01-06
    date: 2026-01-06
    title: Summit
    place: Paris
    format: in-person
    {SOURCE}
commitments:
  - id: de-troops-1
    party: DE
    meeting: paris-2025-09-04
    kind: troops
    status: refused
    summary: No German ground troops
    {SOURCE}
  - id: de-troops-2
    party: DE
    meeting: paris-2026-01-06
    stated_on: 2026-01-08
    kind: troops
    status: conditional
    summary: Forces on neighbouring NATO territory after a ceasefire
    quantity: {{low: 1000, high: 2000, unit: troops, as_stated: one or two thousand}}
    conditions: [after a ceasefire]
    supersedes: de-troops-1
    {SOURCE}
    disputed:
      - reason: BILD reports Germany will send no troops even after a ceasefire
        sources: [{{url: 'https://example.org/b', publisher: Caliber.az, reliability: aggregator}}]
  - id: coalition-troops-1
    party: COALITION
    meeting: paris-2025-09-04
    kind: troops
    status: conditional
    summary: A reassurance force
    quantity: {{low: 100, high: 200, unit: troops, as_stated: 100 to 200}}
    {SOURCE}
  - id: coalition-troops-2
    party: COALITION
    meeting: paris-2026-01-06
    kind: troops
    status: conditional
    summary: A reassurance force
    quantity: {{low: 200, high: 200, unit: troops, as_stated: "200"}}
    supersedes: coalition-troops-1
    {SOURCE}
{EVERY_KIND}"""

COMMANDS = {
    "show": ["show"],
    "show-all": ["show", "--all"],
    "meetings": ["meetings"],
    "parties": ["parties"],
    "matrix": ["matrix"],
    "summary": ["summary"],
    "history": ["history", "--country", "Germany"],
    "diff": ["diff", "paris-2025-09-04", "paris-2026-01-06"],
}
EXTENSIONS = {"json": "json", "csv": "csv", "markdown": "md"}


@pytest.fixture
def data(write_ledger: Callable[..., Path]) -> str:
    return str(write_ledger(FIXTURE))


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("name", COMMANDS)
def test_a_table_at_every_width(
    name: str, width: int, data: str, monkeypatch: pytest.MonkeyPatch, golden: Callable[[str, str], None]
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run(*COMMANDS[name], "--data", data)
    assert result.exit_code == 0, result.output
    assert all(len(line) <= width for line in result.stdout.splitlines()), result.stdout
    assert not result.stdout.startswith("\n") and all(line == line.rstrip() for line in result.stdout.splitlines())
    golden(f"views/{name}.{width}.txt", result.stdout)


@pytest.mark.parametrize("fmt", EXTENSIONS)
@pytest.mark.parametrize("name", COMMANDS)
def test_every_view_in_every_format(name: str, fmt: str, data: str, golden: Callable[[str, str], None]) -> None:
    result = run(*COMMANDS[name], "--data", data, "--format", fmt)
    assert result.exit_code == 0, result.output
    golden(f"views/{name}.{EXTENSIONS[fmt]}", result.stdout)


@pytest.mark.parametrize("width", [60, 80])
def test_a_narrow_matrix_shows_every_kind_and_says_how(data: str, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = run("matrix", "--data", data).stdout
    heads = " ".join(line for line in out.splitlines() if line.startswith("party")).split()
    words = " ".join(out.split())
    assert all(kind.value in heads or f"= {kind.value}" in words for kind in Kind)
    assert f"too wide for {width} columns: shown in" in words


def test_a_wide_matrix_is_one_table_with_a_key(data: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    out = run("matrix", "--data", data).stdout
    assert sum(line.startswith("party") for line in out.splitlines()) == 1
    assert "troop = troops" in out and "too wide" not in out


def test_a_dispute_is_marked_and_its_other_side_is_under_the_table(data: str) -> None:
    for fmt in ("table", "markdown"):
        out = run("show", "--data", data, "--country", "DE", "--format", fmt).stdout
        assert "ceasefire ‡1" in out
        assert "‡1 Caliber.az: BILD reports Germany will send no troops" in out
    meetings = run("meetings", "--data", data).stdout
    assert "paris-2025-09-04 ‡1" in meetings and "‡1 Ukrainska Pravda: Another outlet counts 33 states" in meetings


def test_show_is_the_current_position_and_all_marks_what_was_replaced(data: str) -> None:
    current = run("show", "--data", data, "--country", "DE").stdout
    assert "No German ground troops" not in current
    every = run("show", "--data", data, "--country", "DE", "--all").stdout
    assert "No German ground troops" in every
    assert "superseded: by de-troops-2 on 2026-01-08" in every
    said = run("show", "--data", data, "--country", "DE", "--format", "markdown").stdout
    assert "| 2026-01-06 | 2026-01-08 |" in said  # the meeting's date, then the day it was said


def test_a_changed_quantity_reads_as_the_interval_on_both_sides(data: str) -> None:
    out = run("diff", "paris-2025-09-04", "paris-2026-01-06", "--data", data, "-c", "COALITION", "-f", "md").stdout
    assert "| quantity | 100–200 troops (100 to 200) | 200 troops (200) |" in out
    assert "quantity.low" not in out and "quantity.high" not in out


@pytest.mark.parametrize("width", [60, 80])
def test_the_shipped_diff_keeps_every_record_id_whole(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    points = ("paris-2025-09-04", "paris-2026-01-06")
    table = run("diff", *points).stdout
    commitments = json.loads(run("diff", *points, "--format", "json").stdout)["commitments"]
    ids = {e["record"]["id"] for side in ("added", "removed") for e in commitments[side]}
    ids |= {c["new"]["id"] for c in commitments["changed"]}
    assert ids and all(i in table for i in ids)
