"""What to do about the usual slips of someone editing YAML by hand, in their words, not the parser's.

An unquoted `: ` or ` #` in text, a tab, a key indented one space off: libyaml reports each as
parser jargon ("mapping values are not allowed in this context"), often a line away from the
slip. These functions read the lines around the place it names and say how to fix it.
"""

from __future__ import annotations

import re
from typing import Final

# `  - summary: text`: the indentation, the key, and the value, on one line.
_KEY_LINE: Final = re.compile(r"^(?P<indent>\s*(?:-\s+)*)(?P<key>[^\s#'\"\-?:][^:#]*?):(?:\s+(?P<value>.*))?$")
_COMMENT: Final = re.compile(r"(?:^|\s)#")


Explained = tuple[int, int, str]
"""The 1-based line and column of the slip itself, and what to do about it."""


def explain_syntax(text: str, problem: str, line: int, column: int, context_line: int) -> Explained | None:
    """Where the slip behind a syntax error is and how to fix it, or None when it is not a known
    one. `line` and `column` are where libyaml stopped, `context_line` where the construct began."""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "tab" in problem or "'\\t'" in problem:
        return line, column, "a tab indents this line; indent with spaces only"
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_text(here, line, column) or _indented(lines, line)
    if problem.startswith("did not find expected key") or problem.startswith("did not find expected '-'"):
        return _indented(lines, line)
    if problem.startswith("did not find expected ','"):
        begun = lines[context_line - 1] if 0 < context_line <= len(lines) else ""
        comment = _COMMENT.search(begun)
        if comment:
            message = "' #' starts a comment, which cut this list short; put text holding '#' in double quotes"
            return context_line, comment.end(), message
    return None


def empty_by_comment(line_text: str) -> str | None:
    """Why a value read as empty when the line shows text after its key: a `#` began a comment."""
    match = _KEY_LINE.match(line_text)
    if match is None or not (match.group("value") or "").startswith("#"):
        return None
    return f"'#' starts a comment, so {match.group('key')} is empty; put text holding '#' in double quotes"


def _colon_in_text(here: str, line: int, column: int) -> Explained | None:
    """`summary: Italy: no troops`: the second `: ` is on the line of a key, after its value began."""
    match = _KEY_LINE.match(here)
    if match is None or match.group("value") is None or match.start("value") >= column - 1:
        return None
    key, value = match.group("key"), match.group("value").rstrip()
    example = f': {key}: "{value}"' if '"' not in value and "\\" not in value else ""
    return line, column, f"text holding ': ' must be quoted, or it starts a new key; put it in double quotes{example}"


def _indented(lines: list[str], line: int) -> Explained | None:
    """A key one or more spaces off: the column it starts at and the column of the key above."""
    here = _KEY_LINE.match(lines[line - 1]) if 0 < line <= len(lines) else None
    above = next((match for text in reversed(lines[: line - 1]) if (match := _KEY_LINE.match(text)) is not None), None)
    if here is None or above is None:
        return None
    column, expected = here.start("key") + 1, above.start("key") + 1
    if column == expected:
        return None
    message = (
        f"'{here.group('key')}' starts at column {column}, but '{above.group('key')}' above it at column "
        f"{expected}; keys of one record start at the same column"
    )
    return line, column, message
