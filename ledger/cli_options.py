"""The options the `ledger` commands share, and how their values are read: CLI-only.

Every choice option reads its value without regard to case, takes the aliases its format
lists (`md`), and answers a value it does not know with the choices and a "did you mean".
Help texts name values in words (`NAME`, `KIND`), never as Python types.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup

from ledger.choices import choice, reader
from ledger.cli_io import Stop, note_shipped_copy, one_line_errors
from ledger.errors import LedgerError
from ledger.model.vocabulary import Kind, Reliability, Status
from ledger.output.diagnostics import CheckFormat
from ledger.output.formats import OutputFormat
from ledger.paths import DATA_VARIABLE, data_path


class Guarded(TyperGroup):
    """The app's group: whatever a command raises, from reading its options to writing its
    answer, goes through the one error handler. Help names an argument in words (its metavar
    and help), never by its Python type (`<list[str]>`)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            with one_line_errors():
                return super().invoke(ctx)
        except Stop as stop:
            raise typer.Exit(stop.code if isinstance(stop.code, int) else 1) from None

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        for param in getattr(found, "params", ()):
            if isinstance(param, TyperArgument):
                param.display_type_rich = _no_type  # type: ignore[method-assign]
        return found


def _no_type(ctx: Any) -> str:
    return ""


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


def _data_file(ctx: typer.Context, given: Path | None) -> Path | None:
    """The shipped-copy note (`note_shipped_copy`); the value stays as given: `data_path` finds
    the file, and a writing command must know that none was named. Completion finds its own,
    without a word."""
    if not ctx.resilient_parsing:
        note_shipped_copy(given)
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
        envvar=DATA_VARIABLE,
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
        parser=reader("format"),
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
    typer.Option("--kind", "-k", parser=reader("kind"), metavar="KIND", help="Kind of commitment; repeatable."),
]
StatusesOption = Annotated[
    list[Status] | None,
    typer.Option("--status", "-s", parser=reader("status"), metavar="STATUS", help="Status; repeatable."),
]
ReliabilityOption = Annotated[
    Reliability | None,
    typer.Option(
        "--min-reliability",
        parser=reader("reliability"),
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
