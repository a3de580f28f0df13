"""Two keyed collections of records → what was added, removed and changed, field by field.

`diff` compares records by whatever key the caller chose (the id, for two git revisions; the
lineage root, for two meetings) and never learns which: one structure, rendered by one piece
of code, answers both "what changed between these summits" and "what does this pull request do".
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ledger.model.records import values

if TYPE_CHECKING:
    from pydantic import BaseModel

    Keyed = Mapping[str, Mapping[str, BaseModel]]
    """Records by section name, then by the key that matches them across the two sides."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's old and new value, as JSON values; a nested field is named by its dotted
    path (`quantity.low`), a list is compared whole."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Entry:
    """A record that is only on one side."""

    key: str
    record: BaseModel


@dataclass(frozen=True, slots=True)
class Change:
    """A key on both sides whose records differ: in what counts, or (a restatement) only in how
    the same thing was worded and sourced."""

    key: str
    old: BaseModel
    new: BaseModel
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class SectionDiff:
    """One section's differences, each list in key order."""

    name: str
    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    changed: tuple[Change, ...]
    restated: tuple[Change, ...]
    unchanged: int

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.restated)


@dataclass(frozen=True, slots=True)
class Diff:
    """Every section's differences; empty when the two sides match."""

    sections: tuple[SectionDiff, ...]

    @property
    def empty(self) -> bool:
        return all(section.empty for section in self.sections)


def diff(
    old: Keyed,
    new: Keyed,
    *,
    fields: Collection[str] | None = None,
    context: Collection[str] = (),
    restatement: Collection[str] = (),
) -> Diff:
    """What changed from `old` to `new`, section by section, in a fixed order: the sections as
    `old` then `new` list them, records by key, fields in the model's order.

    `fields` limits what counts as a change to those top-level fields (by default, all but the
    `restatement` ones); `context` fields are reported beside a change when they differ, but are
    never one alone; a record whose only differences that matter are in `restatement` fields
    (wording, quote, sources) is restated, not changed."""
    compare = _Comparison(fields, frozenset(context), frozenset(restatement))
    names = dict.fromkeys([*old, *new])
    return Diff(tuple(compare.section(name, old.get(name, {}), new.get(name, {})) for name in names))


@dataclass(frozen=True, slots=True)
class _Comparison:
    """The rules of one diff: which fields count as a change, which are only shown beside one."""

    fields: Collection[str] | None
    context: frozenset[str]
    restatement: frozenset[str]

    def section(self, name: str, old: Mapping[str, BaseModel], new: Mapping[str, BaseModel]) -> SectionDiff:
        added = tuple(Entry(key, new[key]) for key in sorted(new.keys() - old.keys()))
        removed = tuple(Entry(key, old[key]) for key in sorted(old.keys() - new.keys()))
        changed: list[Change] = []
        restated: list[Change] = []
        for key in sorted(old.keys() & new.keys()):
            change = self.record(key, old[key], new[key])
            if change is not None:
                (changed if any(self._counts(f) for f in change.fields) else restated).append(change)
        unchanged = len(old.keys() & new.keys()) - len(changed) - len(restated)
        return SectionDiff(name, added, removed, tuple(changed), tuple(restated), unchanged)

    def record(self, key: str, old: BaseModel, new: BaseModel) -> Change | None:
        """The change from `old` to `new`, or None when nothing that counts or restates differs."""
        if old == new:
            return None
        changes = list(_compare(values(old), values(new)))
        if any(self._counts(change) for change in changes):
            beside = self.context | self.restatement
            shown = tuple(c for c in changes if self._counts(c) or self._top(c) in beside)
        else:
            shown = tuple(c for c in changes if self._top(c) in self.restatement)
        return Change(key, old, new, shown) if shown else None

    def _counts(self, change: FieldChange) -> bool:
        if self.fields is None:
            return self._top(change) not in self.restatement
        return self._top(change) in self.fields

    @staticmethod
    def _top(change: FieldChange) -> str:
        return change.field.partition(".")[0]


def _compare(old: Any, new: Any, path: str = "") -> Iterator[FieldChange]:
    if isinstance(old, dict) and isinstance(new, dict):
        for name in dict.fromkeys([*old, *new]):
            yield from _compare(old.get(name), new.get(name), f"{path}.{name}" if path else name)
    elif old != new:
        yield FieldChange(path, old, new)
