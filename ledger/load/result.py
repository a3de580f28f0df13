"""What loading a file gives, and the load of a file through the cache.

Kept apart from `loader` so that a cache hit imports neither the YAML parser, the loader nor the
models: an entry holds the validated ledger (`warm`), which comes back as plain records, and only
a miss reads the file with `loader` into models.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ledger.errors import Diagnostic, Severity
from ledger.load import cache, warm
from ledger.load import index as completion_index
from ledger.paths import read_bounded

if TYPE_CHECKING:
    from ledger.model.models import Ledger


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading a file gave: the ledger when it is sound, and every problem found."""

    ledger: Ledger | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.WARNING)


def load_path(path: Path, *, cached: bool = False) -> LoadResult:
    """Read and load a data file. With `cached`, bytes loaded before come back from the cache
    and a new load is kept there; the cache is the user's folder, so the caller decides."""
    data = read_bounded(path)
    name = str(path)
    entry = cache.key(data) if cached else None
    stored = None if entry is None else cache.read(entry, name)
    if stored is not None:
        plain, diagnostics = stored
        try:
            return LoadResult(None if plain is None else warm.from_plain(plain), diagnostics)
        except ValueError:
            pass  # a damaged entry: load the file itself
    from ledger.load import loader  # only now: a hit needs neither the parser nor the loader

    result = loader.load_bytes(data, name=name)
    if entry is not None:
        cache.write(entry, None if result.ledger is None else warm.to_plain(result.ledger), result.diagnostics)
        completion_index.write(entry, data)
    return result
