"""One format-neutral document per command, built from core results in the words of
`ledger.output.words`: `commitments` (show, meetings, parties), `changes` (diff, history),
`glance` (matrix, summary)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ledger.output.words import DISPUTED, dispute_notes

if TYPE_CHECKING:
    from ledger.model.models import Dispute


class Footnotes:
    """The disputes of a table's rows, in the order met: `mark` files a row's notes and gives the
    mark that points to them (`‡1`; with a `label`, a bare `‡` and notes that name the label)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def mark(self, disputes: Iterable[Dispute], uncertain: str | None = None, label: str | None = None) -> str:
        disputes = tuple(disputes)
        if not disputes and not uncertain:
            return ""
        self.count += 1
        mark = DISPUTED if label else f"{DISPUTED}{self.count}"
        self.lines += dispute_notes(f"{DISPUTED} {label} —" if label else mark, disputes, uncertain)
        return mark
