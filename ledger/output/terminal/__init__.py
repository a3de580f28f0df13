"""Output for people in a terminal, and the streams every output meets.

With `layout` and `rows`, the only modules that import rich, and only when something is
drawn; markup, emoji codes and highlighting are off, and every piece of text passes through
`escape.visible`. In a pipe or a file, lines carry no padding.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from ledger.errors import LedgerError
from ledger.output import escape
from ledger.output.terminal.layout import Drawing, styled

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment

__all__ = ["Drawing", "WriteError", "discard", "message", "write"]


class WriteError(LedgerError):
    """A stream refused our output: a full disk, a closed pipe, a file we may not write."""

    def __init__(self, stream: IO[str], error: OSError) -> None:
        name = {"<stdout>": "standard output", "<stderr>": "standard error"}.get(getattr(stream, "name", ""))
        super().__init__(f"cannot write to {name or getattr(stream, 'name', 'the output')}: {error.strerror or error}")
        self.stream = stream
        self.closed_pipe = isinstance(error, BrokenPipeError)


def write(output: str | Drawing | RenderableType, stream: IO[str], *, workflow_log: bool = False) -> None:
    """Write a command's output: text as is, a drawing laid out by rich (colour only on a
    terminal). In a GitHub Actions log (`workflow_log`) the text goes between stop-commands
    markers, so the runner prints it and obeys nothing in it."""
    text = output if isinstance(output, str) else _draw(output, terminal=stream.isatty() and not workflow_log)
    _put(escape.workflow_plain(text) if workflow_log else text, stream)


def message(text: str, stream: IO[str], *, style: str = "", workflow_log: bool = False) -> None:
    """A line for people on stderr: styled on a terminal, plain elsewhere, between stop-commands
    markers in a GitHub Actions log; its characters made visible either way."""
    if stream.isatty() and not workflow_log:
        _put(_draw(styled(text, style=style), terminal=True), stream)
        return
    line = escape.visible(text) + "\n"
    _put(escape.workflow_plain(line) if workflow_log else line, stream)


def _put(text: str, stream: IO[str]) -> None:
    """The one place output meets a stream; a refusal becomes a `WriteError` (one line, exit 1)."""
    try:
        stream.write(text)
        stream.flush()
    except OSError as error:
        raise WriteError(stream, error) from None


def discard(stream: IO[str]) -> None:
    """Point a stream that refused output at the null device, so that what it still buffers is
    not written again, and fails again, when the interpreter exits."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError):  # a stream without a descriptor holds nothing for the exit
        pass


def _draw(renderable: object, *, terminal: bool) -> str:
    """A renderable as text: coloured for a terminal, plain otherwise (unless FORCE_COLOR)."""
    buffer = io.StringIO()
    # Off a terminal rich would assume 80 columns; tables are laid out for 100.
    width = None if terminal or "COLUMNS" in os.environ else 100
    console = _terminal_console()(
        file=buffer,
        width=width,
        force_terminal=True if terminal else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
    console.print(renderable, crop=False)  # a one-line answer is never cut; tables fit the width
    if terminal:
        return buffer.getvalue()
    # In a pipe or a file, the padding that fills each line to the width is only noise.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


@functools.cache
def _terminal_console() -> type[Console]:
    """rich's Console with the terminal's one escaping place: every piece of text it draws
    passes through `escape.visible`, whatever object it came in. Markup, emoji codes and
    highlighting are off where it is created, so no data text is read as an instruction."""
    from rich.console import Console
    from rich.segment import Segment

    class TerminalConsole(Console):
        def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
            for segment in super().render(renderable, options):
                if segment.control or not segment.text:
                    yield segment
                else:
                    yield Segment(escape.visible(segment.text), segment.style)

    return TerminalConsole
