"""What every `ledger` command shares: one error handler, printing, loading the data file.
CLI-only, like `cli.py`; a command calls these and never prints or exits by itself. Free of typer,
so that the fast path (`ledger.fast_path`) answers through the same functions as typer does."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ledger.errors import LedgerError, UsageError
from ledger.output import terminal
from ledger.output.formats import OutputFormat
from ledger.output.words import count_phrase
from ledger.paths import data_path, find_data_file

if TYPE_CHECKING:
    import datetime as dt

    from ledger.core.query import Filter
    from ledger.load.result import LoadResult
    from ledger.model.models import Ledger
    from ledger.output.document import Document


class Stop(SystemExit):
    """The command ends with this exit code. The fast path lets it end the process; typer's group
    (`cli_options.Guarded`) hands it to typer as `typer.Exit`, so that a caller running the app
    without standalone mode gets the code back, as from any typer command."""


@contextmanager
def one_line_errors() -> Iterator[None]:
    """The one place the CLI handles errors: a `LedgerError` becomes one line on stderr and its
    exit code. Output a stream refused (a full disk, no permission) is such an error, and the
    stream is discarded; a closed pipe, whose reader has gone, ends without a word."""
    try:
        yield
    except LedgerError as exc:
        if isinstance(exc, terminal.WriteError):
            terminal.discard(exc.stream)
        if not (isinstance(exc, terminal.WriteError) and exc.closed_pipe):
            try:
                say(f"error: {exc.message}", style="bold red")
            except terminal.WriteError as unsaid:  # stderr refuses too: nothing more can be said
                terminal.discard(unsaid.stream)
        raise Stop(exc.exit_code) from None


def note_shipped_copy(given: Path | None) -> None:
    """A note on stderr when no file is named and the one read is the copy shipped with ledger."""
    if given is None:
        found = find_data_file()
        if found.shipped:
            say(f"note: reading {found.path}, the copy shipped with ledger (no data/commitments.yaml here or above)")


def in_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def say(text: str, *, style: str = "") -> None:
    """A message for people on stderr; in a GitHub Actions log, one the runner cannot obey."""
    terminal.message(text, sys.stderr, style=style, workflow_log=in_actions())


def write_answer(output: str | terminal.Drawing, *, for_people: bool) -> None:
    """A command's answer on stdout. Text for people goes, in a GitHub Actions log, between
    stop-commands markers; documents for tools and files (JSON, CSV, Markdown) never do, as the
    markers would corrupt them (JSON and Markdown escape what a runner reads themselves)."""
    terminal.write(output, sys.stdout, workflow_log=for_people and in_actions())


def emit(document: Document, fmt: OutputFormat, csv_raw: bool = False) -> None:
    """Print a document in `fmt`; `--csv-raw` only makes sense with CSV."""
    from ledger.output.formats import render

    if csv_raw and fmt is not OutputFormat.CSV:
        raise UsageError(f"--csv-raw goes with --format csv, not --format {fmt.value}")
    write_answer(render(document, fmt, csv_raw=csv_raw), for_people=fmt is OutputFormat.TABLE)


def load(data: Path | None) -> LoadResult:
    from ledger.load.result import load_path

    return load_path(data_path(data), cached=True)


def sound_ledger(data: Path | None) -> Ledger:
    return sound(load(data), str(data_path(data)))


def sound(result: LoadResult, name: str) -> Ledger:
    """The ledger, or its errors on stderr and exit 1: no command answers from a broken file."""
    from ledger.output.diagnostics import diagnostics_text

    if result.ledger is None:
        say(diagnostics_text(result.errors).rstrip("\n"))
        say(f"{count_phrase(len(result.errors), 'error')} in {name}", style="bold red")
        raise Stop(1)
    return result.ledger


def append(path: Path, text: str) -> None:
    """Add text to the end of a file that a CI runner reads afterwards."""
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as exc:
        raise LedgerError(f"cannot write {path}: {exc.strerror or exc}") from None


def no_answer(line: str, fmt: OutputFormat) -> bool:
    """Say there is nothing to show. For people the line is the whole answer (True: stop here);
    tools still get an empty document in their format on stdout, so the line goes to stderr."""
    from ledger.output.views.commitments import answer_line

    if fmt in (OutputFormat.TABLE, OutputFormat.MARKDOWN):
        emit(answer_line(line), fmt)
        return True
    say(line)
    return False


def position_cutoff(ledger: Ledger, as_of: str | None, data: Path | None, fmt: OutputFormat) -> dt.date | None:
    """The day `--as-of` names, the latest meeting's by default. Without meetings there is no
    position: say so, give tools an empty document, and answer None."""
    from ledger.core import query, summary

    if as_of is not None or summary.latest_date(ledger) is not None:
        return query.resolve_point(ledger, query.LATEST if as_of is None else as_of)
    if not no_answer(f"{data_path(data)}: no meetings yet, so no position to show", fmt):
        from ledger.output.formats import to_json

        write_answer(to_json({}) if fmt is OutputFormat.JSON else "", for_people=False)
    return None


def meetings_diff(
    points: list[str], country: list[str] | None, kind: list[Any] | None, data: Path | None
) -> tuple[Document, bool]:
    """`diff FROM TO`: the position as of each point, compared lineage by lineage."""
    from ledger.core import query
    from ledger.output.views.changes import meetings_diff_document

    ledger = sound_ledger(data)
    days = [query.resolve_point(ledger, point) for point in points]
    labels = [
        point if point == day.isoformat() else f"{query.resolve_meeting(ledger, point)} ({day})"
        for point, day in zip(points, days, strict=True)
    ]
    if days[0] > days[1]:
        say("note: FROM is later than TO; the diff reads backwards", style="yellow")
    start, end = (query.position_by_lineage(ledger, day) for day in days)
    result = query.position_diff(*query.narrow(diff_filter(ledger, country, kind), start, end))
    names = {p.code: p.name for p in ledger.parties}
    return meetings_diff_document(result, labels[0], labels[1], names), result.empty


def revisions_diff(
    revisions: tuple[str, str | None], country: list[str] | None, kind: list[Any] | None, data: Path | None
) -> tuple[Document, bool]:
    """`diff --rev A[..B]`: the file at each revision (B missing: the working tree), by id."""
    from ledger import gitio
    from ledger.core import query
    from ledger.load.loader import load_bytes
    from ledger.output.views.changes import revisions_diff_document

    ledgers: list[Ledger] = []
    labels: list[str] = []
    for revision in revisions:
        if revision is None:
            ledgers.append(sound_ledger(data))
            labels.append("working tree")
        else:
            blob = gitio.read_at(revision, data_path(data))
            ledgers.append(sound(load_bytes(blob.data, name=blob.name), blob.name))
            labels.append(blob.label)
    result = query.revision_diff(ledgers[0], ledgers[1], diff_filter(ledgers[-1], country, kind))
    names = {p.code: p.name for ledger in ledgers for p in ledger.parties}
    return revisions_diff_document(result, labels[0], labels[1], names), result.empty


def diff_filter(ledger: Ledger, country: list[str] | None, kind: list[Any] | None) -> Filter:
    from ledger.core import query

    parties = frozenset(query.resolve_party(ledger, name).code for name in country or ())
    return query.Filter(parties=parties, kinds=frozenset(kind or ()))
