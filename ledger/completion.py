r"""Candidates for shell completion, read from the data file without validating it.

Every TAB runs the program, so the names come from one section (`parties` or `meetings`), read
by `ledger.load.sections` without the commitments; bytes that are not a ledger complete nothing:
completion must never print an error into the shell. Once a command has loaded the file, the
same names wait in an index beside its cache entry (`ledger.load.index`), and `answer_early`
serves them, and the vocabulary's words, before typer is even imported; whatever it does not
read exactly as typer would, it leaves to typer.

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

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from ledger.grammar import COMMANDS
from ledger.model.vocabulary import Kind, Status

Candidate = tuple[str, str]  # the value, and a hint a shell such as zsh shows beside it
_HINT_CHARS = 60  # typer wraps a longer hint onto a second line, which zsh shows as a broken entry
_DIGITS = frozenset("0123456789")
_WORD_MARKS = _DIGITS | frozenset("-.")
_HINT_MARKS = _WORD_MARKS | frozenset(" ,()–’")
_SPACE_IN = {"bash": "\\ ", "zsh": " ", "fish": " "}  # how each shell's candidate spells a space


def party_candidates(data: bytes, incomplete: str, shell: str) -> list[Candidate]:
    """Codes, names and aliases that start with `incomplete`, whatever its case."""
    return _offered(party_names(data), incomplete, shell)


def meeting_candidates(data: bytes, incomplete: str, shell: str) -> list[Candidate]:
    """Meeting ids that start with `incomplete`, with their date and title as the hint."""
    return _offered(meeting_names(data), incomplete, shell)


def party_names(data: bytes) -> dict[str, str]:
    """Every code, name and alias in the file, each with its hint, before any check."""
    found: dict[str, str] = {}
    for party in _records(data, "parties"):
        code, name, aliases = _text(party.get("code")), _text(party.get("name")), party.get("aliases")
        spelled = [_text(alias) for alias in aliases] if isinstance(aliases, list) else []
        for value, hint in ((code, name), (name, code), *((alias, f"{name} ({code})") for alias in spelled)):
            if value:
                found.setdefault(value, hint)
    return found


def meeting_names(data: bytes) -> dict[str, str]:
    """Every meeting id in the file, with its date and title as the hint, before any check."""
    found: dict[str, str] = {}
    for meeting in _records(data, "meetings"):
        meeting_id = _text(meeting.get("id"))
        if meeting_id:
            found.setdefault(meeting_id, f"{_text(meeting.get('date'))} {_text(meeting.get('title'))}".strip())
    return found


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
    # Imported here: completion answered from the index never reads YAML.
    from ledger.load.sections import NotALedger, top_level_value

    try:
        items = top_level_value(data.decode("utf-8"), section)
    except (UnicodeDecodeError, NotALedger):
        return []
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


# -- answering before typer loads ----------------------------------------------------------------

_CHOICES: Final[dict[str, type[StrEnum]]] = {"kind": Kind, "status": Status}
_ANSWERED: Final = frozenset({"party", "meeting", *_CHOICES})  # what the early path completes
_SHELLS: Final = {"complete_bash": "bash", "complete_zsh": "zsh", "complete_fish": "fish"}


def answer_early(prog_name: str | None) -> bool:
    """Answer a shell's request for an option's value from the index, before typer is imported;
    False, having printed nothing, for anything else (typer then answers as always)."""
    name = prog_name or os.path.basename(sys.argv[0])
    shell = _SHELLS.get(os.environ.get(f"_{name}_COMPLETE".replace("-", "_").upper(), ""))
    if shell is None or name != "ledger":
        return False
    fish_action = os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
    if shell == "fish" and fish_action not in ("get-args", "is-args"):
        return False
    request = _words(shell)
    if request is None:
        return False
    args, incomplete = request
    wanted = _wanted(args)
    if wanted is None or incomplete.startswith("-"):
        return False
    what, data = wanted
    if what in _CHOICES:
        found = [(member.value, "") for member in _CHOICES[what] if member.value.startswith(incomplete)]
    else:
        names = _index(data)
        if names is None:
            return False
        found = _offered(names[0] if what == "party" else names[1], incomplete, shell)
    if shell == "fish" and fish_action == "is-args":
        sys.exit(0 if found else 1)
    try:
        sys.stdout.write(_formatted(shell, found) + "\n")
        sys.stdout.flush()
    except OSError:  # typer's path meets the same refusal, and reports it as it always has
        return False
    return True


def _words(shell: str) -> tuple[list[str], str] | None:
    """The words before the one being completed, and that one, as typer reads them for `shell`;
    None when quoting or escapes would need a shell's own rules."""
    line = os.environ.get("COMP_WORDS" if shell == "bash" else "_TYPER_COMPLETE_ARGS", "")
    if any(mark in line for mark in "\"'\\"):
        return None
    words = line.split()
    if shell == "bash":
        try:
            current = int(os.environ.get("COMP_CWORD", ""))
        except ValueError:
            return None
        if not 0 < current <= len(words):
            return None
        return words[1:current], words[current] if current < len(words) else ""
    args = words[1:]
    if args and not line.endswith(" "):
        return args[:-1], args[-1]
    return args, ""


def _wanted(args: list[str]) -> tuple[str, str | None] | None:
    """What the last option typed asks for (party, meeting, kind, status), and the --data given
    before it; None unless every word before it is an option of the command, or its value."""
    if len(args) < 2 or args[0] not in COMMANDS:
        return None
    options = COMMANDS[args[0]]
    data: str | None = None
    position = 1
    while position < len(args) - 1:
        option = options.get(args[position])
        if option is None:
            return None
        if option.takes is None:
            position += 1
            continue
        if option.param == "data":
            data = args[position + 1]
        position += 2
    last = options.get(args[-1]) if position == len(args) - 1 else None
    return (last.takes, data) if last is not None and last.takes in _ANSWERED else None


def _index(given: str | None) -> tuple[dict[str, str], dict[str, str]] | None:
    """The names kept for the data file typer would read (--data, else LEDGER_DATA, else the
    default); None when there are none, or the file cannot be read as a plain, bounded file."""
    from ledger.folders import open_folder, read_regular
    from ledger.load import cache, index
    from ledger.paths import MAX_FILE_BYTES, DataFile, data_from_environment, search_data_file

    path = Path(given) if given else data_from_environment()
    if path is None:
        found = search_data_file()
        if not isinstance(found, DataFile):
            return None  # in a work tree without a data file: typer's path says so
        path = found.path
    try:
        folder = open_folder(path.parent)
        try:
            data = read_regular(folder, path.name, MAX_FILE_BYTES)
        finally:
            os.close(folder)
    except OSError:
        return None
    return None if data is None else index.read(cache.key(data))


def _formatted(shell: str, found: list[Candidate]) -> str:
    """The candidates as typer prints them for `shell`."""
    if shell == "bash":
        return "\n".join(value for value, _ in found)
    if shell == "fish":
        return "\n".join(f"{value}\t{hint}" if hint else value for value, hint in found)
    if not found:
        return "_files"
    entries = "\n".join(f'"{value}":"{hint}"' if hint else f'"{value}"' for value, hint in found)
    return f"_arguments '*: :(({entries}))'"
