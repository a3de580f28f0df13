"""ledger: a plain-text, git-native ledger of what parties commit to at international summits.

For scripts, four functions answer as the command line does:

    import ledger
    book = ledger.load("data/commitments.yaml")
    italy = ledger.select(book, country="Italy", kind="troops")
    now = ledger.as_of(book)
    changes = ledger.diff(book, "paris-2025-09-04", "paris-2026-01-06")

Each imports what it needs when called, so `import ledger` stays cheap. Problems are raised as
`ledger.errors.LedgerError` (`UsageError` for a name or point that does not exist).
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable
    from enum import StrEnum
    from typing import TypeVar

    from ledger.core.diff import Diff
    from ledger.model.models import Commitment, Ledger

    Word = TypeVar("Word", bound=StrEnum)
    Point = str | dt.date
    """A meeting id (or a unique prefix of one), or a day: as `--as-of` and `diff FROM TO` take it."""

# The subpackage `ledger.load` is imported first (it is only a docstring), so that importing it
# later cannot replace the function `load` below with the module: Python sets a package's
# attribute only when a subpackage is first imported. `from ledger.load import loader` still works.
importlib.import_module("ledger.load")

__version__ = "0.1.0"
__all__ = ["__version__", "as_of", "diff", "load", "select"]


def load(path: str | os.PathLike[str] | None = None) -> Ledger:
    """The ledger in a data file, once every check passes; else a `LedgerError` that names the
    first error and counts them all (`ledger check` lists them). Without a path, the file the
    command line would read: `data/commitments.yaml` here or above, up to the git work tree's
    top, else the copy shipped with the package. Warnings do not stop a load."""
    from pathlib import Path

    from ledger.errors import LedgerError
    from ledger.load.result import load_path
    from ledger.paths import data_path

    file = data_path(None if path is None else Path(path))
    result = load_path(file)
    if result.ledger is None:
        errors = result.errors
        more = f" (and {len(errors) - 1} more; `ledger check --data {file}` lists them)" if len(errors) > 1 else ""
        raise LedgerError(f"{errors[0]}{more}")
    return result.ledger


def select(
    ledger: Ledger,
    *,
    country: str | Iterable[str] = (),
    meeting: str | None = None,
    kind: str | Iterable[str] = (),
    status: str | Iterable[str] = (),
    as_of: Point | None = None,
) -> list[Commitment]:
    """Commitments as `ledger show` lists them, in date order, then party, kind and id. A
    country is a code, name or alias (`"Italy"`, `"it"`, `"UK"`); a meeting an id or a unique
    prefix; kinds and statuses their words (`"troops"`, `"refused"`). Each option takes one value
    or several; none means any. Without `as_of`, every commitment, superseded ones included;
    with it, only the position then (see `as_of`)."""
    from ledger.core import query
    from ledger.model.vocabulary import Kind, Status

    flt = query.Filter(
        parties=frozenset(query.resolve_party(ledger, name).code for name in _many(country)),
        meeting=None if meeting is None else query.resolve_meeting(ledger, meeting),
        kinds=frozenset(_choice(Kind, word) for word in _many(kind)),
        statuses=frozenset(_choice(Status, word) for word in _many(status)),
    )
    pool = None if as_of is None else query.as_of(ledger, _cutoff(ledger, as_of))
    return query.select(ledger, flt, pool)


def as_of(ledger: Ledger, point: Point | None = None) -> tuple[Commitment, ...]:
    """The position at a meeting or on a day: for each lineage (a commitment and those that
    `supersede` it), the latest commitment made by then; a withdrawal ends its lineage. Without
    a point, the current position: as of the latest meeting."""
    from ledger.core import query

    return query.as_of(ledger, _cutoff(ledger, point))


def diff(ledger: Ledger, start: Point, end: Point) -> Diff:
    """What changed between the positions at two meetings or days, matched by lineage, as
    `ledger diff FROM TO` shows it: for commitments, what was added, what ended, and what
    changed field by field (`Diff.sections[0]`); `Diff.empty` when nothing did."""
    from ledger.core import query

    old, new = (query.position_by_lineage(ledger, _cutoff(ledger, point)) for point in (start, end))
    return query.position_diff(old, new)


def _many(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _choice(vocabulary: type[Word], word: str) -> Word:
    """A vocabulary word in any case; a usage error with "did you mean" for one that is not."""
    from ledger.errors import UsageError
    from ledger.model.names import did_you_mean

    words = [member.value for member in vocabulary]
    if word.casefold() in words:
        return vocabulary(word.casefold())
    hint = did_you_mean(word.casefold(), words) or f"one of {', '.join(words)}"
    raise UsageError(f"'{word}' is not a {vocabulary.__name__.lower()}; {hint}")


def _cutoff(ledger: Ledger, point: Point | None) -> dt.date:
    """The day a point names; None is the latest meeting."""
    import datetime as dt

    from ledger.core import query, summary
    from ledger.errors import UsageError

    if isinstance(point, dt.date):
        return point
    if point is not None:
        return query.resolve_point(ledger, point)
    latest = summary.latest_date(ledger)
    if latest is None:
        raise UsageError("the ledger has no meetings yet, so no position")
    return latest
