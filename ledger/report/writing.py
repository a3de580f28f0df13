"""Writing the report into OUTDIR: only there, only files it lists, never through a link.

OUTDIR must be new, empty or an earlier report; the manifest lists what a report wrote, so the
next one replaces exactly those files and touches nothing else in the folder.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Mapping
from contextlib import suppress
from pathlib import Path

from ledger import folders
from ledger.errors import LedgerError, UsageError

MANIFEST = ".ledger-report"
"""The list of files a report wrote: the next report may replace those, and touches nothing else."""

_OWN_FILE = re.compile(
    r"index\.html|(?:commitments|position|summary)\.(?:csv|json)"
    r"|meetings/[a-z0-9.-]+\.(?:html|csv|json)|parties/[A-Z0-9-]+\.(?:html|csv|json)"
)
_MANIFEST_LIMIT = 4 * 2**20  # a hundred thousand pages' names
_NO_LINK_TO_FOLDER = "give {what} by a path that does not go through a link"
_NO_LINK_INSIDE = "the report writes only inside {outdir}, never through a link"
_PAGE_MODE = 0o666  # as for any file the user creates: the umask decides who else may read it


def write_site(pages: Mapping[str, str], outdir: Path) -> None:
    """Write the pages into `outdir`, which must be new, empty or an earlier report. Files the
    earlier report listed and this one does not are deleted; nothing else is touched.

    `outdir` may be a checkout someone else wrote, so every name is opened relative to a folder
    already opened, and a symbolic link among the names the report would touch (the folder, its
    list of files, its sub-folders and pages) stops it before it writes anything. Each file is
    replaced whole, and the list names every file a run may leave behind before that file exists.
    """
    try:
        root = open_outdir(outdir, "the report's folder")
        try:
            _write_into(root, pages, outdir)
        finally:
            os.close(root)
    except OSError as exc:
        raise LedgerError(f"cannot write the report into {outdir}: {exc.strerror or exc}") from None


def open_outdir(outdir: Path, what: str) -> int:
    """`outdir`, created when missing and opened. The parents of an absolute path are the user's
    own and are followed; the parts of a relative one lie under the current folder, maybe a
    checkout, and each is entered without following a link. `what` names the folder in the
    message that refuses a link ("the report's folder"); the exports open theirs here too."""
    if outdir.is_absolute():
        outdir.parent.mkdir(parents=True, exist_ok=True)
        base, parts = outdir.parent, [outdir.name] if outdir.name else []
    else:
        base, parts = Path("."), list(outdir.parts)
    folder = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    reached = base
    for part in parts:
        reached = reached / part
        try:
            found = folders.kind(folder, part)
            if found is None:
                with suppress(FileExistsError):
                    os.mkdir(part, dir_fd=folder)
            else:
                _refuse_other_kind(reached, found, stat.S_IFDIR, _NO_LINK_TO_FOLDER.format(what=what), UsageError)
            inner = folders.open_folder(part, folder)
        finally:
            os.close(folder)
        folder = inner
    return folder


def _write_into(root: int, pages: Mapping[str, str], outdir: Path) -> None:
    stale = _earlier_report(root, outdir) - pages.keys()
    no_link = _NO_LINK_INSIDE.format(outdir=outdir)
    opened = {"": root}  # folders by their name inside outdir
    try:
        for name in sorted({*pages, *stale}):  # every check before the first write
            where, _, base = name.rpartition("/")
            if where not in opened:
                found = folders.kind(root, where)
                if found is None:
                    continue  # a new folder holds nothing to check
                _refuse_other_kind(outdir / where, found, stat.S_IFDIR, no_link)
                opened[where] = folders.open_folder(where, root)
            found = folders.kind(opened[where], base)
            if found is not None:
                _refuse_other_kind(outdir / name, found, stat.S_IFREG, no_link)
        _write_manifest(root, {*pages, *stale})
        for name, text in sorted(pages.items()):
            where, _, base = name.rpartition("/")
            if where not in opened:
                with suppress(FileExistsError):
                    os.mkdir(where, dir_fd=root)
                opened[where] = folders.open_folder(where, root)
            folders.replace_file(opened[where], base, text.encode("utf-8"), _PAGE_MODE)
        if stale:
            for name in sorted(stale):
                where, _, base = name.rpartition("/")
                if where in opened:
                    with suppress(FileNotFoundError):
                        os.unlink(base, dir_fd=opened[where])
            _write_manifest(root, pages.keys())
    finally:
        for where, descriptor in opened.items():
            if where:
                os.close(descriptor)


def _refuse_other_kind(
    path: Path, found: int, wanted: int, no_link: str, error: type[LedgerError] = LedgerError
) -> None:
    """Stop unless `path` is of the kind the report writes there (a folder or a regular file)."""
    if found == stat.S_IFLNK:
        raise error(f"{path} is a symbolic link; {no_link}")
    if found != wanted:
        raise error(f"{path} exists and is not a {'directory' if wanted == stat.S_IFDIR else 'regular file'}")


def _earlier_report(root: int, outdir: Path) -> set[str]:
    """The files an earlier report in `outdir` wrote; a folder with anything else is refused."""
    with os.scandir(root) as listing:
        if next(listing, None) is None:
            return set()
    found = folders.kind(root, MANIFEST)
    if found is None:
        raise UsageError(
            f"{outdir} is not empty and holds no earlier report ({MANIFEST} is missing); give a new or empty directory"
        )
    manifest = outdir / MANIFEST
    _refuse_other_kind(manifest, found, stat.S_IFREG, _NO_LINK_INSIDE.format(outdir=outdir))
    data = folders.read_regular(root, MANIFEST, _MANIFEST_LIMIT)
    if data is None:
        raise LedgerError(f"{manifest} is over {_MANIFEST_LIMIT // 2**20} MiB; no report lists that many files")
    listed = data.decode("utf-8", errors="replace").splitlines()
    return {name for name in listed if _OWN_FILE.fullmatch(name)}


def _write_manifest(root: int, names: Iterable[str]) -> None:
    folders.replace_file(root, MANIFEST, "".join(f"{name}\n" for name in sorted(names)).encode("utf-8"), _PAGE_MODE)
