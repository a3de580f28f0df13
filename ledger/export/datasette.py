"""The Datasette metadata written beside an SQLite export: titles, descriptions and source for
the site `datasette PATH -m METADATA` serves, from the same table descriptions as the export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ledger.export.sqlite import FTS_TABLE, VIEWS
from ledger.export.tables import LICENCE, TABLES, TITLE, description
from ledger.output.formats import to_json


def metadata_name(database: Path) -> str:
    """The metadata file's name beside `database`: `ledger.db` → `ledger.metadata.json`."""
    return f"{database.stem}.metadata.json"


def metadata(database: Path, data_name: str) -> str:
    """The metadata document, as JSON text."""
    described: dict[str, Any] = {
        table.name: {
            "title": table.title,
            "description": table.description,
            "columns": {column.name: column.description for column in table.columns},
        }
        for table in TABLES
    }
    described["commitments"]["fts_table"] = FTS_TABLE
    for name, (about, _) in VIEWS.items():
        described[name] = {"title": name.replace("_", " ").capitalize(), "description": about}
    document = {
        "title": TITLE,
        "description": description(data_name),
        "license": LICENCE["name"],
        "source": data_name,
        "databases": {database.stem: {"tables": described}},
    }
    return to_json(document)
