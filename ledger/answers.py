"""The answers of the commands that only read: options in as plain values, one core call, one
document out. typer's commands in `ledger.cli` and the fast path (`ledger.fast_path`) both call
these, so a command line answers the same whichever of the two read it. No typer here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ledger.cli_io import emit, no_answer, position_cutoff, sound_ledger
from ledger.errors import UsageError
from ledger.output.formats import OutputFormat
from ledger.paths import data_path

if TYPE_CHECKING:
    from ledger.model.vocabulary import Kind, Reliability, Status


def show(
    *,
    country: list[str] | None,
    meeting: str | None,
    kind: list[Kind] | None,
    status: list[Status] | None,
    min_reliability: Reliability | None,
    disputed: bool,
    as_of: str | None,
    every: bool,
    fmt: OutputFormat,
    csv_raw: bool,
    data: Path | None,
) -> None:
    from ledger.core import query
    from ledger.output.views.commitments import commitments_document

    ledger = sound_ledger(data)
    parties = [query.resolve_party(ledger, name) for name in country or ()]
    flt = query.Filter(
        parties=frozenset(p.code for p in parties),
        meeting=query.resolve_meeting(ledger, meeting) if meeting is not None else None,
        kinds=frozenset(kind or ()),
        statuses=frozenset(status or ()),
        min_reliability=min_reliability,
        disputed=disputed,
    )
    every = every or (meeting is not None and as_of is None)
    cutoff = None if every else query.resolve_point(ledger, query.LATEST if as_of is None else as_of)
    title = ", ".join(p.name for p in parties) or None
    emit(commitments_document(ledger, query.shown(ledger, flt, cutoff), title), fmt, csv_raw)


def meetings(*, fmt: OutputFormat, csv_raw: bool, data: Path | None) -> None:
    from ledger.core import query
    from ledger.output.views.commitments import meetings_document

    ledger = sound_ledger(data)
    emit(meetings_document(ledger, query.commitment_counts(ledger)[1]), fmt, csv_raw)


def parties(*, fmt: OutputFormat, csv_raw: bool, data: Path | None) -> None:
    from ledger.core import query
    from ledger.output.views.commitments import parties_document

    ledger = sound_ledger(data)
    emit(parties_document(ledger, query.commitment_counts(ledger)[0]), fmt, csv_raw)


def history(*, country: list[str], fmt: OutputFormat, csv_raw: bool, data: Path | None) -> None:
    from ledger.core import query
    from ledger.output.views.changes import history_document

    if len(country) > 1:
        raise UsageError(f"history follows one party; --country was given {len(country)} times")
    ledger = sound_ledger(data)
    party = query.resolve_party(ledger, country[0])
    steps = query.history(ledger, party.code)
    if not steps and no_answer(f"{party.name} ({party.code}): no commitments in {data_path(data)}", fmt):
        return
    emit(history_document(party, steps), fmt, csv_raw)


def matrix(
    *,
    as_of: str | None,
    kind: list[Kind] | None,
    country: list[str] | None,
    fmt: OutputFormat,
    csv_raw: bool,
    data: Path | None,
) -> None:
    from ledger.core import query, summary
    from ledger.output.views.glance import matrix_document

    ledger = sound_ledger(data)
    parties = [query.resolve_party(ledger, name).code for name in country or ()]
    cutoff = position_cutoff(ledger, as_of, data, fmt)
    if cutoff is not None:
        grid = summary.tabulate(ledger, query.as_of(ledger, cutoff), cutoff, kinds=kind or (), parties=parties)
        emit(matrix_document(grid), fmt, csv_raw)


def summary(*, as_of: str | None, fmt: OutputFormat, csv_raw: bool, data: Path | None) -> None:
    from ledger.core import query
    from ledger.core import summary as totals
    from ledger.output.views.glance import summary_document

    ledger = sound_ledger(data)
    cutoff = position_cutoff(ledger, as_of, data, fmt)
    if cutoff is not None:
        emit(summary_document(totals.summarise(ledger, query.as_of(ledger, cutoff), cutoff)), fmt, csv_raw)
