"""The `ledger` command line: options in, core calls, text out, exit code.

The only module that knows it is a CLI. Heavy modules (pydantic models, YAML, rich) are
imported inside commands, so `--help` and completion stay quick.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ledger import __version__, render
from ledger.errors import LedgerError
from ledger.render import CheckFormat, OutputFormat
from ledger.vocabulary import Kind, Reliability, Status

if TYPE_CHECKING:
    from ledger.loader import LoadResult
    from ledger.models import Ledger

app = typer.Typer(
    name="ledger",
    no_args_is_help=True,
    rich_markup_mode=None,
    help="What countries and organisations committed at international summits, from a YAML ledger in git.",
)

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        "-d",
        envvar="LEDGER_DATA",
        show_default=False,
        help="Data file. Default: data/commitments.yaml here, else the copy shipped with ledger.",
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")]

F = TypeVar("F", bound=Callable[..., Any])


def command(name: str | None = None) -> Callable[[F], F]:
    """Register a command whose `LedgerError`s end as one line on stderr and their exit code."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except LedgerError as exc:
                render.message(f"error: {exc.message}", sys.stderr, style="bold red")
                raise typer.Exit(exc.exit_code) from None

        app.command(name)(guarded)
        return function

    return decorate


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ledger {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """What countries and organisations committed at international summits.

    Examples: ledger show --country Italy; ledger check; ledger meetings
    """


def _data_path(data: Path | None) -> Path:
    from ledger.loader import default_data_path

    return data if data is not None else default_data_path()


def _load(data: Path | None) -> LoadResult:
    from ledger.loader import load_path

    return load_path(_data_path(data))


def _sound_ledger(data: Path | None) -> Ledger:
    """The ledger, or its errors on stderr and exit 1: no command answers from a broken file."""
    result = _load(data)
    if result.ledger is None:
        sys.stderr.write(render.diagnostics_text(result.errors))
        errors = len(result.errors)
        render.message(f"{render.count_phrase(errors, 'error')} in {_data_path(data)}", sys.stderr, style="bold red")
        raise typer.Exit(1)
    return result.ledger


def _emit(view: render.View, fmt: OutputFormat) -> None:
    render.write(render.render(view, fmt), sys.stdout)


@command()
def check(
    data: DataOption = None,
    fmt: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="text, json or github annotations."),
    ] = CheckFormat.TEXT,
) -> None:
    """Check the data file: every problem with file:line:col. Exit 1 when there are errors.

    Example: ledger check --format github
    """
    result = _load(data)
    writers = {
        CheckFormat.TEXT: render.diagnostics_text,
        CheckFormat.JSON: render.diagnostics_json,
        CheckFormat.GITHUB: render.diagnostics_github,
    }
    sys.stdout.write(writers[fmt](result.diagnostics))
    file = str(_data_path(data))
    warnings = f", {render.count_phrase(len(result.warnings), 'warning')}" if result.warnings else ""
    if result.ledger is None:
        render.message(
            f"{render.count_phrase(len(result.errors), 'error')}{warnings} in {file}",
            sys.stderr,
            style="bold red",
        )
        raise typer.Exit(1)
    ledger = result.ledger
    render.message(
        f"{file}: ok — {len(ledger.parties)} parties, "
        f"{render.count_phrase(len(ledger.meetings), 'meeting')}, "
        f"{render.count_phrase(len(ledger.commitments), 'commitment')}{warnings}",
        sys.stderr,
        style="green",
    )


@command()
def show(
    country: Annotated[
        list[str] | None,
        typer.Option("--country", "-c", help="Code, name or alias (UK, Royaume-Uni, Türkiye); repeatable."),
    ] = None,
    meeting: Annotated[str | None, typer.Option("--meeting", "-m", help="Meeting id, or a unique prefix.")] = None,
    kind: Annotated[list[Kind] | None, typer.Option("--kind", "-k", help="Kind of commitment; repeatable.")] = None,
    status: Annotated[list[Status] | None, typer.Option("--status", "-s", help="Status; repeatable.")] = None,
    min_reliability: Annotated[
        Reliability | None,
        typer.Option("--min-reliability", help="Keep commitments with at least one source this reliable."),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    data: DataOption = None,
) -> None:
    """Commitments, refusals and conditions, each with its meeting, date and source.

    Example: ledger show --country Italy
    """
    from ledger import query

    ledger = _sound_ledger(data)
    parties = [query.resolve_party(ledger, name) for name in country or ()]
    flt = query.Filter(
        parties=frozenset(p.code for p in parties),
        meeting=query.resolve_meeting(ledger, meeting) if meeting else None,
        kinds=frozenset(kind or ()),
        statuses=frozenset(status or ()),
        min_reliability=min_reliability,
    )
    title = ", ".join(p.name for p in parties) or None
    _emit(render.commitments_view(ledger, query.select(ledger, flt), title=title), fmt)


@command()
def meetings(fmt: FormatOption = OutputFormat.TABLE, data: DataOption = None) -> None:
    """One row per meeting, in date order, with how many commitments each holds.

    Example: ledger meetings --format csv
    """
    from ledger import query

    ledger = _sound_ledger(data)
    _emit(render.meetings_view(ledger, query.commitment_counts(ledger)[1]), fmt)


@command()
def parties(fmt: FormatOption = OutputFormat.TABLE, data: DataOption = None) -> None:
    """Party codes, names and the aliases --country accepts.

    Example: ledger parties --format json
    """
    from ledger import query

    ledger = _sound_ledger(data)
    _emit(render.parties_view(ledger, query.commitment_counts(ledger)[0]), fmt)
