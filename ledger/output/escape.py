"""Data text stays data: the one place each output channel escapes it.

Every string in a data file may come from a stranger's pull request (README, "Running ledger on
untrusted data"). Each reader acts on some text: a terminal on control characters, the GitHub
Actions runner on workflow commands, a Markdown renderer on HTML, links and mentions, a
spreadsheet on formulas. Each function below is the single gate between data and one of them.
The characters that hide text come from `ledger.characters`, which the loader shares.
"""

from __future__ import annotations

import html
import os
import re
from typing import Final

from ledger.characters import HIDDEN

# What must never reach a reader as itself: the hidden characters, C0 and C1 controls (the
# terminal's escape sequences) except tab and line feed, line and paragraph separators, lone
# surrogates.
_UNSEEN: Final = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]|{HIDDEN.pattern}")


# -- terminal -----------------------------------------------------------------------------


def visible(text: str) -> str:
    """Text for people: every character that a terminal would act on, or that would not show,
    written as `<U+001B>`. The loader refuses them all; this holds even when it was bypassed."""
    return _UNSEEN.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


# -- GitHub Actions -----------------------------------------------------------------------


def annotation_message(text: str) -> str:
    """The message of a workflow command (`::error …::MESSAGE`), kept on its one line: `%`, CR
    and LF percent-encoded, as the runner decodes them. The runner reads a line as a command
    when it starts with `::` or, failing that, when it holds `##[` anywhere; an annotation line
    is already a command, but a `##[` in it is written `#%23[` all the same (the runner decodes
    no `%23`), so that no reading of the line can find a second command in it."""
    encoded = visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return encoded.replace("##[", "#%23[")


def annotation_property(text: str) -> str:
    """A property value of a workflow command (`file=…,title=…`): as a message, plus `:` and `,`,
    which would end the property list or the value."""
    return annotation_message(text).replace(":", "%3A").replace(",", "%2C")


def workflow_plain(text: str) -> str:
    """Text for a GitHub Actions log that the runner must print and never obey: between
    `::stop-commands::TOKEN` and `::TOKEN::`. The token is random and absent from the text
    (the runner compares it without case), so nothing inside can resume command processing."""
    if not text:
        return text
    folded = text.casefold()
    token = os.urandom(16).hex()  # what secrets.token_hex does, without importing secrets on every run
    while token in folded:
        token = os.urandom(16).hex()
    end = "" if text.endswith("\n") else "\n"
    return f"::stop-commands::{token}\n{text}{end}::{token}::\n"


# -- Markdown -----------------------------------------------------------------------------

# Backslash-escaped: code, emphasis, strike-through, links and images, table pipes, math; an
# underscore only where it could open or close emphasis, not inside a word (`as_stated`).
_MARKDOWN_PUNCTUATION: Final = re.compile(r"[\\`*~\[\]|$]|(?<![^\W_])_|_(?![^\W_])")
# `@name` mentions someone and `#123` references an issue, even after a backslash or an entity.
_REFERENCE: Final = re.compile(r"(?<=[@#])(?=\w)")
# What opens a heading, a list or a setext underline, or starts a workflow command, at the start
# of a line (a block quote's `>` is an entity by then).
_BLOCK_START: Final = re.compile(r"^(\s*(?:\d{1,9}(?=[.)])|(?=[#+\-=:])))")


def markdown_text(text: str, *, line_start: bool = True) -> str:
    """Data text as Markdown that renders as exactly that text, on one line, in a table cell, a
    heading or a paragraph: HTML and entities escaped; code, emphasis, strike-through, links,
    images, math and table pipes backslash-escaped; a line that would open a heading or a list
    or be read as a workflow command escaped at its start; `@name` and `#123` split by an empty
    HTML comment, which GitHub does not undo, so nobody is mentioned and no issue referenced.
    `line_start=False` for text that follows other text on its line, where no block can open."""
    text = visible(text).replace("\n", " ")
    text = html.escape(text, quote=False)
    text = _MARKDOWN_PUNCTUATION.sub(lambda m: "\\" + m.group(), text)
    text = _REFERENCE.sub("<!-- -->", text)
    return _BLOCK_START.sub(lambda m: m.group() + "\\", text, count=1) if line_start else text


def markdown_summary(text: str) -> str:
    """Data text inside the HTML of a Markdown page (a `<summary>`), where GitHub may or may not
    read Markdown: HTML escaped, and Markdown punctuation written as character references, which
    read as the character either way; mentions and issue references split as in `markdown_text`."""
    text = _REFERENCE.sub("<!-- -->", html.escape(visible(text).replace("\n", " ")))
    return _MARKDOWN_PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", text)


def markdown_code(text: str) -> str:
    """`text` as a Markdown code span, whatever backticks it holds."""
    one_line = visible(text).replace("\n", " ")
    fence = "`"
    while fence in one_line:
        fence += "`"
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"


def markdown_link(name: str, url: str) -> str:
    """`[name](<url>)`: the name as text, the URL with every character that could end the
    destination or be read as an entity or a workflow command backslash-escaped."""
    destination = re.sub(r"[\\<>\[\]&]", lambda m: "\\" + m.group(), visible(url))
    return f"[{markdown_text(name)}](<{destination}>)"


# -- CSV ----------------------------------------------------------------------------------

CsvValue = str | int | float | bool | None
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: CsvValue, *, raw: bool = False) -> str:
    """A CSV cell. Text that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
    `@`, a tab or a carriage return) gets a leading `'`, as OWASP advises; numbers are numbers,
    never touched; `raw` keeps text exactly as the data holds it."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return f"'{text}" if not raw and text.startswith(FORMULA_START) else text


# -- JSON ---------------------------------------------------------------------------------

_JSON_UNSEEN: Final = re.compile(f"[\x7f-\x9f\u2028\u2029\ud800-\udfff]|{HIDDEN.pattern}")


def json_text(serialised: str) -> str:
    """JSON from `json.dumps` (which escapes C0 controls), with the other characters a terminal
    or a reader would not see as `\\uXXXX` escapes, and `##[` as `#\\u0023[`, so a CI runner
    printing it never reads a command. Both are JSON escapes: the values are unchanged."""

    def escape(match: re.Match[str]) -> str:
        units = match.group().encode("utf-16-be", "surrogatepass")
        return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))

    return _JSON_UNSEEN.sub(escape, serialised).replace("##[", "#\\u0023[")
