"""Where the data file is when no one says, and how large one may be: cheap to reach for completion too."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Final

DEFAULT_DATA: Final = Path("data") / "commitments.yaml"
# Ten times a 100,000-commitment ledger; larger files are refused before they are read.
MAX_FILE_BYTES: Final = 128 * 1024 * 1024


def too_large(name: str, size: int) -> str | None:
    """The message refusing a file of `size` bytes, or None when it may be read."""
    if size <= MAX_FILE_BYTES:
        return None
    return f"{name}: the file is {size / 2**20:.0f} MiB; a ledger may be at most {MAX_FILE_BYTES // 2**20} MiB"


def default_data_path() -> Path:
    """`data/commitments.yaml` here when it exists, else the copy shipped in the package."""
    if DEFAULT_DATA.is_file():
        return DEFAULT_DATA
    shipped = resources.files("ledger").joinpath("data/commitments.yaml")
    if shipped.is_file():
        return Path(str(shipped))
    # A source checkout run from another folder: the repository's own data file.
    return Path(__file__).resolve().parent.parent / DEFAULT_DATA
