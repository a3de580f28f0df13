"""`ledger export datapackage`: a Frictionless package that validates, whose CSV cells hold the
data exactly, written only into a new folder or over an earlier package."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .support import MINIMAL, ROOT, run
from .test_export import LINEAGE, refused

DATA = ROOT / "data" / "commitments.yaml"
NOT_INSTALLED = "frictionless, a test dependency, is not installed: pip install -e '.[test]'"
TABLES = [
    "parties",
    "party_aliases",
    "meetings",
    "meeting_hosts",
    "attendees",
    "documents",
    "signatories",
    "commitments",
    "quantities",
    "conditions",
    "disputes",
    "sources",
    "lineage",
]


def package(data: Path, outdir: Path, *args: str) -> dict[str, object]:
    result = run("export", "datapackage", str(outdir), "--data", str(data), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote 13 tables and datapackage.json into {outdir}\n"
    descriptor = json.loads((outdir / "datapackage.json").read_text(encoding="utf-8"))
    assert isinstance(descriptor, dict)
    return descriptor


@pytest.mark.slow  # frictionless reads and checks every table and key: a few seconds
def test_the_package_validates_with_frictionless(tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless", reason=NOT_INSTALLED)
    descriptor = package(DATA, tmp_path / "package")
    report = frictionless.validate(str(tmp_path / "package" / "datapackage.json"))
    assert report.stats["errors"] == 0, report.flatten(["rowNumber", "fieldName", "type", "message"])
    assert report.valid
    assert [r["name"] for r in descriptor["resources"]] == TABLES  # type: ignore[index]


@pytest.mark.slow
def test_frictionless_finds_a_broken_key(write_ledger: Callable[..., Path], tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless", reason=NOT_INSTALLED)
    outdir = tmp_path / "package"
    package(write_ledger(LINEAGE), outdir)
    lineage = outdir / "lineage.csv"
    lineage.write_text(lineage.read_text(encoding="utf-8").replace("it-troops-2\n", "it-troops-3\n"), encoding="utf-8")
    report = frictionless.validate(str(outdir / "datapackage.json"))
    assert [error[2] for error in report.flatten(["rowNumber", "fieldName", "type"])] == ["foreign-key"]


def test_the_descriptor_says_types_keys_licence_and_sources(write_ledger: Callable[..., Path], tmp_path: Path) -> None:
    descriptor = package(write_ledger(LINEAGE), tmp_path / "package")
    resources = {r["name"]: r for r in descriptor["resources"]}  # type: ignore[attr-defined]
    commitments = resources["commitments"]["schema"]
    assert commitments["primaryKey"] == ["id"]
    assert {"fields": ["supersedes"], "reference": {"resource": "", "fields": ["id"]}} in commitments["foreignKeys"]
    fields = {f["name"]: f for f in commitments["fields"]}
    assert fields["date"]["type"] == "date"
    assert fields["status"]["constraints"]["enum"][:3] == ["committed", "conditional", "considering"]
    assert fields["summary"]["description"] == "One line in English."
    assert resources["signatories"]["schema"]["foreignKeys"][0] == {
        "fields": ["meeting", "document"],
        "reference": {"resource": "documents", "fields": ["meeting", "position"]},
    }
    assert descriptor["licenses"] == [
        {"name": "MIT", "title": "MIT License, the licence of the coalition-ledger distribution that ships the data"}
    ]
    assert descriptor["sources"][:2] == [  # type: ignore[index]
        {"title": "Example", "path": "https://example.org/s"},
        {"title": "Example", "path": "https://example.org/m"},
    ]
    assert len(descriptor["sources"]) == 8  # type: ignore[arg-type]
    described = [(r["name"], f["name"], f["description"]) for r in resources.values() for f in r["schema"]["fields"]]
    assert [(table, field) for table, field, text in described if not text] == []
    assert all(resource["description"] for resource in resources.values())


def test_cells_hold_the_data_exactly_for_machines(write_ledger: Callable[..., Path], tmp_path: Path) -> None:
    """A package is read by programs that trust its schema, so no formula guard changes a value;
    `ledger show --format csv` is the spreadsheet's way out, and it keeps its guard."""
    data = write_ledger(MINIMAL.replace("summary: No Italian troops on the ground", "summary: '=1+2 troops'"))
    package(data, tmp_path / "package")
    with (tmp_path / "package" / "commitments.csv").open(encoding="utf-8", newline="") as stream:
        (row,) = csv.DictReader(stream)
    assert row["summary"] == "=1+2 troops"
    assert row["quote_text"] == ""  # empty means missing, as the schema's missingValues say
    shown = run("show", "--format", "csv", "--data", str(data)).stdout
    assert "'=1+2 troops" in shown


def test_an_earlier_package_is_replaced_and_its_dropped_tables_deleted(
    write_ledger: Callable[..., Path], tmp_path: Path
) -> None:
    outdir = tmp_path / "package"
    package(write_ledger(MINIMAL), outdir)
    descriptor = json.loads((outdir / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({"name": "retired", "path": "retired.csv"})
    descriptor["resources"].append({"name": "elsewhere", "path": "../elsewhere.csv"})
    (outdir / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (outdir / "retired.csv").write_text("x\n")
    (outdir / "notes.txt").write_text("mine\n")
    (tmp_path / "elsewhere.csv").write_text("x\n")
    package(write_ledger(LINEAGE), outdir)
    expected = ["datapackage.json", "notes.txt", *(f"{table}.csv" for table in TABLES)]
    assert sorted(p.name for p in outdir.iterdir()) == sorted(expected)
    assert (tmp_path / "elsewhere.csv").exists()
    assert len((outdir / "commitments.csv").read_text(encoding="utf-8").splitlines()) == 6


def test_a_folder_of_other_files_is_written_into_only_with_force(
    write_ledger: Callable[..., Path], tmp_path: Path
) -> None:
    outdir = tmp_path / "theirs"
    outdir.mkdir()
    (outdir / "parties.csv").write_text("their own\n")
    data = write_ledger(MINIMAL)
    assert refused("export", "datapackage", str(outdir), "--data", str(data)) == (
        2,
        f"error: {outdir} is not empty and holds no earlier ledger data package; "
        "give a new or empty directory, or --force to write into it",
    )
    assert (outdir / "parties.csv").read_text() == "their own\n"
    package(data, outdir, "--force")
    assert (outdir / "parties.csv").read_text().startswith("code,name,kind\n")


@pytest.mark.parametrize("where", ["folder", "file"])
def test_a_link_is_never_written_through(where: str, write_ledger: Callable[..., Path], tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outdir = tmp_path / "package"
    if where == "folder":
        outdir.symlink_to(elsewhere)
        shown = outdir
        message = "give the data package's folder by a path that does not go through a link"
    else:
        outdir.mkdir()
        shown = outdir / "commitments.csv"
        shown.symlink_to(elsewhere / "commitments.csv")
        message = "the export never writes through a link"
    code, line = refused("export", "datapackage", str(outdir), "--force", "--data", str(write_ledger(MINIMAL)))
    assert (code, line) == (2, f"error: {shown} is a symbolic link; {message}")
    assert list(elsewhere.iterdir()) == []
