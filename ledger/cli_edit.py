"""`ledger fmt` and `ledger add`, the commands that write the data file.

CLI code like `cli.py`, which registers them by importing this module: here options become a
`NewEntry`, missing values are asked for in a terminal, and results are printed; the layout and
the checks live in `ledger.edit`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeVar

import typer

from ledger.choices import choice
from ledger.cli import command
from ledger.cli_io import say, sound, write_answer
from ledger.cli_options import complete_meeting, complete_party, data_option, metavar
from ledger.errors import LedgerError, UsageError
from ledger.model.vocabulary import Kind, Reliability, Status
from ledger.output.escape import visible
from ledger.output.words import count_phrase
from ledger.paths import data_path

if TYPE_CHECKING:
    from ledger.edit.entry import Addition, NewEntry
    from ledger.edit.layout import Formatting
    from ledger.model.models import Ledger

_SECTION_NOUNS: Final = {"parties": ("party", "parties"), "meetings": ("meeting", None)}
_SHOWN_IDS: Final = 3


EditedDataOption = Annotated[
    Path | None, data_option("The data file to change.", "never the copy shipped with ledger.")
]


@command("fmt")
def fmt_command(
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Write nothing; exit 1 and say what would change, when the layout is not canonical."
        ),
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; print the changes as a unified diff.")] = False,
    data: EditedDataOption = None,
) -> None:
    """Rewrite the data file in its canonical layout: meetings by date, commitments grouped by
    meeting, keys in the documented order, one quoting style, comments kept. A second run
    changes nothing; the file is replaced in one step, or not at all.

    Example: ledger fmt --check
    """
    from ledger.edit.layout import format_ledger
    from ledger.edit.storage import read_text, write_atomic

    path = _own_data_path(data)
    formatting = format_ledger(read_text(path), name=str(path))
    if diff:
        write_answer(visible(formatting.diff()), for_people=True)
    if not formatting.changed:
        say(f"{path}: already in canonical layout", style="green")
    elif check:
        raise LedgerError(f"{path} is not in canonical layout: {_changes(formatting)}; `ledger fmt` rewrites it")
    elif diff:
        say(f"{path}: not written ({_changes(formatting)}); without --diff, `ledger fmt` writes it")
    else:
        write_atomic(path, formatting.text)
        say(f"{path}: rewritten in canonical layout ({_changes(formatting)})", style="green")


def _own_data_path(data: Path | None) -> Path:
    """The file a writing command may change: one named by --data (or LEDGER_DATA), or the
    default when it lies in the folder the user works in or one above it; never the copy that
    ships with ledger, read from anywhere only as a fallback."""
    from ledger.paths import find_data_file

    path = data_path(data)
    if data is None and find_data_file().shipped:
        raise UsageError(
            f"{path} is the copy shipped with ledger, not a file to edit; "
            "give --data PATH, or run in the folder that holds data/commitments.yaml"
        )
    return path


def _changes(formatting: Formatting) -> str:
    """`3 lines added, 3 removed; 1 commitment out of place (it-aid)`."""
    added, removed = formatting.line_counts()
    parts = [f"{count_phrase(added, 'line')} added, {removed} removed"]
    for section, ids in formatting.moved.items():
        noun, plural = _SECTION_NOUNS.get(section, (section.removesuffix("s"), None))
        shown = ", ".join(ids[:_SHOWN_IDS])
        more = f" and {len(ids) - _SHOWN_IDS} more" if len(ids) > _SHOWN_IDS else ""
        parts.append(f"{count_phrase(len(ids), noun, plural)} out of place ({shown}{more})")
    return "; ".join(parts)


# -- ledger add --------------------------------------------------------------------------------

_QUESTIONS: Final = {
    "country": "Country or organisation (code, name or alias)",
    "meeting": "Meeting (id, unique prefix, or its date YYYY-MM-DD)",
    "kind": f"Kind ({', '.join(Kind)})",
    "status": f"Status ({', '.join(Status)})",
    "summary": "Summary, one line in English",
    "url": "Source URL",
    "publisher": "Source publisher",
    "reliability": f"Source reliability ({', '.join(Reliability)})",
    "unit": "Unit of the quantity (troops, aircraft, ... or a currency code such as EUR)",
    "as_stated": "The quantity in the source's own words",
    "lang": "Language of the quote (two letters, such as it)",
}
T = TypeVar("T")


@command("add")
def add_command(
    country: Annotated[
        str | None,
        typer.Option(
            "--country", "-c", metavar="NAME", help="The party: a code, name or alias.", autocompletion=complete_party
        ),
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            "-m",
            metavar="MEETING",
            help="Meeting id, a unique prefix, or its date (YYYY-MM-DD).",
            autocompletion=complete_meeting,
        ),
    ] = None,
    kind: Annotated[
        Kind | None,
        typer.Option("--kind", "-k", parser=choice(Kind, "--kind"), metavar="KIND", help="Kind of commitment."),
    ] = None,
    status: Annotated[
        Status | None,
        typer.Option("--status", "-s", parser=choice(Status, "--status"), metavar="STATUS", help="Status."),
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", metavar="TEXT", help="One line in English.")] = None,
    quantity: Annotated[
        str | None,
        typer.Option(
            "--quantity",
            metavar="LOW[..HIGH]",
            help="A figure or an interval in whole numbers: 5000, 5000..10000, 2000.. (open-ended), ..7500 (up to).",
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", metavar="UNIT", help="With --quantity: troops, aircraft, ... or a currency code (EUR)."),
    ] = None,
    as_stated: Annotated[
        str | None, typer.Option("--as-stated", metavar="TEXT", help="With --quantity: the source's own words for it.")
    ] = None,
    condition: Annotated[
        list[str] | None,
        typer.Option("--condition", metavar="PHRASE", help="A condition the party set, a short phrase; repeatable."),
    ] = None,
    quote: Annotated[
        str | None, typer.Option("--quote", metavar="TEXT", help="The key words, in the language published.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", metavar="CODE", help="With --quote: its language, two letters (it).")
    ] = None,
    speaker: Annotated[str | None, typer.Option("--speaker", metavar="NAME", help="With --quote: who said it.")] = None,
    url: Annotated[str | None, typer.Option("--url", metavar="URL", help="The source's web address.")] = None,
    publisher: Annotated[
        str | None, typer.Option("--publisher", metavar="NAME", help="Who published the source.")
    ] = None,
    date: Annotated[
        dt.datetime | None,
        typer.Option("--date", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="The source's date."),
    ] = None,
    reliability: Annotated[
        Reliability | None,
        typer.Option(
            "--reliability",
            parser=choice(Reliability, "--reliability"),
            metavar=metavar(Reliability),
            help="How reliable the source is.",
        ),
    ] = None,
    supersedes: Annotated[
        str | None,
        typer.Option("--supersedes", metavar="ID", help="The commitment it revises, instead of the one proposed."),
    ] = None,
    new_lineage: Annotated[
        bool, typer.Option("--new-lineage", "--new", help="Supersede nothing: a position on something new.")
    ] = False,
    id_word: Annotated[
        str | None,
        typer.Option("--id-word", metavar="WORD", help="A word in the id after the kind: gb-aid-armament-..."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the entry and the diff; write nothing.")] = False,
    data: EditedDataOption = None,
) -> None:
    """Add a commitment, checked and in its place: the id by the data's convention, `supersedes`
    proposed from the party's position of that kind before the meeting, the file written only
    when `ledger check` would pass. In a terminal it asks for what is missing.

    Example: ledger add -c Italy -m 2026-02-24 -k troops -s refused --summary "No troops"
    --url https://example.org/page --publisher Example --reliability major --dry-run
    """
    from ledger.edit.entry import NewEntry
    from ledger.edit.storage import read_text, write_atomic
    from ledger.load.loader import load_bytes

    path = _own_data_path(data)
    text = read_text(path)
    ledger = sound(load_bytes(text.encode("utf-8"), name=str(path)), str(path))
    given = NewEntry(
        country=country,
        meeting=meeting,
        kind=kind,
        status=status,
        summary=summary,
        quantity=quantity,
        unit=unit,
        as_stated=as_stated,
        conditions=tuple(condition or ()),
        quote=quote,
        lang=lang,
        speaker=speaker,
        url=url,
        publisher=publisher,
        date=date.date() if date is not None else None,
        reliability=reliability,
        supersedes=supersedes,
        new_lineage=new_lineage,
        word=id_word,
    )
    addition = _added(ledger, text, _completed(ledger, given), str(path))
    _tell(ledger, addition, given)
    write_answer(visible(addition.entry + "\n" + addition.diff), for_people=True)
    if dry_run:
        say(f"dry run: {path} is unchanged")
        return
    if read_text(path) != text:
        raise LedgerError(f"{path} changed while the entry was prepared; nothing was written, run ledger add again")
    write_atomic(path, addition.text)
    say(f"added {addition.commitment.id} to {path}", style="green")


def _interactive() -> bool:
    """Whether a person can be asked: ledger add reads answers from a terminal only."""
    return sys.stdin.isatty()


def _completed(ledger: Ledger, entry: NewEntry) -> NewEntry:
    """The entry with every required value: asked for in a terminal, else a usage error naming them."""
    from ledger.edit.entry import missing_fields

    for name in ("country", "meeting", "url"):  # a wrong value given is refused before any question
        value = getattr(entry, name)
        if value is not None:
            _checker(ledger, name)(value)
    missing = missing_fields(entry)
    if missing and not _interactive():
        options = ", ".join(_flag(name) for name in missing)
        raise UsageError(f"ledger add needs {options} (run in a terminal, it asks for them)")
    answers: dict[str, Any] = {name: _ask(_QUESTIONS[name], _checker(ledger, name)) for name in missing}
    return dataclasses.replace(entry, **answers)


def _added(ledger: Ledger, text: str, entry: NewEntry, name: str) -> Addition:
    """The checked addition; in a terminal, a choice between several positions it might revise."""
    from ledger.edit.entry import AmbiguousLineage, add_entry

    try:
        return add_entry(ledger, text, entry, name=name)
    except AmbiguousLineage as ambiguous:
        if not _interactive():
            raise UsageError(f"{ambiguous.message}: --supersedes ID or --new-lineage") from None
        ids = [c.id for c in ambiguous.candidates]

        def lineage(answer: str) -> NewEntry:
            if answer.strip() == "new":
                return dataclasses.replace(entry, new_lineage=True)
            if answer.strip() in ids:
                return dataclasses.replace(entry, supersedes=answer.strip())
            raise UsageError(f"give one of {', '.join(ids)}, or new")

        say(ambiguous.message)
        return add_entry(ledger, text, _ask(f"Supersedes which ({', '.join(ids)}), or new", lineage), name=name)


def _ask(question: str, convert: Callable[[str], T]) -> T:
    """One answer from the terminal, asked again until `convert` accepts it. The questions go to
    stderr, so stdout holds only the entry and the diff."""

    def checked(answer: str) -> T:
        try:
            return convert(answer)
        except LedgerError as exc:
            raise typer.BadParameter(exc.message) from None

    answer: T = typer.prompt(question, value_proc=checked, err=True)
    return answer


def _checker(ledger: Ledger, name: str) -> Callable[[str], object]:
    """How an answer for field `name` is checked and typed, as the option would be."""
    from ledger.core.query import resolve_party
    from ledger.edit.entry import find_meeting, web_address

    choices: dict[str, type[StrEnum]] = {"kind": Kind, "status": Status, "reliability": Reliability}
    if name in choices:
        return choice(choices[name], _flag(name))
    if name == "country":
        return lambda answer: resolve_party(ledger, answer).code
    if name == "meeting":
        return lambda answer: find_meeting(ledger, answer).id
    return web_address if name == "url" else _text


def _flag(name: str) -> str:
    """The option that gives `NewEntry`'s field `name`: `as_stated` → `--as-stated`."""
    return "--" + name.replace("_", "-")


def _text(answer: str) -> str:
    if not answer.strip():
        raise UsageError("an answer is needed")
    return answer.strip()


def _tell(ledger: Ledger, addition: Addition, given: NewEntry) -> None:
    """On stderr: which position the entry revises when that was proposed here, or that it has
    none; that other lines change when the file was not in canonical layout; warnings."""
    from ledger.output.diagnostics import diagnostics_text

    commitment = addition.commitment
    party = next(p.name for p in ledger.parties if p.code == commitment.party)
    earlier = addition.supersedes
    if earlier is not None and addition.proposed:
        say(
            f"supersedes {earlier.id}: {party}'s {commitment.kind} position before {commitment.meeting} "
            f"({earlier.status}); to change that, give --supersedes ID or --new-lineage"
        )
    elif commitment.supersedes is None and not given.new_lineage:
        say(f"a new lineage: {party} had no {commitment.kind} position before {commitment.meeting}")
    if addition.reformatted:
        say("note: the file was not in canonical layout, so the diff holds `ledger fmt`'s changes too")
    if addition.warnings:
        say(diagnostics_text(addition.warnings).rstrip("\n"))
