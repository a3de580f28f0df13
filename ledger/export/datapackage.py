"""`ledger export datapackage DIR`: one CSV per table and a `datapackage.json` describing them
as a Frictionless tabular data package (types, keys, descriptions, licence, sources).

The CSV files are for programs that read the descriptor, not for spreadsheets: a cell holds the
data's text exactly (`csv_cell` with its formula guard off), because a `'` put before a leading
`=`, `+`, `-` or `@` would change the value a validator and every later join sees. People who
open a table in a spreadsheet use `ledger show --format csv`, whose cells are guarded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ledger.export.tables import LICENCE, TABLES, TITLE, Column, Row, Table, cited_pages, description
from ledger.output.document import CsvTable
from ledger.output.formats import to_csv, to_json

DESCRIPTOR = "datapackage.json"
PACKAGE_NAME = "coalition-ledger"
"""The descriptor's `name`: how a later export knows that a folder holds an earlier one."""
RESOURCE_FILE = re.compile(r"[a-z_]+\.csv")
"""The name of a file the package may list; an earlier package's other names are never touched."""


def package_files(tables: Mapping[str, Sequence[Row]], data_name: str) -> dict[str, bytes]:
    """Every file of the package by name: the CSV tables, and the descriptor last."""
    files = {f"{table.name}.csv": _csv(table, tables[table.name]).encode("utf-8") for table in TABLES}
    files[DESCRIPTOR] = to_json(descriptor(tables, data_name)).encode("utf-8")
    return files


def descriptor(tables: Mapping[str, Sequence[Row]], data_name: str) -> dict[str, Any]:
    """The `datapackage.json` document."""
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": TITLE,
        "description": description(data_name),
        "licenses": [LICENCE],
        "sources": cited_pages(tables["sources"]),
        "resources": [_resource(table) for table in TABLES],
    }


def listed_files(document: object) -> set[str] | None:
    """The CSV files an earlier export's descriptor lists, or None when it is not one of ours."""
    if not isinstance(document, dict) or document.get("name") != PACKAGE_NAME:
        return None
    resources = document.get("resources")
    paths = [r.get("path") for r in resources if isinstance(r, dict)] if isinstance(resources, list) else []
    return {p for p in paths if isinstance(p, str) and RESOURCE_FILE.fullmatch(p)}


def _csv(table: Table, rows: Sequence[Row]) -> str:
    names = tuple(column.name for column in table.columns)
    records = tuple(dict(zip(names, row, strict=True)) for row in rows)
    return to_csv(CsvTable(records, names), raw=True)


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(column) for column in table.columns],
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(key.columns),
                "reference": {"resource": "" if key.table == table.name else key.table, "fields": list(key.target)},
            }
            for key in table.foreign_keys
        ]
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.type.value, "description": column.description}
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.pattern:
        constraints["pattern"] = column.pattern
    if constraints:
        field["constraints"] = constraints
    return field
