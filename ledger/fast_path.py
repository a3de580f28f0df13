"""Answering a command that only reads, before typer is imported.

typer builds a pydantic adapter for every option of a command on every run, given or not, which
costs more than the answer itself on a warm cache. A line this module reads exactly as typer
would (a command of `ledger.grammar`, its options spelled in full or by their letter, each value
its own word or after `=`) is answered through the same functions typer's command calls
(`ledger.answers`), with the same option readers (`ledger.choices`), note and error handler
(`ledger.cli_io`). Anything else, and any value a reader refuses, it leaves to typer, having
printed nothing: help, unknown or repeated options, words that are not options, values that look
like options, letters run together (`-cIT`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ledger.grammar import COMMANDS, Option

ANSWERED = ("show", "meetings", "parties", "history", "matrix", "summary")  # commands with no arguments


def answer(args: list[str]) -> bool:
    """Answer the command line `args` (after the program's name); False, having printed nothing,
    when typer must read it. A command that fails ends the process with its exit code."""
    read = _read(args)
    if read is None:
        return False
    command, values = read
    from ledger import answers
    from ledger.cli_io import note_shipped_copy, one_line_errors

    with one_line_errors():
        note_shipped_copy(values["data"])
        getattr(answers, command)(**values)
    return True


def _read(args: list[str]) -> tuple[str, dict[str, Any]] | None:
    """The command and its parameters, as typer would give them; None for anything else."""
    from ledger.errors import UsageError

    if not args or args[0] not in ANSWERED:
        return None
    options = COMMANDS[args[0]]
    given: dict[str, list[str]] = {}
    position = 1
    while position < len(args):
        word = args[position]
        name, equals, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        option = options.get(name)
        if option is None:
            return None
        if option.takes is None:
            if equals:
                return None
            given.setdefault(option.param, []).append("")
            position += 1
            continue
        if equals:
            value, position = attached, position + 1
        elif position + 1 < len(args):
            value, position = args[position + 1], position + 2
        else:
            return None
        if value.startswith("-") or (option.param in given and not option.many):
            return None
        given.setdefault(option.param, []).append(value)
    values: dict[str, Any] = {}
    try:
        for option in {option.param: option for option in options.values()}.values():
            found = given.get(option.param)
            if found is None and option.required:
                return None
            values[option.param] = _default(option) if found is None else _value(option, found)
    except UsageError:
        return None
    return args[0], values


def _value(option: Option, found: list[str]) -> Any:
    if option.takes is None:
        return True
    read = _reader(option.takes)
    return [read(text) for text in found] if option.many else read(found[0])


def _reader(takes: str) -> Any:
    if takes == "path":
        return Path
    if takes in ("party", "meeting", "text"):
        return str
    from ledger.choices import reader

    return reader(takes)


def _default(option: Option) -> Any:
    """What typer gives an option that is not on the line: `--data` from LEDGER_DATA, as typer
    reads it; a flag False; the format a table; anything else None."""
    if option.param == "data":
        from ledger.paths import data_from_environment

        return data_from_environment()
    if option.takes is None:
        return False
    if option.takes == "format":
        from ledger.output.formats import OutputFormat

        return OutputFormat.TABLE
    return None
