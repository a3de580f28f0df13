"""The `ledger` command line: options in, one core call, one document out, an exit code.

typer's commands: what `--help` shows and how typer reads each option; the options they share
live in `cli_options`. A command that only reads hands its values to its answer in `answers`,
which the fast path (`fast_path`) calls too, without typer. Heavy modules (pydantic models,
YAML, rich) are imported inside commands, so `--help` stays quick. A command is one function
registered with `@command()`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ledger import __version__, answers
from ledger.cli_io import (
    append,
    emit,
    in_actions,
    load,
    meetings_diff,
    one_line_errors,
    revisions_diff,
    say,
    sound_ledger,
    write_answer,
)
from ledger.cli_options import (
    AsOfOption,
    CheckFormatOption,
    CountriesOption,
    CsvRawOption,
    DataOption,
    FormatOption,
    Guarded,
    KindsOption,
    QuietOption,
    ReliabilityOption,
    StatusesOption,
    WarningsOption,
    complete_meeting,
    complete_party,
)
from ledger.errors import LedgerError, UsageError
from ledger.output import terminal
from ledger.output.diagnostics import CheckFormat
from ledger.output.formats import OutputFormat
from ledger.output.words import count_phrase
from ledger.paths import data_path

app = typer.Typer(
    name="ledger",
    cls=Guarded,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def command(name: str | None = None, **settings: Any) -> Callable[[F], F]:
    """Register a command; its problems end as one line on stderr and their exit code."""

    def register(function: F) -> F:
        app.command(name, **settings)(function)
        return function

    return register


def run(prog_name: str | None = None) -> None:
    """The `ledger` command: the app, with one more guard for what typer writes before any
    command runs (help, usage), so a stream that refuses it ends in one line too. The process's
    own choices (the garbage collector) are made before it, in `ledger.entry`."""
    try:
        app(prog_name=prog_name)
    except OSError as error:
        with one_line_errors():
            raise terminal.WriteError(sys.stdout, error) from None


def _version(value: bool) -> None:
    if value:
        with one_line_errors():
            write_answer(f"ledger {__version__}\n", for_people=False)  # no data text in it: never wrapped
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """What countries and organisations committed at international summits, from a YAML ledger in git.

    Examples: ledger show --country Italy; ledger check; ledger meetings
    """


@command()
def check(
    data: DataOption = None,
    fmt: CheckFormatOption = None,
    quiet: QuietOption = False,
    warnings: WarningsOption = False,
) -> None:
    """Check the data file: every error with file:line:col, and how to fix it. Exit 1 when there
    are errors. Warnings (weak sources, a date to leave out) are counted; --warnings lists them.

    In GitHub Actions it annotates the problems and appends a report to $GITHUB_STEP_SUMMARY.

    Example: ledger check --format github
    """
    from ledger.errors import UsageError
    from ledger.output import diagnostics

    if quiet and warnings:
        raise UsageError("--quiet leaves warnings out and --warnings lists them; give one of the two")
    result = load(data)
    fmt = fmt or (CheckFormat.GITHUB if in_actions() else CheckFormat.TEXT)
    shown = result.diagnostics if warnings else result.errors
    write_answer(diagnostics.WRITERS[fmt](shown), for_people=fmt is CheckFormat.TEXT)
    verdict = diagnostics.check_verdict(result, str(data_path(data)), listed=warnings)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        append(Path(step_summary), diagnostics.check_summary_markdown(verdict, shown))
    if not quiet:
        say(verdict, style="bold red" if result.ledger is None else "green")
    if result.ledger is None:
        raise typer.Exit(1)


@command()
def schema(
    check: Annotated[
        Path | None,
        typer.Option("--check", metavar="FILE", help="Compare FILE with the schema instead; exit 1 when it differs."),
    ] = None,
) -> None:
    """The data file's JSON Schema (draft 2020-12), for editors and validators such as check-jsonschema.

    Example: ledger schema > data/commitments.schema.json
    """
    from ledger.output.formats import to_json
    from ledger.paths import read_bounded
    from ledger.schema import json_schema

    text = to_json(json_schema())
    if check is None:
        write_answer(text, for_people=False)
        return
    if read_bounded(check) != text.encode("utf-8"):
        raise LedgerError(f"{check} is not the current schema; rewrite it with: ledger schema > {check}")
    say(f"{check}: the schema is current", style="green")


@command()
def show(
    country: CountriesOption = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting", "-m", metavar="ID", help="Meeting id, or a unique prefix.", autocompletion=complete_meeting
        ),
    ] = None,
    kind: KindsOption = None,
    status: StatusesOption = None,
    min_reliability: ReliabilityOption = None,
    disputed: Annotated[bool, typer.Option("--disputed", help="Only commitments a source disputes.")] = False,
    as_of: AsOfOption = None,
    every: Annotated[
        bool, typer.Option("--all", help="Also what later commitments replaced, each marked with by what and when.")
    ] = False,
    fmt: FormatOption = OutputFormat.TABLE,
    csv_raw: CsvRawOption = False,
    data: DataOption = None,
) -> None:
    """Where parties stand now (as of the latest meeting): commitments, refusals and conditions,
    each with its meeting, date and source. With --meeting, what was said there.

    Example: ledger show --country Italy
    """
    answers.show(
        country=country,
        meeting=meeting,
        kind=kind,
        status=status,
        min_reliability=min_reliability,
        disputed=disputed,
        as_of=as_of,
        every=every,
        fmt=fmt,
        csv_raw=csv_raw,
        data=data,
    )


@command()
def meetings(fmt: FormatOption = OutputFormat.TABLE, csv_raw: CsvRawOption = False, data: DataOption = None) -> None:
    """One row per meeting, in date order, with how many commitments each holds.

    Example: ledger meetings --format csv
    """
    answers.meetings(fmt=fmt, csv_raw=csv_raw, data=data)


@command()
def parties(fmt: FormatOption = OutputFormat.TABLE, csv_raw: CsvRawOption = False, data: DataOption = None) -> None:
    """Party codes, names and the aliases --country accepts.

    Example: ledger parties --format json
    """
    answers.parties(fmt=fmt, csv_raw=csv_raw, data=data)


@command("diff", context_settings={"ignore_unknown_options": True})
def diff_command(
    points: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FROM TO",
            show_default=False,
            help="Two meetings (an id or a unique prefix) or dates (YYYY-MM-DD).",
            autocompletion=complete_meeting,
        ),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            metavar="A[..B]",
            help="Compare the data file at git revision A with revision B, or with the working tree.",
        ),
    ] = None,
    country: CountriesOption = None,
    kind: KindsOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    csv_raw: CsvRawOption = False,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are differences, as git diff does.")
    ] = False,
    data: DataOption = None,
) -> None:
    """What changed between two meetings (matched by lineage), or with --rev between two git
    revisions of the data file (matched by id): added, removed, and changed field by field.
    With --country or --kind, only those parties' records, or only commitments of those kinds.

    Examples: ledger diff paris-2025-09-04 paris-2026-01-06 --country Germany;
    ledger diff --rev origin/main --format markdown
    """
    from ledger import gitio

    revisions = gitio.parse_range(rev) if rev is not None else None
    stray = next((p for p in points or () if p.startswith("-")), None)
    if stray is not None:
        raise UsageError(f"no such option: {stray}")
    if revisions is not None and points:
        raise UsageError("give either FROM TO or --rev, not both")
    if revisions is None and len(points or ()) != 2:
        raise UsageError("give two meetings or dates (FROM TO), or --rev A[..B]")
    if revisions is None:
        document, empty = meetings_diff(points or [], country, kind, data)
    else:
        document, empty = revisions_diff(revisions, country, kind, data)
    emit(document, fmt, csv_raw)
    if exit_code and not empty:
        raise typer.Exit(1)


@command()
def history(
    country: Annotated[
        list[str],  # a list, so that a second --country is refused rather than silently kept
        typer.Option(
            "--country", "-c", metavar="NAME", help="Code, name or alias of one party.", autocompletion=complete_party
        ),
    ],
    fmt: FormatOption = OutputFormat.TABLE,
    csv_raw: CsvRawOption = False,
    data: DataOption = None,
) -> None:
    """One party's positions across meetings, in date order, with what changed at each step.

    Example: ledger history --country Germany
    """
    answers.history(country=country, fmt=fmt, csv_raw=csv_raw, data=data)


@command()
def matrix(
    as_of: AsOfOption = None,
    kind: KindsOption = None,
    country: CountriesOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    csv_raw: CsvRawOption = False,
    data: DataOption = None,
) -> None:
    """Parties × kinds: each cell the party's position, one symbol per status; ‡ marks a dispute.

    Example: ledger matrix --as-of paris-2026-01-06 --kind troops --kind monitoring
    """
    answers.matrix(as_of=as_of, kind=kind, country=country, fmt=fmt, csv_raw=csv_raw, data=data)


@command("summary")
def summary_command(
    as_of: AsOfOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    csv_raw: CsvRawOption = False,
    data: DataOption = None,
) -> None:
    """Counts per kind and status, quantities added as intervals, money per currency, attendance.

    Example: ledger summary --as-of paris-2026-01-06
    """
    answers.summary(as_of=as_of, fmt=fmt, csv_raw=csv_raw, data=data)


@command("report")
def report_command(
    outdir: Annotated[
        Path,
        typer.Argument(
            metavar="OUTDIR",
            help="Folder to write into: new, empty, or holding an earlier report (which is replaced).",
        ),
    ],
    data: DataOption = None,
) -> None:
    """Write a static HTML site: headline figures, the matrix, one page per meeting and per party,
    every claim linked to its sources, each table's data as CSV and JSON beside it. No
    JavaScript and nothing loaded from elsewhere.

    Example: ledger report site/ && open site/index.html
    """
    from ledger import gitio, report

    ledger = sound_ledger(data)
    path = data_path(data)
    files = report.build_site(ledger, path.name, gitio.last_commit(path))
    report.write_site(files, outdir)
    pages = sum(name.endswith(".html") for name in files)
    written = f"{count_phrase(pages, 'page')} and {count_phrase(len(files) - pages, 'data file')}"
    say(f"wrote {written}; open {outdir / 'index.html'}")


# `ledger fmt`, `ledger add` and `ledger export` live in their own modules; importing them registers them.
import ledger.cli_edit  # noqa: E402
import ledger.cli_export  # noqa: E402, F401
