"""Rendered output of `show`, `meetings` and `parties` in every format, against golden files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ledger.model.models import Ledger
from ledger.output import terminal
from ledger.output.formats import OutputFormat, render
from ledger.output.views.commitments import parties_document

from .support import run

FIXTURE = """\
schema: 1
parties:
  - code: FR
    name: France
    kind: country
  - code: IT
    name: Italy
    kind: country
  - code: GB
    name: United Kingdom
    kind: country
    aliases: [UK, Britain]
meetings:
  - id: paris-2026-01-06
    date: 2026-01-06
    title: Coalition summit
    place: Paris, Élysée Palace
    format: in-person
    hosts: [FR, GB]
    participants: {count: 35, as_stated: 35 countries}
    sources:
      - {url: https://example.org/m, publisher: Élysée, date: 2026-01-06, reliability: official}
commitments:
  - id: fr-troops
    party: FR
    meeting: paris-2026-01-06
    kind: troops
    status: conditional
    summary: Several thousand French soldiers could deploy after a ceasefire
    quantity: {low: 2000, high: null, unit: troops, as_stated: plusieurs milliers d'hommes}
    conditions: [after a ceasefire, not combat forces]
    quote: {text: "plusieurs milliers d'hommes", lang: fr, speaker: Emmanuel Macron}
    sources:
      - {url: https://example.org/fr, publisher: "Tahiti Infos (AFP)", date: 2026-01-06, reliability: major}
  - id: it-troops
    party: IT
    meeting: paris-2026-01-06
    kind: troops
    status: refused
    summary: No Italian troops on the ground | not even "a few"
    sources:
      - {url: https://example.org/it, publisher: Secolo d'Italia, reliability: major}
  - id: gb-aid
    party: GB
    meeting: paris-2026-01-06
    kind: aid
    status: committed
    summary: A package to prepare British troops for a deployment
    quantity: {low: 200000000, high: 200000000, unit: GBP, as_stated: £200 million}
    sources:
      - {url: https://example.org/gb, publisher: BritBrief, reliability: aggregator}
"""


@pytest.fixture
def fixture_path(write_ledger: Callable[..., Path]) -> Path:
    return write_ledger(FIXTURE)


EXTENSIONS = {
    OutputFormat.TABLE: "txt",
    OutputFormat.JSON: "json",
    OutputFormat.CSV: "csv",
    OutputFormat.MARKDOWN: "md",
}


@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize("command", ["show", "meetings", "parties"])
def test_rendered_output_matches_golden(
    command: str, fmt: OutputFormat, fixture_path: Path, golden: Callable[[str, str], None]
) -> None:
    result = run(command, "--data", str(fixture_path), "--format", fmt.value)
    assert result.exit_code == 0, result.output
    golden(f"{command}.{EXTENSIONS[fmt]}", result.stdout)


def test_every_format_has_a_renderer(fixture_path: Path) -> None:
    for fmt in OutputFormat:
        assert run("show", "--data", str(fixture_path), "-f", fmt.value).stdout


def test_json_has_every_field_and_round_trips(fixture_path: Path) -> None:
    records = json.loads(run("show", "--data", str(fixture_path), "-f", "json").stdout)
    assert [r["id"] for r in records] == ["fr-troops", "it-troops", "gb-aid"]
    assert set(records[0]) >= {"id", "party", "party_name", "meeting", "date", "quantity", "quote", "sources", "refs"}
    quantity = {"low": 2000, "high": None, "unit": "troops", "as_stated": "plusieurs milliers d'hommes"}
    assert records[0]["quantity"] == quantity


def test_csv_round_trips_through_the_standard_library(fixture_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run("show", "--data", str(fixture_path), "-f", "csv").stdout)))
    assert rows[1]["summary"] == 'No Italian troops on the ground | not even "a few"'
    assert rows[0]["conditions"] == "after a ceasefire | not combat forces"
    assert rows[2]["quantity_unit"] == "GBP"


def test_markdown_escapes_pipes(fixture_path: Path) -> None:
    out = run("show", "--data", str(fixture_path), "-f", "markdown").stdout
    assert "No Italian troops on the ground \\| not even" in out


def test_the_party_column_is_hidden_only_when_the_title_names_the_party(
    write_ledger: Callable[..., Path],
) -> None:
    path = str(write_ledger(FIXTURE))
    assert "France" in run("show", "--data", path, "--kind", "troops", "--status", "conditional").stdout
    titled = run("show", "--data", path, "--country", "France").stdout
    assert titled.splitlines()[0].strip() == "France"
    assert " party " not in titled


def test_an_empty_csv_still_has_its_header(fixture_path: Path) -> None:
    out = run("show", "--data", str(fixture_path), "--status", "withdrawn", "-f", "csv").stdout
    assert out.startswith("id,party,party_name,meeting,date,kind,status,summary,")
    assert out.count("\n") == 1


def test_a_meeting_over_several_days_reads_as_a_span(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(FIXTURE.replace("    date: 2026-01-06\n", "    date: 2025-12-31\n    end_date: 2026-01-02\n"))
    assert "| 2025-12-31 to 2026-01-02 |" in run("meetings", "--data", str(path), "-f", "markdown").stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_terminal_reads_no_markup_or_control_character_even_in_plain_strings() -> None:
    """Views hand rich `Text`; the console itself is the second guard, for any string that slips
    through: markup and emoji codes stay text, control characters are shown as code points."""
    from rich.table import Table

    table = Table(title="[/bold] [link=https://evil.example]x[/link]", min_width=60)
    table.add_column(":smile:")
    table.add_row("\x1b[2J\x9b31m \u202eright-to-left")
    stream = _Terminal()
    terminal.write(table, stream)
    shown = stream.getvalue()
    assert "[/bold] [link=https://evil.example]x[/link]" in shown
    assert ":smile:" in shown
    assert "<U+001B>[2J<U+009B>31m <U+202E>right-to-left" in shown
    assert "\x1b]8;" not in shown and "\x9b" not in shown and "\u202e" not in shown


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [
        (OutputFormat.TABLE, "It<U+200B>aly <U+001B>[2J"),
        (OutputFormat.MARKDOWN, "It&lt;U+200B&gt;aly &lt;U+001B&gt;\\[2J"),
        (OutputFormat.JSON, '"It\\u200baly \\u001b[2J"'),
    ],
)
def test_text_the_loader_would_refuse_is_still_shown_harmless(fmt: OutputFormat, shown: str) -> None:
    """A ledger that did not come through the loader (a library user's, or a damaged cache)."""
    party = {"code": "IT", "name": "It\u200baly \x1b[2J", "kind": "country"}
    ledger = Ledger.model_validate({"schema": 1, "parties": [party], "meetings": [], "commitments": []})
    stream = io.StringIO()
    terminal.write(render(parties_document(ledger, {}), fmt), stream)
    assert shown in stream.getvalue()
