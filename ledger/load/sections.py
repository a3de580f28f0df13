"""One top-level section of a YAML file, read from libyaml's event stream without building the rest.

Completion needs the parties or the meetings of a file that may be broken further down, and
must not pay for the commitments: this reads up to the section asked for, skips what comes
before it, and stops.
"""

from __future__ import annotations

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

_MAX_DEPTH = 32


class NotALedger(Exception):
    """The file is not shaped like a ledger; there is nothing to complete from."""


def top_level_value(text: str, name: str) -> Any:
    """One top-level value, as plain strings, lists and dicts; None when the file has none.
    NotALedger when the text is not YAML, or not shaped like a ledger."""
    try:
        return _top_level_value(CParser(text), name)
    except yaml.YAMLError:
        raise NotALedger from None


def _top_level_value(parser: CParser, name: str) -> Any:
    parser.get_event()  # stream start
    parser.get_event()  # document start
    if not isinstance(parser.get_event(), MappingStartEvent):
        raise NotALedger
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
        raise NotALedger
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
            raise NotALedger
        if depth == 0:
            return
