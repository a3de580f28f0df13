"""Problems as values (`Diagnostic`) and the one exception base for "cannot continue"."""

from __future__ import annotations

from enum import StrEnum
from typing import Final, NamedTuple

EXIT_DATA: Final = 1
EXIT_USAGE: Final = 2


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Diagnostic(NamedTuple):
    """One problem in a data file, with the 1-based place an editor can jump to. A named tuple
    rather than a dataclass: completion reaches this module, and `dataclasses` costs it a sixth."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}[{self.code}] {self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)


class LedgerError(Exception):
    """A problem that stops a command; its text is a complete, user-ready sentence."""

    exit_code: int = EXIT_DATA

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(LedgerError):
    """The command line asked for something that does not exist or makes no sense."""

    exit_code = EXIT_USAGE


class GitError(LedgerError):
    """Git could not give us what we asked for (unknown revision, no repository, ...)."""
