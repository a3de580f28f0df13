"""How a choice option reads its value: any case, the aliases its format lists (`md`); otherwise
one usage error that lists the choices and suggests the closest. typer's options and the fast
path (`ledger.fast_path`) read with the same functions, so a value means the same to both."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar

from ledger.errors import UsageError
from ledger.model.names import aside, did_you_mean
from ledger.model.vocabulary import Kind, Reliability, Status

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


@cache
def reader(takes: str) -> Callable[[str], Any]:
    """The reader of a shared choice option, by what it takes (`ledger.grammar.Option.takes`)."""
    from ledger.output.formats import FORMAT_ALIASES, OutputFormat

    readers: dict[str, Callable[[str], Any]] = {
        "kind": choice(Kind, "--kind"),
        "status": choice(Status, "--status"),
        "reliability": choice(Reliability, "--min-reliability"),
        "format": choice(OutputFormat, "--format", FORMAT_ALIASES),
    }
    return readers[takes]
