"""Where the data file is when no one says: one answer, cheap to reach for completion too."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Final

DEFAULT_DATA: Final = Path("data") / "commitments.yaml"


def default_data_path() -> Path:
    """`data/commitments.yaml` here when it exists, else the copy shipped in the package."""
    if DEFAULT_DATA.is_file():
        return DEFAULT_DATA
    shipped = resources.files("ledger").joinpath("data/commitments.yaml")
    if shipped.is_file():
        return Path(str(shipped))
    # A source checkout run from another folder: the repository's own data file.
    return Path(__file__).resolve().parent.parent / DEFAULT_DATA
