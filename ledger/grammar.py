"""The options of the commands that answer before typer loads, in one table.

Completion answered early (`ledger.completion`) reads which value an option takes; the fast path
(`ledger.fast_path`) reads a command line into the parameters of the command's answer. typer's
own declarations, in `ledger.cli`, stay what `--help` shows and what every other line is read
by; `tests/test_grammar.py` checks this table against the commands typer builds from them.
Kept light: completion imports it on every TAB.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class Option(NamedTuple):
    """One option: the parameter it fills and what it takes."""

    param: str
    # None for a flag; else the value: a "party", "meeting", "kind", "status", "reliability",
    # "format", "path" or "text".
    takes: str | None
    many: bool = False  # repeatable: the values make a list
    required: bool = False


Spelled = dict[tuple[str, ...], Option]  # an option under each of its names


def _named(options: Spelled) -> dict[str, Option]:
    return {name: option for names, option in options.items() for name in names}


_COUNTRIES: Final[Spelled] = {("--country", "-c"): Option("country", "party", many=True)}
_KINDS: Final[Spelled] = {("--kind", "-k"): Option("kind", "kind", many=True)}
_AS_OF: Final[Spelled] = {("--as-of",): Option("as_of", "meeting")}
_OUTPUT: Final[Spelled] = {
    ("--format", "-f"): Option("fmt", "format"),
    ("--csv-raw",): Option("csv_raw", None),
    ("--data", "-d"): Option("data", "path"),
}

COMMANDS: Final[dict[str, dict[str, Option]]] = {
    "show": _named(
        {
            **_COUNTRIES,
            ("--meeting", "-m"): Option("meeting", "meeting"),
            **_KINDS,
            ("--status", "-s"): Option("status", "status", many=True),
            ("--min-reliability",): Option("min_reliability", "reliability"),
            ("--disputed",): Option("disputed", None),
            **_AS_OF,
            ("--all",): Option("every", None),
            **_OUTPUT,
        }
    ),
    "meetings": _named(_OUTPUT),
    "parties": _named(_OUTPUT),
    "diff": _named(
        {
            ("--rev",): Option("rev", "text"),
            **_COUNTRIES,
            **_KINDS,
            ("--exit-code",): Option("exit_code", None),
            **_OUTPUT,
        }
    ),
    "history": _named({("--country", "-c"): Option("country", "party", many=True, required=True), **_OUTPUT}),
    "matrix": _named({**_AS_OF, **_KINDS, **_COUNTRIES, **_OUTPUT}),
    "summary": _named({**_AS_OF, **_OUTPUT}),
}
