"""Reading a data file as text and replacing it in one step, for the commands that write it."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from ledger.errors import LedgerError
from ledger.paths import read_bounded


def read_text(path: Path) -> str:
    """A data file's text, read with the same bounds as the loader."""
    try:
        return read_bounded(path).decode("utf-8")
    except UnicodeDecodeError:
        raise LedgerError(f"{path} is not UTF-8 text; `ledger check` shows where") from None


def write_atomic(path: Path, text: str) -> None:
    """Replace an existing file with `text` in one step: a reader sees the old file or the new,
    never half of one, and a failure leaves the old file as it was. The new file keeps the old
    one's permissions. A symbolic link is refused, not followed: `os.replace` would put a
    regular file in its place, and the file it points to would not change."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise LedgerError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise LedgerError(f"{path} is a symbolic link; give the path of the file itself")
    if not stat.S_ISREG(info.st_mode):
        raise LedgerError(f"{path} is not a regular file")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise LedgerError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise LedgerError(f"cannot write {path}: {exc.strerror or exc}") from None
