"""Putting an export on disk: only at the path the user named, never through a link, never over
a file that is not an earlier export unless `force` says so.

Folders are opened as the report opens its own (`report.writing.open_outdir`), and every file is
replaced whole by `folders.replace_file`: written under a fresh name beside it, then renamed.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from ledger import folders
from ledger.errors import LedgerError, UsageError
from ledger.export import datapackage, sqlite
from ledger.report.writing import open_outdir

_MODE = 0o666  # as for any file the user creates: the umask decides who else may read it
_EXPORT_LIMIT = 256 * 2**20  # far above any ledger's export; a larger file is no export of ours
_DESCRIPTOR_LIMIT = 16 * 2**20
_FORCE = "give a new path, or --force to replace it"


def write_database(path: Path, database: bytes, metadata_name: str, metadata: str, *, force: bool) -> None:
    """Write the database at `path` and its Datasette metadata beside it, as a pair: both are
    replaced when `path` is new or an earlier export, or when `force` is set."""
    if path.name in ("", ".", ".."):
        raise UsageError(f"{path} names no file; give the database's file name, such as ledger.db")
    try:
        folder = open_outdir(path.parent, "the database's folder")
        try:
            earlier = _earlier_database(folder, path)
            beside = _regular(folder, metadata_name, path.parent / metadata_name)
            if not force and earlier is False:
                raise UsageError(f"{path} exists and is not an earlier ledger export; {_FORCE}")
            if not force and earlier is None and beside:
                raise UsageError(f"{path.parent / metadata_name} exists beside a new database; {_FORCE}")
            folders.replace_file(folder, path.name, database, _MODE)
            folders.replace_file(folder, metadata_name, metadata.encode("utf-8"), _MODE)
        finally:
            os.close(folder)
    except OSError as exc:
        raise LedgerError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_package(outdir: Path, files: Mapping[str, bytes], *, force: bool) -> None:
    """Write the package's files into `outdir`, which must be new, empty or an earlier package
    (or anything, with `force`). CSV files the earlier package listed and this one does not are
    deleted; nothing else in the folder is touched."""
    try:
        folder = open_outdir(outdir, "the data package's folder")
        try:
            stale = _earlier_package(folder, outdir, force) - files.keys()
            for name in files:
                _regular(folder, name, outdir / name)
            for name, data in files.items():  # the descriptor last: it names the tables written before it
                folders.replace_file(folder, name, data, _MODE)
            for name in sorted(stale):
                if _regular(folder, name, outdir / name):
                    os.unlink(name, dir_fd=folder)
        finally:
            os.close(folder)
    except OSError as exc:
        raise LedgerError(f"cannot write the data package into {outdir}: {exc.strerror or exc}") from None


def _earlier_database(folder: int, path: Path) -> bool | None:
    """Whether the file at `path` is an earlier export; None when there is none."""
    if not _regular(folder, path.name, path):
        return None
    data = folders.read_regular(folder, path.name, _EXPORT_LIMIT)
    return data is not None and sqlite.is_export(data)


def _earlier_package(folder: int, outdir: Path, force: bool) -> set[str]:
    """The CSV files an earlier package in `outdir` lists; a folder holding anything else is refused."""
    with os.scandir(folder) as listing:
        if next(listing, None) is None:
            return set()
    listed = None
    if _regular(folder, datapackage.DESCRIPTOR, outdir / datapackage.DESCRIPTOR):
        data = folders.read_regular(folder, datapackage.DESCRIPTOR, _DESCRIPTOR_LIMIT)
        try:
            listed = datapackage.listed_files(json.loads(data or b""))
        except ValueError:
            listed = None
    if listed is None and not force:
        raise UsageError(
            f"{outdir} is not empty and holds no earlier ledger data package; "
            "give a new or empty directory, or --force to write into it"
        )
    return listed or set()


def _regular(folder: int, name: str, shown: Path) -> bool:
    """Whether `name` in `folder` exists; an error when it exists as anything but a regular file."""
    found = folders.kind(folder, name)
    if found == stat.S_IFLNK:
        raise UsageError(f"{shown} is a symbolic link; the export never writes through a link")
    if found is not None and found != stat.S_IFREG:
        raise UsageError(f"{shown} exists and is not a regular file")
    return found is not None
