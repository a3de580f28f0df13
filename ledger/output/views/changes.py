"""`diff` and `history` as documents: counts first, then one table per party (and one for
meetings), a changed or restated record one row per field, both sides of an interval as stated.
A disputed record is marked, the other side under its table. Between two revisions, what a
reviewer must verify comes with each new or changed commitment: its sources with their
addresses, and the position it supersedes."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ledger.core.diff import Diff, SectionDiff
from ledger.core.query import Milestone
from ledger.model.records import values
from ledger.output.document import Code, Column, CsvTable, Document, Mark, Note, Table, Value
from ledger.output.escape import CsvValue
from ledger.output.views import Footnotes
from ledger.output.words import Verb, change_counts, count_phrase, field_changes, field_value, source_cited

if TYPE_CHECKING:
    from ledger.model.models import Party

_DIFF_COLUMNS = (
    Column("change", fold="record"),
    Column("record", max_width=50),
    Column("field", fold="record"),
    Column("old", ratio=1),
    Column("new", ratio=1),
)
_COUNTS = ("added", "removed", "changed", "restated", "unchanged")


@dataclass(frozen=True)
class _DiffRow:
    """One line of a diff: a record added or removed, or one of its changed fields."""

    section: str
    key: str  # what matched the two sides: an id, or a lineage's first id
    label: str  # what people read: the record's own id (the newer one, for a change)
    party: str | None
    change: Verb
    record: Any
    field: str = ""
    old: Any = None  # a field's JSON value, or a record described in a line
    new: Any = None
    first: bool = True  # the first row of its record: the one that names it
    cited: bool = False  # sources with their addresses, for a reviewer

    def cells(self, notes: Footnotes) -> tuple[str | Mark | Value, ...]:
        """For people: the record named once (with its dispute mark), a field's sides as values."""
        if not self.first:
            named: tuple[str | Mark, str] = ("", "")
        else:
            mark = notes.mark(getattr(self.record, "disputed", ()), getattr(self.record, "uncertain", None))
            named = (Mark(self.change.value, self.change.value), f"{self.label} {mark}".rstrip())
        if self.field:
            return (*named, self.field, Value(self.old, self.cited), Value(self.new, self.cited))
        return (*named, "", self.old or "", self.new or "")

    def flat(self) -> dict[str, CsvValue]:
        def text(value: Any) -> str:
            return field_value(value, source_cited) if self.field else value or ""

        return {
            "change": self.change.value,
            "key": self.key,
            "id": self.label,
            "field": self.field,
            "old": text(self.old),
            "new": text(self.new),
        }


def meetings_diff_document(diff: Diff, old_label: str, new_label: str, names: Mapping[str, str]) -> Document:
    """Two positions compared lineage by lineage: a lineage gone from the newer one has ended."""
    return _diff_document(_diff_rows(diff, Verb.ENDED), diff, (old_label, new_label), names, Verb.ENDED)


def revisions_diff_document(diff: Diff, old_label: str, new_label: str, names: Mapping[str, str]) -> Document:
    """Two revisions of the file compared by id: a record gone from the newer one was removed;
    a new or changed commitment shows its sources and what it supersedes."""
    rows = _diff_rows(diff, Verb.REMOVED, for_review=True)
    return _diff_document(rows, diff, (old_label, new_label), names, Verb.REMOVED)


def _diff_document(
    rows: list[_DiffRow], diff: Diff, labels: tuple[str, str], names: Mapping[str, str], gone: Verb
) -> Document:
    old_label, new_label = labels
    headline = Note((Code(old_label), " → ", Code(new_label), f": {_diff_counts(diff, gone)}"), strong=True)
    tables = tuple(_table(group, title) for title, group in _groups(rows, names))
    csv = CsvTable(tuple({"section": r.section, "party": r.party or "", **r.flat()} for r in rows))
    return Document((headline, *tables), {"from": old_label, "to": new_label, **_diff_record(diff)}, csv)


def history_document(party: Party, steps: Sequence[tuple[Milestone, Diff]]) -> Document:
    """One party's positions across meetings: at each date, what it added, ended or changed."""
    span = f", {steps[0][0].date} to {steps[-1][0].date}" if len(steps) > 1 else ""
    headline = f"{party.name} ({party.code}): {count_phrase(len(steps), 'date')} with statements{span}"
    parts: list[Note | Table] = [Note.of(headline, strong=True)]
    for step, diff in steps:
        title = f"{step.date} · {'; '.join(f'{m.id}: {m.title}' for m in step.meetings)}"
        rows = _diff_rows(diff, Verb.ENDED)
        if rows:
            parts.append(_table(rows, title, _unchanged_phrase(diff)))
        else:
            parts += [Note.of(title, heading=True), Note.of(_unchanged_phrase(diff) or "")]
    data = {
        "party": party.code,
        "party_name": party.name,
        "steps": [
            {"date": step.date.isoformat(), "meetings": [m.id for m in step.meetings], **_diff_record(diff)}
            for step, diff in steps
        ],
    }
    csv = CsvTable(
        tuple(
            {"date": step.date.isoformat(), "meetings": " | ".join(m.id for m in step.meetings), **r.flat()}
            for step, diff in steps
            for r in _diff_rows(diff, Verb.ENDED)
        )
    )
    return Document(tuple(parts), data, csv)


def _table(rows: Sequence[_DiffRow], title: str, caption: str | None = None) -> Table:
    notes = Footnotes()
    cells = tuple(r.cells(notes) for r in rows)
    return Table(
        _DIFF_COLUMNS, cells, title=title, caption=caption, footnotes=tuple(notes.lines), spaced=True, collapsible=True
    )


def _diff_rows(diff: Diff, gone: Verb, *, for_review: bool = False) -> list[_DiffRow]:
    """Every section's rows, each section in key order; a changed or restated record gives one
    row per field. `for_review` adds, under each new or changed commitment, what a reviewer
    checks: the sources it rests on and the position it supersedes."""
    rows: list[_DiffRow] = []
    for section in diff.sections:
        name = section.name
        cite = for_review and name == "commitments"
        part: list[_DiffRow] = []
        for entry in section.added:
            part.append(_row(name, entry.key, entry.record, Verb.ADDED, new=_describe(name, entry.record)))
            part += _citations(entry.key, entry.record, Verb.ADDED, ()) if cite else []
        part += [_row(name, e.key, e.record, gone, old=_describe(name, e.record)) for e in section.removed]
        for verb, changes in ((Verb.CHANGED, section.changed), (Verb.RESTATED, section.restated)):
            for change in changes:
                fields = field_changes(change)
                cited = cite or verb is Verb.RESTATED  # new sources may share the old ones' publisher
                part += [
                    _row(
                        name,
                        change.key,
                        change.new,
                        verb,
                        field=f.field,
                        old=f.old,
                        new=f.new,
                        first=not i,
                        cited=cited,
                    )
                    for i, f in enumerate(fields)
                ]
                part += _citations(change.key, change.new, verb, {f.field for f in fields}) if cite else []
        rows += sorted(part, key=lambda r: r.key)  # stable: a record's rows keep their order
    return rows


def _citations(key: str, record: Any, verb: Verb, shown: Collection[str]) -> list[_DiffRow]:
    """The sources and the superseded position of a commitment, as rows under it, unless a
    changed field already shows them. Under a change they are the same on both sides."""
    dumped = values(record)
    return [
        _row(
            "commitments",
            key,
            record,
            verb,
            field=field,
            old=None if verb is Verb.ADDED else value,
            new=value,
            first=False,
            cited=True,
        )
        for field in ("supersedes", "sources")
        if field not in shown and (value := dumped.get(field))
    ]


def _row(section: str, key: str, record: Any, change: Verb, **fields: Any) -> _DiffRow:
    """A row of `record`, named by its own id, in the table of its party."""
    label = str(getattr(record, "id", key))
    return _DiffRow(section, key, label, _party_of(section, record), change, record, **fields)


def _groups(rows: Sequence[_DiffRow], names: Mapping[str, str]) -> list[tuple[str, list[_DiffRow]]]:
    """Rows by party, parties by name; records of no party (meetings) after them, by section."""
    groups: dict[tuple[int, str, str], list[_DiffRow]] = {}
    for row in rows:
        if row.party is None:
            key = (1, row.section, row.section.capitalize())
        else:
            name = names.get(row.party, row.party)
            key = (0, name.casefold(), f"{name} ({row.party})")
        groups.setdefault(key, []).append(row)
    return [(key[2], groups[key]) for key in sorted(groups)]


def _party_of(section: str, record: Any) -> str | None:
    if section == "commitments":
        return str(record.party)
    if section == "parties":
        return str(record.code)
    return None


def _describe(section: str, record: Any) -> str:
    """A record in one line, for a row that adds or removes it."""
    if section == "commitments":
        return f"{record.kind}, {record.status}: {record.summary}"
    if section == "parties":
        return f"{record.name} ({record.kind})"
    if section == "meetings":
        return f"{record.date}: {record.title}, {record.place}"
    return str(record)


def _unchanged_phrase(diff: Diff) -> str | None:
    unchanged = sum(s.unchanged for s in diff.sections)
    if diff.empty:
        return f"no change of position ({unchanged} unchanged)"
    return f"{unchanged} unchanged" if unchanged else None


def _diff_counts(diff: Diff, gone: Verb) -> str:
    """`parties: 1 changed, 2 unchanged; commitments: 1 added, 3 unchanged`; zeros left out."""
    if diff.empty:
        return f"no changes ({sum(s.unchanged for s in diff.sections)} unchanged)"
    counts = ((section.name, change_counts(section, gone)) for section in diff.sections)
    return "; ".join(f"{name}: {phrase}" for name, phrase in counts if phrase)


def _section_counts(section: SectionDiff) -> dict[str, int]:
    numbers = (len(section.added), len(section.removed), len(section.changed), len(section.restated), section.unchanged)
    return dict(zip(_COUNTS, numbers, strict=True))


def _diff_record(diff: Diff) -> dict[str, Any]:
    """A diff for machines: counts, then each section's records and field changes."""

    return {
        "summary": {s.name: _section_counts(s) for s in diff.sections},
        **{
            s.name: {
                "added": [{"key": e.key, "record": values(e.record)} for e in s.added],
                "removed": [{"key": e.key, "record": values(e.record)} for e in s.removed],
                **{
                    verb: [
                        {
                            "key": c.key,
                            "changes": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields],
                            "old": values(c.old),
                            "new": values(c.new),
                        }
                        for c in changes
                    ]
                    for verb, changes in (("changed", s.changed), ("restated", s.restated))
                },
                "unchanged": s.unchanged,
            }
            for s in diff.sections
        },
    }
