"""`ledger export sqlite PATH`: the tables as one SQLite database, with keys, indexes, full-text
search and the two position views.

The database is built in memory in one transaction, then written whole under a fresh name
beside PATH and renamed over it (`folders.replace_file`), so a reader sees the old file or the
new one. PATH is replaced only when it is new or an earlier export, which the header's
application id marks; `force` replaces any regular file. A link is never written through.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from ledger.export.tables import TABLES, Column, Row, Table, Type

APPLICATION_ID = 0x4C444752
"""`PRAGMA application_id` of every export ("LDGR"): how a later export knows it may replace the file."""

_SQL_TYPE = {Type.STRING: "TEXT", Type.INTEGER: "INTEGER", Type.DATE: "TEXT"}

_FILTERED = (("commitments", ("kind", "status")), ("party_aliases", ("alias",)), ("sources", ("url",)))
"""Columns people filter by that no foreign key covers."""
_INDEXES = [
    (table.name, key.columns)
    for table in TABLES
    for key in table.foreign_keys
    if table.primary_key[: len(key.columns)] != key.columns
] + list(_FILTERED)
"""Every foreign key that does not start its table's primary key (SQLite indexes that one), and
the columns people filter by."""

FTS_TABLE = "commitments_fts"
FTS_COLUMNS = ("summary", "quote_text", "notes")

_POSITION_COLUMNS = """
    c.id, c.party, p.name AS party_name, c.meeting, c.date, c.stated_on, c.kind, c.status, c.summary,
    q.low AS quantity_low, q.high AS quantity_high, q.unit AS quantity_unit, q.as_stated AS quantity_as_stated,
    (SELECT group_concat(condition, ' | ') FROM
        (SELECT condition FROM conditions WHERE commitment = c.id ORDER BY position)) AS conditions,
    (SELECT count(*) FROM disputes WHERE commitment = c.id) AS disputes,
    c.uncertain, l.root AS lineage"""
_POSITION_FROM = """
    FROM commitments AS c
    JOIN parties AS p ON p.code = c.party
    JOIN lineage AS l ON l.commitment = c.id
    LEFT JOIN quantities AS q ON q.commitment = c.id"""
_POSITION_ORDER = "ORDER BY c.date, party_name, c.kind, c.id"

VIEWS = {
    "current_position": (
        "The current position: per lineage, the latest commitment, unless it was withdrawn. "
        "What `ledger show` lists as current.",
        f"""SELECT {_POSITION_COLUMNS}{_POSITION_FROM}
    WHERE l.superseded_by IS NULL AND c.status <> 'withdrawn'
    {_POSITION_ORDER}""",
    ),
    "position_as_of": (
        "The position as of each meeting (`as_of`): per lineage, the latest commitment made at a meeting "
        "held by that meeting's date, unless it was withdrawn. What `ledger show --as-of MEETING` lists.",
        f"""SELECT m.id AS as_of, m.date AS as_of_date, {_POSITION_COLUMNS}{_POSITION_FROM}
    JOIN meetings AS m ON c.date <= m.date
    LEFT JOIN commitments AS later ON later.id = l.superseded_by
    WHERE (later.id IS NULL OR later.date > m.date) AND c.status <> 'withdrawn'
    ORDER BY m.date, m.id, c.date, party_name, c.kind, c.id""",
    ),
}
"""Each view's description and query. Lineage chains move strictly forward in time (`check`
makes sure), so a commitment is part of the position as of a meeting when its own meeting was
held by then and its successor's, if any, was not."""


def database(tables: Mapping[str, Sequence[Row]]) -> bytes:
    """The export's bytes: every table, index, view and the search index, built in one transaction."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute("PRAGMA foreign_keys = ON")  # checked at COMMIT: the keys are deferred
        connection.execute("BEGIN")
        for table in TABLES:
            connection.execute(_create(table))
            marks = ", ".join("?" * len(table.columns))
            connection.executemany(f"INSERT INTO {table.name} VALUES ({marks})", tables[table.name])
        for table_name, columns in _INDEXES:
            connection.execute(f"CREATE INDEX {table_name}_{'_'.join(columns)} ON {table_name} ({', '.join(columns)})")
        for name, (_, query) in VIEWS.items():
            connection.execute(f"CREATE VIEW {name} AS {query}")
        connection.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(FTS_COLUMNS)}, content='commitments')"
        )
        connection.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
        connection.execute("COMMIT")
        connection.execute("VACUUM")
        return connection.serialize()
    finally:
        connection.close()


def is_export(header: bytes) -> bool:
    """Whether a file that starts with `header` is a SQLite database this module wrote."""
    return header.startswith(b"SQLite format 3\x00") and header[68:72] == APPLICATION_ID.to_bytes(4, "big")


def _create(table: Table) -> str:
    lines = [_column(column) for column in table.columns]
    lines.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    lines += [
        f"FOREIGN KEY ({', '.join(key.columns)}) REFERENCES {key.table} ({', '.join(key.target)})"
        " DEFERRABLE INITIALLY DEFERRED"
        for key in table.foreign_keys
    ]
    if table.owners:
        lines.append(f"CHECK ({' + '.join(f'({name} IS NOT NULL)' for name in table.owners)} = 1)")
    body = ",\n    ".join(lines)
    return f"CREATE TABLE {table.name} (\n    {body}\n)"


def _column(column: Column) -> str:
    parts = [column.name, _SQL_TYPE[column.type]]
    if column.required:
        parts.append("NOT NULL")
    if column.enum:
        choices = ", ".join(f"'{value}'" for value in column.enum)
        parts.append(f"CHECK ({column.name} IN ({choices}))")
    return " ".join(parts)
