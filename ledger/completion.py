"""Candidates for shell completion, read from the data file without validating it.

Every TAB runs the program, so this reads one section (`parties` or `meetings`) from libyaml's
event stream and stops there, long before the commitments. A file it cannot read completes nothing:
completion must never print an error into the shell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
)

Candidate = tuple[str, str]  # the value, and a hint a shell such as zsh shows beside it
_HINT_CHARS = 60  # typer wraps a longer hint onto a second line, which zsh shows as a broken entry
_MAX_DEPTH = 32


def party_candidates(path: Path, incomplete: str) -> list[Candidate]:
    """Codes, names and aliases that start with `incomplete`, whatever its case."""
    found: dict[str, str] = {}
    for party in _records(path, "parties"):
        code, name, aliases = _text(party.get("code")), _text(party.get("name")), party.get("aliases")
        spelled = [_text(alias) for alias in aliases] if isinstance(aliases, list) else []
        for value, hint in ((code, name), (name, code), *((alias, f"{name} ({code})") for alias in spelled)):
            if value:
                found.setdefault(value, hint)
    return _matching(found, incomplete)


def meeting_candidates(path: Path, incomplete: str) -> list[Candidate]:
    """Meeting ids that start with `incomplete`, with their date and title as the hint."""
    found: dict[str, str] = {}
    for meeting in _records(path, "meetings"):
        meeting_id = _text(meeting.get("id"))
        if meeting_id:
            found.setdefault(meeting_id, f"{_text(meeting.get('date'))} {_text(meeting.get('title'))}".strip())
    return _matching(found, incomplete)


def _matching(found: dict[str, str], incomplete: str) -> list[Candidate]:
    """Prefix matches; one typed in lower case also finds `Italy` (as `italy`: --country ignores case)."""
    spelled = {value if value.startswith(incomplete) else value.lower(): hint for value, hint in found.items()}
    return sorted((value, _shortened(hint)) for value, hint in spelled.items() if value.startswith(incomplete))


def _shortened(hint: str) -> str:
    return hint if len(hint) <= _HINT_CHARS else hint[: _HINT_CHARS - 1].rstrip() + "…"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _records(path: Path, section: str) -> list[dict[str, Any]]:
    try:
        items = _section(path.read_bytes().decode("utf-8"), section)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, _Unexpected):
        return []
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


class _Unexpected(Exception):
    """The file is not shaped like a ledger; there is nothing to complete from."""


def _section(text: str, name: str) -> Any:
    """One top-level value, as plain strings, lists and dicts; None when the file has none."""
    parser = CParser(text)
    parser.get_event()  # stream start
    parser.get_event()  # document start
    if not isinstance(parser.get_event(), MappingStartEvent):
        raise _Unexpected
    while isinstance(key := parser.get_event(), ScalarEvent):
        if key.value == name:
            return _value(parser, 0)
        _skip(parser)
    return None


def _value(parser: CParser, depth: int) -> Any:
    event = parser.get_event()
    if isinstance(event, ScalarEvent):
        return event.value
    if isinstance(event, AliasEvent):
        return None
    if not isinstance(event, CollectionStartEvent) or depth > _MAX_DEPTH:
        raise _Unexpected
    items = []
    while not isinstance(parser.peek_event(), CollectionEndEvent):
        items.append(_value(parser, depth + 1))
    parser.get_event()
    if isinstance(event, MappingStartEvent):
        return {key: value for key, value in zip(items[::2], items[1::2], strict=True) if isinstance(key, str)}
    return items


def _skip(parser: CParser) -> None:
    """Pass over one value (a whole section, say) without building it."""
    depth = 0
    while True:
        event = parser.get_event()
        if isinstance(event, CollectionStartEvent):
            depth += 1
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        elif not isinstance(event, ScalarEvent | AliasEvent):
            raise _Unexpected
        if depth == 0:
            return
