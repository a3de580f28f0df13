"""The options the `ledger` commands share, and how their values are read: CLI-only.

Every choice option reads its value without regard to case, takes the aliases its format
lists (`md`), and answers a value it does not know with the choices and a "did you mean".
Help texts name values in words (`NAME`, `KIND`), never as Python types.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ledger.errors import LedgerError, UsageError
from ledger.model.names import aside, did_you_mean
from ledger.model.vocabulary import Kind, Reliability, Status
from ledger.output.diagnostics import CheckFormat
from ledger.output.formats import FORMAT_ALIASES, OutputFormat

E = TypeVar("E", bound=StrEnum)


def choice(enum: type[E], option: str, aliases: Mapping[str, E] | None = None) -> Callable[[str], E]:
    """A reader for a choice option: any case, the given aliases; otherwise one usage error
    that lists the choices and suggests the closest."""
    names = {member.value: member for member in enum} | dict(aliases or {})

    def read(text: str | E) -> E:
        if isinstance(text, enum):
            return text
        wanted = str(text).strip().casefold()
        if wanted in names:
            return names[wanted]
        hint = aside(did_you_mean(wanted, list(names), cutoff=0.5))
        raise UsageError(f"{option}: '{text}' is not one of {', '.join(m.value for m in enum)}{hint}")

    return read


def metavar(enum: type[StrEnum]) -> str:
    return "|".join(member.value for member in enum)


def complete_party(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for --country: party codes, names and aliases from the data in use."""
    from ledger.completion import party_candidates

    return party_candidates(_completion_data(ctx), incomplete, _completion_shell())


def complete_meeting(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for a meeting id, from the data in use."""
    from ledger.completion import meeting_candidates

    return meeting_candidates(_completion_data(ctx), incomplete, _completion_shell())


def data_path(data: Path | None) -> Path:
    from ledger.paths import data_path as resolved

    return resolved(data)


def _data_file(ctx: typer.Context, given: Path | None) -> Path | None:
    """A note on stderr when no file is named and the one read is the copy shipped with ledger.
    The value stays as given: `data_path` finds the file, and a writing command must know that
    none was named. Completion finds its own, without a word."""
    from ledger.cli_io import say
    from ledger.paths import find_data_file

    if given is not None or ctx.resilient_parsing:
        return given
    found = find_data_file()
    if found.shipped:
        say(f"note: reading {found.path}, the copy shipped with ledger (no data/commitments.yaml here or above)")
    return given


def _completion_data(ctx: typer.Context) -> bytes:
    """The file --data (or LEDGER_DATA) names on the line typed so far, else the default; empty when
    it cannot be read (missing, not a regular file, too large): completion prints no errors."""
    from ledger.paths import read_bounded

    given = ctx.params.get("data")
    try:
        return read_bounded(data_path(Path(given) if given else None))
    except LedgerError:
        return b""


def _completion_shell() -> str:
    """The shell asking, as typer's completion protocol names it (`complete_bash` → `bash`)."""
    return os.environ.get("_LEDGER_COMPLETE", "").removeprefix("complete_")


def data_option(
    what: str, otherwise: str, callback: Callable[[typer.Context, Path | None], Path | None] | None = None
) -> Any:
    """The --data option (or LEDGER_DATA), for a command that reads the file or one that writes
    it: `what` the option names, where the default is looked for, then `otherwise`."""
    return typer.Option(
        "--data",
        "-d",
        envvar="LEDGER_DATA",
        metavar="PATH",
        show_default=False,
        callback=callback,
        help=f"{what} Default: data/commitments.yaml here or in a folder above, up to the top of the git work tree; "
        f"{otherwise}",
    )


DataOption = Annotated[Path | None, data_option("Data file.", "outside one, the copy shipped with ledger.", _data_file)]
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        parser=choice(OutputFormat, "--format", FORMAT_ALIASES),
        metavar=metavar(OutputFormat),
        help="Output format (md for markdown).",
    ),
]
CsvRawOption = Annotated[
    bool,
    typer.Option(
        "--csv-raw",
        help="With --format csv: write text exactly as the data holds it, without the ' that keeps "
        "a cell starting with = + - @ from running as a spreadsheet formula.",
    ),
]
CountriesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        "-c",
        metavar="NAME",
        help="Code, name or alias (UK, Royaume-Uni, Türkiye); repeatable.",
        autocompletion=complete_party,
    ),
]
KindsOption = Annotated[
    list[Kind] | None,
    typer.Option("--kind", "-k", parser=choice(Kind, "--kind"), metavar="KIND", help="Kind of commitment; repeatable."),
]
StatusesOption = Annotated[
    list[Status] | None,
    typer.Option("--status", "-s", parser=choice(Status, "--status"), metavar="STATUS", help="Status; repeatable."),
]
ReliabilityOption = Annotated[
    Reliability | None,
    typer.Option(
        "--min-reliability",
        parser=choice(Reliability, "--min-reliability"),
        metavar=metavar(Reliability),
        help="Keep commitments with at least one source this reliable.",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="MEETING|DATE|latest",
        help="The position then: a meeting id, a unique prefix, a date, or latest (the default).",
        autocompletion=complete_meeting,
    ),
]
CheckFormatOption = Annotated[
    CheckFormat | None,
    typer.Option(
        "--format",
        "-f",
        parser=choice(CheckFormat, "--format", {"table": CheckFormat.TEXT}),
        metavar=metavar(CheckFormat),
        show_default=False,
        help="text (or table), json, or github annotations. Default: github when GITHUB_ACTIONS=true, else text.",
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Errors only: no warnings, no count of them, no word when ok.")
]
WarningsOption = Annotated[
    bool, typer.Option("--warnings", "-w", help="List the warnings too; by default they are only counted.")
]
