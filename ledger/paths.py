"""Where the data file is when no one says, and how large one may be: cheap to reach for completion too."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final, NamedTuple

from ledger.errors import LedgerError, UsageError

DEFAULT_DATA: Final = Path("data") / "commitments.yaml"
DATA_VARIABLE: Final = "LEDGER_DATA"  # names the data file when --data does not
# Ten times a 100,000-commitment ledger; larger files are refused before they are read.
MAX_FILE_BYTES: Final = 128 * 1024 * 1024


def too_large(name: str, size: int) -> str | None:
    """The message refusing a file of `size` bytes, or None when it may be read."""
    if size <= MAX_FILE_BYTES:
        return None
    return f"{name}: the file is {size / 2**20:.0f} MiB; a ledger may be at most {MAX_FILE_BYTES // 2**20} MiB"


def read_bounded(path: Path) -> bytes:
    """A regular file's bytes, with the size limit enforced on the opened descriptor, not the name.

    The file is opened without blocking (a FIFO cannot hang the open), then refused unless fstat
    says it is a regular file; the read stops one byte past the limit, so a file that grows while
    it is read, or a device that lies about its size, is still refused.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (IsADirectoryError, NotADirectoryError):
        raise UsageError(f"{path} is not a file") from None
    except OSError as exc:
        raise LedgerError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{path} is not a file")
        refusal = too_large(str(path), info.st_size)
        if refusal:
            raise LedgerError(refusal)
        with os.fdopen(os.dup(fd), "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise LedgerError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    refusal = too_large(str(path), len(data))
    if refusal:
        raise LedgerError(refusal)
    return data


class DataFile(NamedTuple):
    """The data file a command reads when none is named; `shipped` when it is the package's copy."""

    path: Path
    shipped: bool


def data_from_environment() -> Path | None:
    """The file LEDGER_DATA names, read as typer reads it for --data: unset or empty names none."""
    named = os.environ.get(DATA_VARIABLE)
    return Path(named) if named else None


def data_path(given: Path | None) -> Path:
    """The file named, else the one `find_data_file` finds from the current folder."""
    return given if given is not None else find_data_file().path


def find_data_file() -> DataFile:
    """`data/commitments.yaml` in the current folder or the nearest folder above it,
    looking no higher than the top of the git work tree, as git finds its own files; the top is
    the first folder holding `.git`. The copy shipped in the package only outside any work tree:
    inside one, a missing file is an error rather than a silent answer from other data.
    A file found is named relative to the current folder, as git names paths."""
    found = search_data_file()
    if isinstance(found, DataFile):
        return found
    raise UsageError(
        f"no {DEFAULT_DATA} in {Path.cwd()} or a folder above it up to the top of its git work tree, "
        f"{found}; name the file with --data or LEDGER_DATA"
    )


def search_data_file() -> DataFile | Path:
    """What `find_data_file` finds, or the top of the work tree it searched in vain."""
    try:
        here = Path.cwd()
    except OSError:  # the current folder was removed
        return DataFile(_shipped(), shipped=True)
    for up, folder in enumerate((here, *here.parents)):
        candidate = folder / DEFAULT_DATA
        if candidate.is_file():
            return DataFile(Path(*[os.pardir] * up, DEFAULT_DATA), shipped=False)
        if (folder / ".git").exists():
            return folder
    return DataFile(_shipped(), shipped=True)


def _shipped() -> Path:
    from importlib import resources  # only here: completion reaches this module

    shipped = resources.files("ledger").joinpath("data/commitments.yaml")
    if shipped.is_file():
        return Path(str(shipped))
    # A source checkout used from another folder: the repository's own data file.
    return Path(__file__).resolve().parent.parent / DEFAULT_DATA
