"""The `ledger` command line: options in, core calls, text out, exit code.

The only module that knows it is a CLI. Heavy modules (pydantic models, YAML, rich) are
imported inside commands, so `--help` and completion stay quick.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ledger import __version__
from ledger.errors import LedgerError
from ledger.model.vocabulary import Kind, Reliability, Status
from ledger.output import render
from ledger.output.render import CheckFormat, OutputFormat
from ledger.output.words import Verb, count_phrase

if TYPE_CHECKING:
    import datetime as dt

    from ledger.core.query import Filter
    from ledger.load.loader import LoadResult
    from ledger.model.models import Ledger

app = typer.Typer(
    name="ledger",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _data_file(ctx: typer.Context, given: Path | None) -> Path | None:
    """The file --data or LEDGER_DATA names, else the one found from here; a note on stderr when
    that is the copy shipped with ledger. Completion finds its own, without a word."""
    from ledger.paths import find_data_file

    if given is not None or ctx.resilient_parsing:
        return given
    with _one_line_errors():
        found = find_data_file()
        if found.shipped:
            _say(f"note: reading {found.path}, the copy shipped with ledger (no data/commitments.yaml here or above)")
    return found.path


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        "-d",
        envvar="LEDGER_DATA",
        show_default=False,
        callback=_data_file,
        help="Data file. Default: data/commitments.yaml here or in a folder above, up to the top of the "
        "git work tree; outside one, the copy shipped with ledger.",
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")]
CsvRawOption = Annotated[
    bool,
    typer.Option(
        "--csv-raw",
        help="With --format csv: write text exactly as the data holds it, without the ' that keeps "
        "a cell starting with = + - @ from running as a spreadsheet formula.",
    ),
]


def complete_party(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for --country: party codes, names and aliases from the data in use."""
    from ledger.completion import party_candidates

    return party_candidates(_completion_data(ctx), incomplete, _completion_shell())


def complete_meeting(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for a meeting id, from the data in use."""
    from ledger.completion import meeting_candidates

    return meeting_candidates(_completion_data(ctx), incomplete, _completion_shell())


def _completion_data(ctx: typer.Context) -> bytes:
    """The file --data (or LEDGER_DATA) names on the line typed so far, else the default; empty when
    it cannot be read (missing, not a regular file, too large): completion prints no errors."""
    from ledger.paths import read_bounded

    given = ctx.params.get("data")
    try:
        return read_bounded(_data_path(Path(given) if given else None))
    except LedgerError:
        return b""


def _completion_shell() -> str:
    """The shell asking, as typer's completion protocol names it (`complete_bash` → `bash`)."""
    return os.environ.get("_LEDGER_COMPLETE", "").removeprefix("complete_")


F = TypeVar("F", bound=Callable[..., Any])


def command(name: str | None = None, **settings: Any) -> Callable[[F], F]:
    """Register a command whose problems end as one line on stderr and their exit code."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            with _one_line_errors():
                return function(*args, **kwargs)

        app.command(name, **settings)(guarded)
        return function

    return decorate


def run(prog_name: str | None = None) -> None:
    """The `ledger` command: the app, with one more guard for what typer writes before any
    command runs (help, usage), so a stream that refuses it ends in one line too.

    The cyclic garbage collector stays off for the run: a load builds millions of objects and
    no cycles, the collector's passes over them cost more than the parse itself, and a command
    ends before the little it could reclaim would matter."""
    gc.disable()
    try:
        app(prog_name=prog_name)
    except OSError as error:
        try:
            with _one_line_errors():
                raise render.WriteError(sys.stdout, error) from None
        except typer.Exit as stop:
            sys.exit(stop.exit_code)


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """The one place the CLI handles errors: a `LedgerError` becomes one line on stderr and its
    exit code. Output a stream refused (a full disk, no permission) is such an error, and the
    stream is discarded; a closed pipe, whose reader has gone, ends without a word."""
    try:
        yield
    except LedgerError as exc:
        if isinstance(exc, render.WriteError):
            render.discard(exc.stream)
        if not (isinstance(exc, render.WriteError) and exc.closed_pipe):
            try:
                _say(f"error: {exc.message}", style="bold red")
            except render.WriteError as unsaid:  # stderr refuses too: nothing more can be said
                render.discard(unsaid.stream)
        raise typer.Exit(exc.exit_code) from None


def _in_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _say(text: str, *, style: str = "") -> None:
    """A message for people on stderr; in a GitHub Actions log, one the runner cannot obey."""
    render.message(text, sys.stderr, style=style, workflow_log=_in_actions())


def _print(output: render.Output, *, for_people: bool, csv_raw: bool = False) -> None:
    """A command's answer on stdout. Text for people goes, in a GitHub Actions log, between
    stop-commands markers; documents for tools and files (JSON, CSV, Markdown) never do, as the
    markers would corrupt them (JSON and Markdown escape what a runner reads themselves)."""
    render.write(output, sys.stdout, csv_raw=csv_raw, workflow_log=for_people and _in_actions())


def _emit(output: render.Output, fmt: OutputFormat, csv_raw: bool) -> None:
    """Print an answer given in `fmt`; `--csv-raw` only makes sense with CSV."""
    from ledger.errors import UsageError

    if csv_raw and fmt is not OutputFormat.CSV:
        raise UsageError(f"--csv-raw goes with --format csv, not --format {fmt.value}")
    _print(output, for_people=fmt is OutputFormat.TABLE, csv_raw=csv_raw)


def _version(value: bool) -> None:
    if value:
        with _one_line_errors():
            _print(f"ledger {__version__}\n", for_people=False)  # no data text in it: never wrapped
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


def _data_path(data: Path | None) -> Path:
    from ledger.paths import data_path

    return data_path(data)


def _load(data: Path | None) -> LoadResult:
    from ledger.load.loader import load_path

    return load_path(_data_path(data), cached=True)


def _sound_ledger(data: Path | None) -> Ledger:
    return _sound(_load(data), str(_data_path(data)))


def _sound(result: LoadResult, name: str) -> Ledger:
    """The ledger, or its errors on stderr and exit 1: no command answers from a broken file."""
    if result.ledger is None:
        _say(render.diagnostics_text(result.errors).rstrip("\n"))
        _say(f"{count_phrase(len(result.errors), 'error')} in {name}", style="bold red")
        raise typer.Exit(1)
    return result.ledger


@command()
def check(
    data: DataOption = None,
    fmt: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            show_default=False,
            help="text, json or github annotations. Default: github when GITHUB_ACTIONS=true, else text.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Errors only: no warnings, no count of them, no word when ok.")
    ] = False,
    warnings: Annotated[
        bool, typer.Option("--warnings", "-w", help="List the warnings too; by default they are only counted.")
    ] = False,
) -> None:
    """Check the data file: every error with file:line:col, and how to fix it. Exit 1 when there
    are errors. Warnings (weak sources, a date to leave out) are counted; --warnings lists them.

    In GitHub Actions it annotates the problems and appends a report to $GITHUB_STEP_SUMMARY.

    Example: ledger check --format github
    """
    from ledger.errors import UsageError

    if quiet and warnings:
        raise UsageError("--quiet leaves warnings out and --warnings lists them; give one of the two")
    result = _load(data)
    if fmt is None:
        fmt = CheckFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.TEXT
    writers = {
        CheckFormat.TEXT: render.diagnostics_text,
        CheckFormat.JSON: render.diagnostics_json,
        CheckFormat.GITHUB: render.diagnostics_github,
    }
    shown = result.diagnostics if warnings else result.errors
    _print(writers[fmt](shown), for_people=fmt is CheckFormat.TEXT)
    file = str(_data_path(data))
    counted = count_phrase(len(result.warnings), "warning")
    listed = f", {counted}" if warnings and result.warnings else ""
    if result.ledger is None:
        verdict = f"{count_phrase(len(result.errors), 'error')}{listed} in {file}"
    else:
        ledger = result.ledger
        verdict = (
            f"{file}: ok — {count_phrase(len(ledger.parties), 'party', 'parties')}, "
            f"{count_phrase(len(ledger.meetings), 'meeting')}, "
            f"{count_phrase(len(ledger.commitments), 'commitment')}{listed}"
        )
    if result.warnings and not warnings:
        verdict += f"; {counted} (--warnings lists them)"
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        _append(Path(step_summary), render.check_summary_markdown(verdict, shown))
    if not quiet:
        _say(verdict, style="bold red" if result.ledger is None else "green")
    if result.ledger is None:
        raise typer.Exit(1)


def _append(path: Path, text: str) -> None:
    """Add text to the end of a file that a CI runner reads afterwards."""
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as exc:
        raise LedgerError(f"cannot write {path}: {exc.strerror or exc}") from None


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
    from ledger.load.loader import read_file
    from ledger.schema import json_schema

    text = render.to_json(json_schema())
    if check is None:
        _print(text, for_people=False)
        return
    if read_file(check) != text.encode("utf-8"):
        raise LedgerError(f"{check} is not the current schema; rewrite it with: ledger schema > {check}")
    _say(f"{check}: the schema is current", style="green")


@command()
def show(
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            help="Code, name or alias (UK, Royaume-Uni, Türkiye); repeatable.",
            autocompletion=complete_party,
        ),
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option("--meeting", "-m", help="Meeting id, or a unique prefix.", autocompletion=complete_meeting),
    ] = None,
    kind: Annotated[list[Kind] | None, typer.Option("--kind", "-k", help="Kind of commitment; repeatable.")] = None,
    status: Annotated[list[Status] | None, typer.Option("--status", "-s", help="Status; repeatable.")] = None,
    min_reliability: Annotated[
        Reliability | None,
        typer.Option("--min-reliability", help="Keep commitments with at least one source this reliable."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="MEETING|DATE",
            help="The position then: per lineage, the latest commitment made on or before it.",
            autocompletion=complete_meeting,
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    csv_raw: CsvRawOption = False,
    data: DataOption = None,
) -> None:
    """Commitments, refusals and conditions, each with its meeting, date and source.

    Example: ledger show --country Italy
    """
    from ledger.core import query

    ledger = _sound_ledger(data)
    parties = [query.resolve_party(ledger, name) for name in country or ()]
    flt = query.Filter(
        parties=frozenset(p.code for p in parties),
        meeting=query.resolve_meeting(ledger, meeting) if meeting is not None else None,
        kinds=frozenset(kind or ()),
        statuses=frozenset(status or ()),
        min_reliability=min_reliability,
    )
    title = ", ".join(p.name for p in parties) or None
    pool = query.as_of(ledger, query.resolve_point(ledger, as_of)) if as_of is not None else None
    view = render.commitments_view(ledger, query.select(ledger, flt, pool), title=title)
    _emit(render.render(view, fmt), fmt, csv_raw)


@command()
def meetings(fmt: FormatOption = OutputFormat.TABLE, csv_raw: CsvRawOption = False, data: DataOption = None) -> None:
    """One row per meeting, in date order, with how many commitments each holds.

    Example: ledger meetings --format csv
    """
    from ledger.core import query

    ledger = _sound_ledger(data)
    _emit(render.render(render.meetings_view(ledger, query.commitment_counts(ledger)[1]), fmt), fmt, csv_raw)


@command()
def parties(fmt: FormatOption = OutputFormat.TABLE, csv_raw: CsvRawOption = False, data: DataOption = None) -> None:
    """Party codes, names and the aliases --country accepts.

    Example: ledger parties --format json
    """
    from ledger.core import query

    ledger = _sound_ledger(data)
    _emit(render.render(render.parties_view(ledger, query.commitment_counts(ledger)[0]), fmt), fmt, csv_raw)


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
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            help="Code, name or alias; repeatable (meetings are then left out).",
            autocompletion=complete_party,
        ),
    ] = None,
    kind: Annotated[
        list[Kind] | None,
        typer.Option("--kind", "-k", help="Kind of commitment; repeatable (only commitments are then compared)."),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    csv_raw: CsvRawOption = False,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are differences, as git diff does.")
    ] = False,
    data: DataOption = None,
) -> None:
    """What changed between two meetings (matched by lineage), or with --rev between two git
    revisions of the data file (matched by id): added, removed, and changed field by field.

    Examples: ledger diff paris-2025-09-04 paris-2026-01-06 --country Germany;
    ledger diff --rev origin/main --format markdown
    """
    from ledger import gitio
    from ledger.core import query
    from ledger.core.diff import diff
    from ledger.errors import UsageError
    from ledger.load.loader import load_bytes

    revisions = gitio.parse_range(rev) if rev is not None else None
    stray = next((p for p in points or () if p.startswith("-")), None)
    if stray is not None:
        raise UsageError(f"no such option: {stray}")
    if revisions is not None and points:
        raise UsageError("give either FROM TO or --rev, not both")
    if revisions is None and len(points or ()) != 2:
        raise UsageError("give two meetings or dates (FROM TO), or --rev A[..B]")

    ledgers: list[Ledger] = []
    labels: list[str] = []
    if revisions is None:
        ledgers.append(_sound_ledger(data))
        ledger = ledgers[0]
        flt = _diff_filter(ledger, country, kind)
        days = [query.resolve_point(ledger, point) for point in points or ()]
        for point, day in zip(points or (), days, strict=True):
            labels.append(point if point == day.isoformat() else f"{query.resolve_meeting(ledger, point)} ({day})")
        if days[0] > days[1]:
            _say("note: FROM is later than TO; the diff reads backwards", style="yellow")
        start, end = (query.position_by_lineage(ledger, day) for day in days)
        result = query.position_diff(*query.narrow(flt, start, end))
        removed = Verb.ENDED
    else:
        for revision in revisions:
            if revision is None:
                ledgers.append(_sound_ledger(data))
                labels.append("working tree")
            else:
                blob = gitio.read_at(revision, _data_path(data))
                ledgers.append(_sound(load_bytes(blob.data, name=blob.name), blob.name))
                labels.append(blob.label)
        flt = _diff_filter(ledgers[-1], country, kind)
        result = diff(*query.revision_sections(ledgers[0], ledgers[1], flt))
        removed = Verb.REMOVED

    names = {p.code: p.name for ledger in ledgers for p in ledger.parties}
    output = render.diff_output(result, fmt, old_label=labels[0], new_label=labels[1], names=names, removed=removed)
    _emit(output, fmt, csv_raw)
    if exit_code and not result.empty:
        raise typer.Exit(1)


def _diff_filter(ledger: Ledger, country: list[str] | None, kind: list[Kind] | None) -> Filter:
    from ledger.core import query

    parties = frozenset(query.resolve_party(ledger, name).code for name in country or ())
    return query.Filter(parties=parties, kinds=frozenset(kind or ()))


@command()
def history(
    country: Annotated[
        list[str],  # a list, so that a second --country is refused rather than silently kept
        typer.Option(
            "--country",
            "-c",
            metavar="NAME",
            help="Code, name or alias of one party.",
            autocompletion=complete_party,
        ),
    ],
    fmt: FormatOption = OutputFormat.TABLE,
    csv_raw: CsvRawOption = False,
    data: DataOption = None,
) -> None:
    """One party's positions across meetings, in date order, with what changed at each step.

    Example: ledger history --country Germany
    """
    from ledger.core import query
    from ledger.errors import UsageError

    if len(country) > 1:
        raise UsageError(f"history follows one party; --country was given {len(country)} times")
    ledger = _sound_ledger(data)
    party = query.resolve_party(ledger, country[0])
    steps = query.history(ledger, party.code)
    if not steps and _no_answer(f"{party.name} ({party.code}): no commitments in {_data_path(data)}", fmt):
        return
    _emit(render.history_output(party, steps, fmt), fmt, csv_raw)


def _no_answer(line: str, fmt: OutputFormat) -> bool:
    """Say there is nothing to show. For people the line is the whole answer (True: stop here);
    tools still get an empty document in their format on stdout, so the line goes to stderr."""
    if fmt in (OutputFormat.TABLE, OutputFormat.MARKDOWN):
        _emit(render.answer_line(line, fmt), fmt, csv_raw=False)
        return True
    _say(line)
    return False


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="MEETING|DATE",
        help="The position then: a meeting id, a unique prefix, or a date. Default: the latest meeting.",
        autocompletion=complete_meeting,
    ),
]


def _cutoff(ledger: Ledger, as_of: str | None) -> dt.date | None:
    """The day `--as-of` names; without it, the latest meeting's (None when there is none)."""
    from ledger.core import query, summary

    return query.resolve_point(ledger, as_of) if as_of is not None else summary.latest_date(ledger)


def _no_meetings(data: Path | None, fmt: OutputFormat) -> None:
    """Without meetings there is no latest position: say so, and give tools an empty document."""
    if not _no_answer(f"{_data_path(data)}: no meetings yet, so no position to show", fmt):
        _print(render.to_json({}) if fmt is OutputFormat.JSON else "", for_people=False)


@command()
def matrix(
    as_of: AsOfOption = None,
    kind: Annotated[list[Kind] | None, typer.Option("--kind", "-k", help="Kinds to show; repeatable.")] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            help="Parties to show as rows (code, name or alias); repeatable.",
            autocompletion=complete_party,
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
    csv_raw: CsvRawOption = False,
    data: DataOption = None,
) -> None:
    """Parties × kinds: each cell the party's position, one symbol per status.

    Example: ledger matrix --as-of paris-2026-01-06 --kind troops --kind monitoring
    """
    from ledger.core import query, summary

    ledger = _sound_ledger(data)
    parties = [query.resolve_party(ledger, name).code for name in country or ()]
    cutoff = _cutoff(ledger, as_of)
    if cutoff is None:
        return _no_meetings(data, fmt)
    grid = summary.tabulate(ledger, query.as_of(ledger, cutoff), cutoff, kinds=kind or (), parties=parties)
    _emit(render.matrix_output(grid, fmt), fmt, csv_raw)


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
    from ledger.core import query, summary

    ledger = _sound_ledger(data)
    cutoff = _cutoff(ledger, as_of)
    if cutoff is None:
        return _no_meetings(data, fmt)
    _emit(render.summary_output(summary.summarise(ledger, query.as_of(ledger, cutoff), cutoff), fmt), fmt, csv_raw)


@command("report")
def report_command(
    outdir: Annotated[
        Path,
        typer.Argument(help="Folder to write into: new, empty, or holding an earlier report (which is replaced)."),
    ],
    data: DataOption = None,
) -> None:
    """Write a static HTML site: headline figures, the matrix, one page per meeting and per party,
    every claim linked to its sources, each table's data as CSV and JSON beside it. No
    JavaScript and nothing loaded from elsewhere.

    Example: ledger report site/ && open site/index.html
    """
    from ledger import gitio, report

    ledger = _sound_ledger(data)
    path = _data_path(data)
    files = report.build_site(ledger, path.name, gitio.last_commit(path))
    report.write_site(files, outdir)
    pages = sum(name.endswith(".html") for name in files)
    written = f"{count_phrase(pages, 'page')} and {count_phrase(len(files) - pages, 'data file')}"
    _say(f"wrote {written}; open {outdir / 'index.html'}")
