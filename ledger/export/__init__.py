"""`ledger export`: the ledger as related tables, for SQL (SQLite, Datasette) and for data portals
(a Frictionless data package). Both are built from one set of rows (`rows.table_rows`), taken
from the checked ledger and the core's lineage, and described once (`tables.TABLES`)."""

from __future__ import annotations

from pathlib import Path

from ledger.export import datapackage, datasette, files, sqlite
from ledger.export.rows import table_rows
from ledger.model.models import Ledger

__all__ = ["export_package", "export_sqlite"]


def export_sqlite(ledger: Ledger, path: Path, data_name: str, *, force: bool = False) -> str:
    """Write the SQLite export at `path` and its Datasette metadata beside it; the metadata's name."""
    name = datasette.metadata_name(path)
    database = sqlite.database(table_rows(ledger))
    files.write_database(path, database, name, datasette.metadata(path, data_name), force=force)
    return name


def export_package(ledger: Ledger, outdir: Path, data_name: str, *, force: bool = False) -> int:
    """Write the data package into `outdir`; how many tables it holds."""
    written = datapackage.package_files(table_rows(ledger), data_name)
    files.write_package(outdir, written, force=force)
    return len(written) - 1
