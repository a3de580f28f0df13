"""`ledger show`, `meetings` and `parties` on the shipped record and on small ledgers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .support import MINIMAL, ROOT, run

DATA = str(ROOT / "data" / "commitments.yaml")


def test_italy_refused_ground_troops_on_6_january_2026() -> None:
    records = json.loads(run("show", "--data", DATA, "--country", "Italy", "-f", "json").stdout)
    refusal = [r for r in records if r["meeting"] == "paris-2026-01-06" and r["kind"] == "troops"]
    assert [r["status"] for r in refusal] == ["refused"]
    assert refusal[0]["sources"][0]["url"].startswith("https://")


@pytest.mark.parametrize("name", ["UK", "gb", "United Kingdom", "Royaume-Uni", "royaume uni", "Britain"])
def test_the_united_kingdom_answers_to_every_name(name: str) -> None:
    expected = run("show", "--data", DATA, "--country", "GB", "-f", "csv").stdout
    assert run("show", "--data", DATA, "--country", name, "-f", "csv").stdout == expected
    assert expected.count("\n") > 1


@pytest.mark.parametrize(("name", "code"), [("Italie", "IT"), ("Allemagne", "DE"), ("Türkiye", "TR"), ("turkey", "TR")])
def test_french_names_and_accents_resolve(name: str, code: str) -> None:
    records = json.loads(run("show", "--data", DATA, "--country", name, "-f", "json").stdout)
    assert records
    assert {r["party"] for r in records} == {code}


def test_a_misspelt_country_is_a_usage_error_with_a_suggestion() -> None:
    result = run("show", "--data", DATA, "--country", "Itlay")
    assert result.exit_code == 2
    assert result.stderr == "error: unknown country or organisation 'Itlay'; did you mean 'Italy'?\n"
    assert result.stdout == ""


def test_filters_combine(write_ledger: Callable[..., Path]) -> None:
    path = str(write_ledger())
    assert json.loads(run("show", "--data", path, "--kind", "troops", "--status", "refused", "-f", "json").stdout)
    assert json.loads(run("show", "--data", path, "--status", "committed", "-f", "json").stdout) == []
    assert json.loads(run("show", "--data", path, "--min-reliability", "official", "-f", "json").stdout) == []


def test_unquoted_no_resolves_to_norway(write_ledger: Callable[..., Path]) -> None:
    path = str(write_ledger(MINIMAL.replace("party: IT", "party: NO")))
    records = json.loads(run("show", "--data", path, "--country", "Norway", "-f", "json").stdout)
    assert [(r["party"], r["party_name"]) for r in records] == [("NO", "Norway")]


def test_a_broken_file_stops_show_with_its_errors(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(MINIMAL.replace("status: refused", "status: maybe"))
    result = run("show", "--data", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"1 error in {path}"


def test_a_missing_data_file_is_one_line(tmp_path: Path) -> None:
    result = run("show", "--data", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nope.yaml'}: no such file\n"


def test_the_data_path_can_come_from_the_environment(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(MINIMAL.replace("No Italian troops", "Env troops"))
    assert "Env troops" in run("show", env={"LEDGER_DATA": str(path)}).stdout


def test_meetings_are_listed_in_date_order() -> None:
    records = json.loads(run("meetings", "--data", DATA, "-f", "json").stdout)
    dates = [r["date"] for r in records]
    assert dates == sorted(dates)
    assert len(records) >= 14


def test_no_ansi_codes_when_piped() -> None:
    result = run("show", "--data", DATA, "--country", "Italy", env={"NO_COLOR": ""})
    assert "\x1b[" not in result.stdout
