"""`ledger export`: the checked ledger as related tables, for SQL, Datasette and data portals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ledger.cli import app
from ledger.cli_io import say, sound_ledger
from ledger.cli_options import DataOption, Guarded
from ledger.output.words import count_phrase
from ledger.paths import data_path

export_app = typer.Typer(
    name="export",
    cls=Guarded,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="The ledger as related tables: an SQLite database (for SQL and Datasette) or a Frictionless data package."
    "\n\nExamples: ledger export sqlite ledger.db; ledger export datapackage ledger-data/",
)
app.add_typer(export_app)
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace what is there even when it is not an earlier ledger export.")
]


@export_app.command("sqlite")
def export_sqlite(
    path: Annotated[Path, typer.Argument(help="The database file: new, or an earlier export (which is replaced).")],
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """Write an SQLite database: tables with keys and indexes, full-text search, the views
    current_position and position_as_of, and a Datasette metadata file beside it.

    Example: ledger export sqlite ledger.db && datasette ledger.db -m ledger.metadata.json
    """
    from ledger.export import export_sqlite as write

    metadata = write(sound_ledger(data), path, data_path(data).name, force=force)
    say(f"wrote {path} and {path.parent / metadata}")


@export_app.command("datapackage")
def export_datapackage(
    outdir: Annotated[
        Path, typer.Argument(help="Folder to write into: new, empty, or holding an earlier data package.")
    ],
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """Write a Frictionless data package: one CSV file per table and a datapackage.json with
    types, keys, descriptions, licence and sources.

    Example: ledger export datapackage ledger-data/ && frictionless validate ledger-data/datapackage.json
    """
    from ledger.export import export_package

    tables = export_package(sound_ledger(data), outdir, data_path(data).name, force=force)
    say(f"wrote {count_phrase(tables, 'table')} and datapackage.json into {outdir}")
