"""The canonical layout of a data file (`ledger fmt`): one order, one quoting, comments kept.

- Sections in the order the `Ledger` model declares them. Parties stay as written; meetings go
  by date, then id; commitments by meeting (in that order), then party (in the order of
  `parties`), kind (in the vocabulary's order) and id.
- Keys in the order the models declare their fields, read from the models: a new field slots in.
- Text stays plain when every YAML 1.1 and 1.2 reader reads it as that same text, and is
  double-quoted otherwise (`"NO"`, `"0123"`, `"1e3"`, `"a: b"`); a date field holds a plain
  ISO date. Nothing is folded: a long text stays on its line, and a folded (`>-`) or literal
  (`|`) block keeps the line breaks its author chose.
- A list of plain values is written inline (`[GB, FR]`) when its line fits in 120 columns,
  else one item a line, as are lists of records.
- Comments move with the member they belong to (see `tree`); the heading before each meeting's
  commitments, `# ---- date: title (place) ----`, is written anew from the meeting.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import difflib
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from ledger.edit import tree
from ledger.edit.scalars import scalar_text
from ledger.edit.tree import Mapping, Member, Scalar, Sequence, Value
from ledger.errors import LedgerError
from ledger.load.loader import load_bytes
from ledger.model.models import Commitment, Kind, Ledger

_HEADING = re.compile(r"#\s*-{4}\s.*\s-{4}\s*$")
LIST_WIDTH = 120  # the repository's line length: a longer inline list is written one item a line


@dataclass(frozen=True)
class Formatting:
    """A data file's text before and in canonical layout, and which records change place."""

    name: str
    before: str
    text: str
    moved: dict[str, tuple[str, ...]]  # section → ids (codes) of the records that move, in new order

    @property
    def changed(self) -> bool:
        return self.text != self.before

    def diff(self) -> str:
        """A unified diff from the text as it is to the canonical one; empty when they agree."""
        return unified_diff(self.before, self.text, self.name)

    def line_counts(self) -> tuple[int, int]:
        """Lines the canonical text adds and removes, counted as `git diff --stat` counts them."""
        body = self.diff().splitlines()[2:]  # past the `---` and `+++` header
        return sum(line.startswith("+") for line in body), sum(line.startswith("-") for line in body)


def format_ledger(text: str, *, name: str) -> Formatting:
    """The canonical layout of a data file's text. Refuses a file with errors (its meaning is not
    settled), and checks that the result loads to the very same records before returning it."""
    loaded = load_bytes(text.encode("utf-8"), name=name)
    if loaded.ledger is None:
        errors = loaded.errors
        more = f" (and {len(errors) - 1} more; `ledger check` lists them)" if len(errors) > 1 else ""
        raise LedgerError(f"cannot format {name} until its errors are fixed: {errors[0]}{more}")
    formatted = render(tree.parse(text), loaded.ledger)
    verify(formatted, loaded.ledger, name)
    moved = {section: _moved(loaded.ledger, section, order) for section, order in _ORDERS.items()}
    return Formatting(name, text, formatted, {section: ids for section, ids in moved.items() if ids})


def render(document: tree.Document, ledger: Ledger) -> str:
    """The document in canonical layout; `ledger` is what it loads to, for ordering records."""
    writer = _Writer()
    writer.comments(document.head, 0)
    for index, member in enumerate(_ordered(document.root.members, Ledger)):
        spec = _spec(Ledger, member.key)
        if index:
            writer.lines.append("")
        writer.comments(_above(member, spec, 0), 0)
        section = member.key or ""
        if section not in _ORDERS or not isinstance(member.value, Sequence) or not member.value.items:
            writer.member(member, "", 0, spec)
            continue
        writer.lines.append(f"{_key_text(section)}:" + _note(member))
        for before, item in _arranged(section, ledger, member.value.items):
            writer.lines.extend(before)
            writer.item(item, 2, spec)
        writer.comments(member.below, 0)
    if document.tail:
        writer.lines.append("")
        writer.comments(document.tail, 0)
    return "\n".join(writer.lines) + "\n"


def record_text(section: str, value: Mapping) -> str:
    """One record as it reads inside its section of a canonical file: `  - id: …` and on."""
    writer = _Writer()
    writer.item(Member(None, value), 2, _spec(Ledger, section))
    return "\n".join(writer.lines) + "\n"


def verify(text: str, expected: Ledger, name: str) -> None:
    """Refuse a layout that would change what the file says (a bug here, never the user's)."""
    loaded = load_bytes(text.encode("utf-8"), name=name)
    if loaded.ledger is None or not same_records(loaded.ledger, expected):
        first = f": {loaded.errors[0]}" if loaded.errors else ""
        raise LedgerError(f"internal error: the new layout of {name} would change its records{first}; refusing it")


def same_records(a: Ledger, b: Ledger) -> bool:
    """Whether two ledgers hold the same records, whatever the order of meetings and commitments."""
    return (
        a.schema_version == b.schema_version
        and a.parties == b.parties
        and {m.id: m for m in a.meetings} == {m.id: m for m in b.meetings}
        and {c.id: c for c in a.commitments} == {c.id: c for c in b.commitments}
    )


def unified_diff(before: str, after: str, name: str) -> str:
    return "".join(difflib.unified_diff(_diff_lines(before), _diff_lines(after), f"a/{name}", f"b/{name}"))


def _diff_lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


# -- record order --------------------------------------------------------------------------


def _meeting_order(ledger: Ledger) -> list[int]:
    meetings = ledger.meetings
    return sorted(range(len(meetings)), key=lambda i: (meetings[i].date, meetings[i].id))


def _commitment_order(ledger: Ledger) -> list[int]:
    meeting_rank = {ledger.meetings[i].id: rank for rank, i in enumerate(_meeting_order(ledger))}
    party_rank = {party.code: rank for rank, party in enumerate(ledger.parties)}
    kind_rank = {kind: rank for rank, kind in enumerate(Kind)}

    def key(commitment: Commitment) -> tuple[int, int, int, str]:
        return meeting_rank[commitment.meeting], party_rank[commitment.party], kind_rank[commitment.kind], commitment.id

    commitments = ledger.commitments
    return sorted(range(len(commitments)), key=lambda i: key(commitments[i]))


_ORDERS: dict[str, Callable[[Ledger], list[int]]] = {
    "parties": lambda ledger: list(range(len(ledger.parties))),
    "meetings": _meeting_order,
    "commitments": _commitment_order,
}


def _arranged(section: str, ledger: Ledger, items: tuple[Member, ...]) -> Iterator[tuple[list[str], Member]]:
    """A section's items in canonical order, each with the lines that go before it: a blank
    line between meetings, a blank line and a heading before each meeting's commitments."""
    meetings = {meeting.id: meeting for meeting in ledger.meetings}
    current = None
    for rank, index in enumerate(_ORDERS[section](ledger)):
        item = items[index]
        if section == "meetings":
            yield ([""] if rank else []), item
        elif section == "commitments":
            meeting = meetings[ledger.commitments[index].meeting]
            before = []
            if meeting.id != current:
                before = ["", f"  # ---- {meeting.date}: {_oneline(meeting.title)} ({_oneline(meeting.place)}) ----"]
                current = meeting.id
            yield before, dataclasses.replace(item, above=[text for text in item.above if not _HEADING.match(text)])
        else:
            yield [], item


def _oneline(text: str) -> str:
    return " ".join(text.split())


def _moved(ledger: Ledger, section: str, order: Callable[[Ledger], list[int]]) -> tuple[str, ...]:
    """Ids of the fewest records that must move for the section to be in order: those outside a
    longest run that already is."""
    positions = order(ledger)
    tails: list[int] = []
    kept_at: list[int] = []
    previous = [-1] * len(positions)
    for at, position in enumerate(positions):
        slot = bisect.bisect_left(tails, position)
        if slot:
            previous[at] = kept_at[slot - 1]
        if slot == len(tails):
            tails.append(position)
            kept_at.append(at)
        else:
            tails[slot] = position
            kept_at[slot] = at
    kept: set[int] = set()
    at = kept_at[-1] if kept_at else -1
    while at >= 0:
        kept.add(at)
        at = previous[at]
    records = getattr(ledger, section)
    key = "code" if section == "parties" else "id"
    return tuple(getattr(records[positions[at]], key) for at in range(len(positions)) if at not in kept)


# -- keys and values -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    rank: int
    model: type[BaseModel] | None  # the record type a field holds, or its list holds
    is_date: bool


_ANY = _Field(0, None, False)


@cache
def _fields(model: type[BaseModel]) -> dict[str, _Field]:
    fields = {}
    for rank, (name, info) in enumerate(model.model_fields.items()):
        types = list(_types_in(info.annotation))
        inner = next((t for t in types if issubclass(t, BaseModel)), None)
        fields[info.alias or name] = _Field(rank, inner, dt.date in types)
    return fields


def _types_in(annotation: object) -> Iterator[type]:
    """The classes an annotation names: `tuple[Source, ...] | None` → tuple, Source, NoneType."""
    if isinstance(annotation, type) and not typing.get_args(annotation):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _types_in(argument)


def _spec(model: type[BaseModel] | None, key: str | None) -> _Field:
    return _fields(model).get(key or "", _ANY) if model else _ANY


def _ordered(members: tuple[Member, ...], model: type[BaseModel] | None) -> list[Member]:
    if model is None:
        return list(members)
    fields = _fields(model)
    return sorted(members, key=lambda m: fields[m.key].rank if m.key in fields else len(fields))


def _key_text(key: str | None) -> str:
    return scalar_text(key or "")


def _note(member: Member) -> str:
    return f"  {member.inline}" if member.inline else ""


def _one_line(value: Value, *, date: bool, flow: bool = False) -> str | None:
    """A value's text when it fits on its key's line (a scalar, `{}`, a list of plain values)."""
    if isinstance(value, Scalar):
        return None if value.block else scalar_text(value.value, date=date, flow=flow)
    if isinstance(value, Mapping):
        return None if value.members else "{}"
    parts = [_one_line(item.value, date=date, flow=True) for item in value.items]
    return None if None in parts else "[" + ", ".join(typing.cast(list[str], parts)) + "]"


def _value_text(member: Member, spec: _Field, indent: int) -> str | None:
    """A member's value when it goes on its key's line (at column `indent`), else None."""
    text = _one_line(member.value, date=spec.is_date)
    too_long = text is not None and indent + len(_key_text(member.key)) + 2 + len(text) > LIST_WIDTH
    return None if too_long and isinstance(member.value, Sequence) else text


def _above(member: Member, spec: _Field, indent: int) -> list[str]:
    """The comments above a member, with those of the items of a list written inline."""
    above = list(member.above)
    if isinstance(member.value, Sequence) and _value_text(member, spec, indent) is not None:
        above.extend(_comments_within(member.value))
    return above


def _comments_within(sequence: Sequence) -> Iterator[str]:
    for item in sequence.items:
        yield from item.above
        if item.inline:
            yield item.inline
        if isinstance(item.value, Sequence):
            yield from _comments_within(item.value)
        yield from item.below


class _Writer:
    """Lines of canonical YAML: two spaces a level, sequences indented under their key."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def comments(self, texts: typing.Iterable[str], indent: int) -> None:
        self.lines.extend(" " * indent + text for text in texts)

    def member(self, member: Member, lead: str, indent: int, spec: _Field) -> None:
        """`key: value` at column `indent`; `lead` is what precedes the key (spaces, or a dash)."""
        self._value(f"{lead}{_key_text(member.key)}:", member, _value_text(member, spec, indent), indent, spec)

    def item(self, item: Member, indent: int, spec: _Field) -> None:
        """A sequence item with its dash at column `indent`; a record's first key shares the dash's line."""
        value = item.value
        above = list(item.above)
        if isinstance(value, Mapping) and value.members:
            if item.inline:
                above.append(item.inline)
            self._mapping(_ordered(value.members, spec.model), indent + 2, spec.model, dash_above=above)
            self.comments(item.below, indent)
            return
        text = _one_line(value, date=spec.is_date)
        if isinstance(value, Sequence) and text is not None:
            above.extend(_comments_within(value))
        self.comments(above, indent)
        self._value(" " * indent + "-", item, text, indent, spec)

    def _value(self, head: str, entry: Member, text: str | None, indent: int, spec: _Field) -> None:
        """`entry`'s value after `head` (its key, or a dash) at column `indent`: on the same line
        when it has a one-line `text`, else a block, mapping or list below; then its trailing comments."""
        value = entry.value
        if text is not None:
            self.lines.append(f"{head} {text}{_note(entry)}")
        elif isinstance(value, Scalar):
            assert value.block is not None
            self.lines.append(f"{head} {value.block.header}{_note(entry)}")
            self._block(value.block, indent + 2)
        elif isinstance(value, Mapping):
            self.lines.append(head + _note(entry))
            self._mapping(_ordered(value.members, spec.model), indent + 2, spec.model)
        else:
            self.lines.append(head + _note(entry))
            for item in value.items:
                self.item(item, indent + 2, spec)
        self.comments(entry.below, indent)

    def _mapping(
        self, members: list[Member], indent: int, model: type[BaseModel] | None, dash_above: list[str] | None = None
    ) -> None:
        """Members at column `indent`; with `dash_above`, the first one opens a sequence item and
        those comments go above the dash."""
        for index, member in enumerate(members):
            spec = _spec(model, member.key)
            lead = " " * indent
            if dash_above is not None and index == 0:
                self.comments([*dash_above, *_above(member, spec, indent)], indent - 2)
                lead = " " * (indent - 2) + "- "
            else:
                self.comments(_above(member, spec, indent), indent)
            self.member(member, lead, indent, spec)

    def _block(self, block: tree.Block, indent: int) -> None:
        self.lines.extend(" " * indent + line if line else "" for line in block.lines)
