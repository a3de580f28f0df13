"""Writing the report into OUTDIR: only there, only files it lists, never through a link.

OUTDIR must be new, empty or an earlier report; the manifest lists what a report wrote, so the
next one replaces exactly those files and touches nothing else in the folder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ledger.errors import LedgerError, UsageError

MANIFEST = ".ledger-report"
"""The list of files a report wrote: the next report may replace those, and touches nothing else."""

_OWN_FILE = re.compile(
    r"index\.html|(?:commitments|position|summary)\.(?:csv|json)"
    r"|meetings/[a-z0-9.-]+\.(?:html|csv|json)|parties/[A-Z0-9-]+\.(?:html|csv|json)"
)


def write_site(pages: Mapping[str, str], outdir: Path) -> None:
    """Write the pages into `outdir`, which must be new, empty or an earlier report. Files the
    earlier report listed and this one does not are deleted; nothing else is touched."""
    try:
        if outdir.exists() and not outdir.is_dir():
            raise UsageError(f"{outdir} exists and is not a directory")
        for name in sorted(_earlier_report(outdir) - pages.keys()):
            (outdir / name).unlink(missing_ok=True)
        for name, text in sorted(pages.items()):
            target, relative = outdir / name, Path(name)
            if any((outdir / part).is_symlink() for part in (relative, *relative.parents[:-1])):
                raise LedgerError(f"{target} is a symbolic link; the report writes only inside {outdir}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        (outdir / MANIFEST).write_bytes("".join(f"{name}\n" for name in sorted(pages)).encode("utf-8"))
    except OSError as exc:
        raise LedgerError(f"cannot write the report into {outdir}: {exc.strerror or exc}") from None


def _earlier_report(outdir: Path) -> set[str]:
    """The files an earlier report in `outdir` wrote; a folder with anything else is refused."""
    if not outdir.exists() or not any(outdir.iterdir()):
        return set()
    manifest = outdir / MANIFEST
    if not manifest.is_file():
        raise UsageError(
            f"{outdir} is not empty and holds no earlier report ({MANIFEST} is missing); give a new or empty directory"
        )
    listed = manifest.read_text(encoding="utf-8", errors="replace").splitlines()
    return {name for name in listed if _OWN_FILE.fullmatch(name)}
