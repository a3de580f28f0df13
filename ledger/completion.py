r"""Candidates for shell completion, read from the data file without validating it.

Every TAB runs the program, so this parses one section (`parties` or `meetings`) from libyaml's
event stream and stops there, long before the commitments. The CLI reads the file (bounded) and
hands over its bytes; bytes that are not a ledger complete nothing: completion must never print an
error into the shell.

The data may come from a stranger's pull request and what this returns becomes shell input, so
`_offered` is the one place a value and its hint are checked, cleaned and quoted. What each shell
does with typer's answer decides the rule:

- bash: typer's script runs `COMPREPLY=( $(ledger) )` with IFS set to newline: each line is one
  candidate, glob-expanded (`*`, `?`, `[`; with extglob also `(`, `|`), and readline inserts it
  into the command line as it is, so quotes, `$`, backquote, backslash, `;`, `&`, `|`, `<`, `>`,
  parentheses, braces, `~`, `#`, `!`, spaces and newlines all act when the line runs.
- zsh: typer prints `_arguments '*: :(("value":"hint"))'`, the script evals it, and `_arguments`
  evals the list again inside double quotes. typer doubles quotes (which drops them) and puts a
  backslash before `$`, backquote and `:`, but leaves a backslash alone, so a backslash in the
  data turns that escape back into a live `$(...)`; runs of blanks collapse to one space; an
  unescaped `:` ends the value. compadd quotes what it inserts.
- fish: a line per candidate, a tab before the hint; fish quotes what it inserts.
- typer renders zsh and fish hints with rich, where `[...]` is markup and `:name:` an emoji.

So a value is offered only when it is words of letters (any script, `str.isalpha`), ASCII digits,
`-` and `.`, joined by single spaces, with a letter or digit first (never option-like): none of
these means anything to the three shells, to rich, or as a separator. Any other character leaves
the value out; the party is still offered by its code and its other names. bash alone needs the
space quoted (`United\ Kingdom`); a shell not named here gets one-word values only. A hint keeps
the same characters plus `,`, `(`, `)`, `–` and `’` (it is only shown, and zsh reads it inside
double quotes, where parentheses are plain); `'` is shown as `’` and any other character as a space.
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

Candidate = tuple[str, str]  # the value, and a hint a shell such as zsh shows beside it
_HINT_CHARS = 60  # typer wraps a longer hint onto a second line, which zsh shows as a broken entry
_MAX_DEPTH = 32
_DIGITS = frozenset("0123456789")
_WORD_MARKS = _DIGITS | frozenset("-.")
_HINT_MARKS = _WORD_MARKS | frozenset(" ,()–’")
_SPACE_IN = {"bash": "\\ ", "zsh": " ", "fish": " "}  # how each shell's candidate spells a space


def party_candidates(data: bytes, incomplete: str, shell: str) -> list[Candidate]:
    """Codes, names and aliases that start with `incomplete`, whatever its case."""
    found: dict[str, str] = {}
    for party in _records(data, "parties"):
        code, name, aliases = _text(party.get("code")), _text(party.get("name")), party.get("aliases")
        spelled = [_text(alias) for alias in aliases] if isinstance(aliases, list) else []
        for value, hint in ((code, name), (name, code), *((alias, f"{name} ({code})") for alias in spelled)):
            if value:
                found.setdefault(value, hint)
    return _offered(found, incomplete, shell)


def meeting_candidates(data: bytes, incomplete: str, shell: str) -> list[Candidate]:
    """Meeting ids that start with `incomplete`, with their date and title as the hint."""
    found: dict[str, str] = {}
    for meeting in _records(data, "meetings"):
        meeting_id = _text(meeting.get("id"))
        if meeting_id:
            found.setdefault(meeting_id, f"{_text(meeting.get('date'))} {_text(meeting.get('title'))}".strip())
    return _offered(found, incomplete, shell)


def _offered(found: dict[str, str], incomplete: str, shell: str) -> list[Candidate]:
    """Prefix matches that are safe to hand to `shell`, quoted for it, with a cleaned hint.

    One typed in lower case also finds `Italy` (as `italy`: --country ignores case); the check runs
    on the value as offered, after that change of case.
    """
    spelled = {value if value.startswith(incomplete) else value.lower(): hint for value, hint in found.items()}
    space = _SPACE_IN.get(shell)
    return sorted(
        (value.replace(" ", space) if space else value, _shortened(_clean_hint(hint)))
        for value, hint in spelled.items()
        if value.startswith(incomplete) and _is_safe_value(value) and (space or " " not in value)
    )


def _is_safe_value(value: str) -> bool:
    """Words of letters, digits, `-` and `.`, single spaces between them, a letter or digit first."""
    return (value[:1].isalpha() or value[:1] in _DIGITS) and all(
        word and all(ch.isalpha() or ch in _WORD_MARKS for ch in word) for word in value.split(" ")
    )


def _clean_hint(hint: str) -> str:
    """The hint with `'` shown as `’` and every character outside the hint set made a space."""
    kept = "".join(ch if ch.isalpha() or ch in _HINT_MARKS else " " for ch in hint.replace("'", "’"))
    return " ".join(kept.split())


def _shortened(hint: str) -> str:
    return hint if len(hint) <= _HINT_CHARS else hint[: _HINT_CHARS - 1].rstrip() + "…"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _records(data: bytes, section: str) -> list[dict[str, Any]]:
    try:
        items = _section(data.decode("utf-8"), section)
    except (UnicodeDecodeError, yaml.YAMLError, _Unexpected):
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
