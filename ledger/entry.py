"""The `ledger` command's entry point: the process's own choices, made once, before the CLI loads.

A shell asking for an option's value (TAB) is answered from the completion index when it can be,
and a command that only reads is answered by the fast path when it reads the line as typer would,
both before typer and the rest of the CLI are imported, which is most of what a run costs. The
garbage collector stays off: a load builds millions of objects and no cycles, the collector's
passes over them cost more than the parse itself, and a run ends before what it could reclaim
would matter. The library leaves the collector alone; only this entry point decides.
"""

from __future__ import annotations

import gc
import sys

from ledger import completion, fast_path


def run(prog_name: str | None = None) -> None:
    gc.disable()
    if completion.answer_early(prog_name) or fast_path.answer(sys.argv[1:]):
        return
    from ledger.cli import run as run_cli

    run_cli(prog_name)
