"""A new commitment (`ledger add`): named by the data's convention, linked to the position it
revises, placed and written as `ledger fmt` would, and checked like the rest of the file.

`add_entry` writes nothing: it returns the new text for the CLI to write, or raises.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from pydantic import ValidationError

from ledger.core.query import position_by_lineage, resolve_meeting, resolve_party
from ledger.edit import layout, tree
from ledger.errors import Diagnostic, LedgerError, UsageError
from ledger.load.loader import load_bytes
from ledger.model.models import Commitment, Kind, Ledger, Meeting, Party, Reliability, Status

REQUIRED: Final = ("country", "meeting", "kind", "status", "summary", "url", "publisher", "reliability")
_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER: Final = r"[0-9]+(?:_[0-9]+)*"
_QUANTITY: Final = re.compile(rf"(?P<low>{_NUMBER})?(?P<range>\.\.(?P<high>{_NUMBER})?)?")
_WORD: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NOT_ONE_LINE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class NewEntry:
    """What the user asked to add, as given; None (or empty) where nothing was given."""

    country: str | None = None  # a party's code, name or alias, as --country reads it
    meeting: str | None = None  # a meeting id, a unique prefix of one, or its YYYY-MM-DD date
    kind: Kind | None = None
    status: Status | None = None
    summary: str | None = None
    quantity: str | None = None  # LOW, LOW..HIGH, LOW.. (open-ended) or ..HIGH (up to)
    unit: str | None = None
    as_stated: str | None = None
    conditions: tuple[str, ...] = ()
    quote: str | None = None
    lang: str | None = None
    speaker: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: dt.date | None = None  # the source's date; null in the file when not given
    reliability: Reliability | None = None
    supersedes: str | None = None  # the commitment this one revises, instead of the proposed one
    new_lineage: bool = False  # supersede nothing: a position on something new
    word: str | None = None  # tells two entries of one kind at one meeting apart: gb-aid-prep-…


@dataclass(frozen=True)
class Addition:
    """A checked new entry: what to write, and what to tell the user about it."""

    commitment: Commitment
    entry: str  # the entry's YAML, as it reads in the file
    text: str  # the whole file with the entry in its place
    diff: str  # unified diff from the file as it was
    supersedes: Commitment | None  # the earlier position the entry revises
    proposed: bool  # True when `supersedes` was worked out here rather than given
    reformatted: bool  # the file was not in canonical layout, so other lines change too
    warnings: tuple[Diagnostic, ...]  # the checks' warnings about the new entry, at its lines in `text`


class AmbiguousLineage(UsageError):
    """The party has several current positions of the kind: which one the entry revises is a choice."""

    def __init__(self, message: str, candidates: tuple[Commitment, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


class RejectedEntry(LedgerError):
    """The file with the entry would not pass `ledger check`; `diagnostics` has every error."""

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


def missing_fields(entry: NewEntry) -> tuple[str, ...]:
    """The fields still needed, by their names in `NewEntry`, for the CLI to ask for."""
    needed = list(REQUIRED)
    if entry.quantity is not None:
        needed += ["unit", "as_stated"]
    if entry.quote is not None:
        needed.append("lang")
    return tuple(name for name in needed if getattr(entry, name) in (None, ""))


def add_entry(ledger: Ledger, text: str, entry: NewEntry, *, name: str) -> Addition:
    """The file `text` (which loads to `ledger`) with `entry` added in its canonical place.

    Raises UsageError for a missing or unusable value (one line, naming it), AmbiguousLineage
    when the revised position must be chosen, and RejectedEntry when the result has errors.
    """
    missing = missing_fields(entry)
    if missing:
        raise UsageError(f"the new entry needs: {', '.join(missing)}")
    assert entry.country and entry.meeting and entry.kind and entry.status and entry.reliability
    party = resolve_party(ledger, entry.country)
    meeting = find_meeting(ledger, entry.meeting)
    predecessor, proposed = _predecessor(ledger, entry, party, entry.kind, meeting)
    values = _values(entry, _new_id(ledger, party, entry.kind, meeting, entry.word), party, meeting)
    if predecessor is not None:
        values["supersedes"] = predecessor.id
    elif entry.supersedes:
        values["supersedes"] = entry.supersedes  # unknown: the lineage check says so, with a suggestion
    try:
        commitment = Commitment.model_validate(values)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        raise UsageError(f"{'.'.join(str(step) for step in error['loc'])}: {error['msg']}") from None

    record = tree.from_plain(values)
    assert isinstance(record, tree.Mapping)
    document = tree.parse(text)
    updated = ledger.model_copy(update={"commitments": (*ledger.commitments, commitment)})
    new_text = layout.render(_with_commitment(document, record), updated)
    loaded = load_bytes(new_text.encode("utf-8"), name=name)
    if loaded.errors:
        first, count = loaded.errors[0], len(loaded.errors)
        more = f" (and {count - 1} more)" if count > 1 else ""
        raise RejectedEntry(
            f"the entry was not added to {name}: error[{first.code}] {first.message}{more}", loaded.errors
        )
    layout.verify(new_text, updated, name)
    entry_text = layout.record_text("commitments", record)
    return Addition(
        commitment=commitment,
        entry=entry_text,
        text=new_text,
        diff=layout.unified_diff(text, new_text, name),
        supersedes=predecessor,
        proposed=proposed,
        reformatted=layout.render(document, ledger) != text,
        warnings=_warnings_at(loaded.warnings, new_text, entry_text),
    )


def find_meeting(ledger: Ledger, given: str) -> Meeting:
    """A meeting by id, unique id prefix, or the date it was held on."""
    text = given.strip()
    if not _ISO_DATE.fullmatch(text):
        wanted = resolve_meeting(ledger, text)
        return next(m for m in ledger.meetings if m.id == wanted)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"'{text}' is not a valid date; write it as YYYY-MM-DD") from None
    held = [m for m in ledger.meetings if m.date <= day <= (m.end_date or m.date)]
    if not held:
        raise UsageError(f"no meeting was held on {day} (see `ledger meetings`)")
    if len(held) > 1:
        raise UsageError(f"{len(held)} meetings were held on {day}: {', '.join(m.id for m in held)}; give its id")
    return held[0]


def _predecessor(
    ledger: Ledger, entry: NewEntry, party: Party, kind: Kind, meeting: Meeting
) -> tuple[Commitment | None, bool]:
    """The commitment the entry supersedes, and whether it was proposed here: the party's
    position of that kind as it stood before the meeting, when there is exactly one."""
    if entry.new_lineage and entry.supersedes:
        raise UsageError("an entry that starts a new lineage supersedes nothing; give one or the other")
    if entry.new_lineage:
        return None, False
    if entry.supersedes:
        return next((c for c in ledger.commitments if c.id == entry.supersedes), None), False
    if meeting.date == dt.date.min:
        return None, False
    standing = position_by_lineage(ledger, meeting.date - dt.timedelta(days=1)).values()
    current = tuple(c for c in standing if c.party == party.code and c.kind is kind)
    if len(current) > 1:
        ids = ", ".join(c.id for c in current)
        raise AmbiguousLineage(
            f"{party.name} had {len(current)} {kind} positions before {meeting.id} ({ids}); "
            "say which one the entry supersedes, or that it starts a new lineage",
            current,
        )
    return (current[0], True) if current else (None, False)


def _new_id(ledger: Ledger, party: Party, kind: Kind, meeting: Meeting, word: str | None) -> str:
    """`<party>-<kind>[-<word>]-<meeting>`, the data's convention; a number follows the kind
    (or word) when the id is taken, the smallest that is free, so the same inputs give the same id."""
    if word is not None and not _WORD.fullmatch(word):
        raise UsageError(f"the id word {word!r} must be lower-case letters and digits, joined by hyphens")
    stem = "-".join([party.code.lower(), kind.value, *([word] if word else [])])
    taken = {c.id for c in ledger.commitments}
    number = 1
    while (candidate := f"{stem}-{meeting.id}" if number == 1 else f"{stem}-{number}-{meeting.id}") in taken:
        number += 1
    return candidate


def _values(entry: NewEntry, new_id: str, party: Party, meeting: Meeting) -> dict[str, object]:
    """The entry as plain values, in the file's field names."""
    values: dict[str, object] = {
        "id": new_id,
        "party": party.code,
        "meeting": meeting.id,
        "kind": entry.kind,
        "status": entry.status,
        "summary": _line("summary", entry.summary),
    }
    if entry.quantity is not None:
        low, high = _interval(entry.quantity)
        values["quantity"] = {
            "low": low,
            "high": high,
            "unit": _line("unit", entry.unit),
            "as_stated": _line("as_stated", entry.as_stated),
        }
    if entry.conditions:
        values["conditions"] = [_line("condition", c) for c in entry.conditions]
    if entry.quote is not None:
        quote = {"text": _line("quote", entry.quote), "lang": _line("lang", entry.lang)}
        values["quote"] = quote | ({"speaker": _line("speaker", entry.speaker)} if entry.speaker else {})
    source = {"url": web_address(entry.url or ""), "publisher": _line("publisher", entry.publisher)}
    values["sources"] = [source | {"date": entry.date, "reliability": entry.reliability}]
    return values


def _line(field: str, text: str | None) -> str:
    """A text value, trimmed; one clear refusal for an empty one or one with line breaks."""
    value = (text or "").strip()
    if not value:
        raise UsageError(f"{field} is empty")
    if _NOT_ONE_LINE.search(value):
        raise UsageError(f"{field} must be one line of text, without control characters")
    return value


def web_address(text: str) -> str:
    """A web address the reader can open: http or https, with a host."""
    url = text.strip()
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme, parts.hostname
    except ValueError:  # an unclosed IPv6 bracket, for one
        scheme, host = "", None
    if scheme not in ("http", "https") or not host or any(c.isspace() or not c.isprintable() for c in url):
        raise UsageError(
            f"source URL {url!r} is not a web address: it must start with http:// or https:// and name a host"
        )
    return url


def _interval(text: str) -> tuple[int, int | None]:
    """`5000` → (5000, 5000); `5000..10000`; `2000..` → (2000, None); `..7500` → (0, 7500)."""
    match = _QUANTITY.fullmatch(text.strip())
    if match is None or not (match["low"] or match["high"]):
        raise UsageError(
            f"quantity {text!r} is not LOW, LOW..HIGH, LOW.. (open-ended) or ..HIGH (up to) "
            "in whole numbers, e.g. 5000..10000"
        )
    low = int(match["low"]) if match["low"] else 0
    if not match["range"]:
        return low, low
    return low, int(match["high"]) if match["high"] else None


def _with_commitment(document: tree.Document, record: tree.Mapping) -> tree.Document:
    """The document with one more commitment, after the others (the layout puts it in place)."""
    members = []
    for member in document.root.members:
        if member.key == "commitments" and isinstance(member.value, tree.Sequence):
            member = dataclasses.replace(member, value=tree.Sequence((*member.value.items, tree.Member(None, record))))
        members.append(member)
    return tree.Document(document.head, tree.Mapping(tuple(members)), document.tail)


def _warnings_at(warnings: tuple[Diagnostic, ...], text: str, entry_text: str) -> tuple[Diagnostic, ...]:
    """The warnings that point into the entry's lines of the new file."""
    lines = text.splitlines()
    entry_lines = entry_text.splitlines()
    first = lines.index(entry_lines[0]) + 1  # `  - id: <id>`: ids are unique
    return tuple(d for d in warnings if first <= d.line < first + len(entry_lines))
