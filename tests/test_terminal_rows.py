"""Tables drawn line by line (`ledger.output.terminal.rows`) print what rich's own table prints:
the same bytes in a pipe and the same characters and colours on a terminal, for every golden
view at 60, 80 and 120 columns and for a generated ledger of several hundred rows."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ledger.output.terminal import layout, rows

from .support import ROOT, run
from .test_views import COMMANDS, FIXTURE

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "commitments.yaml"
    text = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "3000"], capture_output=True, check=True
    ).stdout
    path.write_bytes(text)
    return path


def _both(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[str, str, int]:
    """The output drawn line by line, the output rich draws, and how many tables took the fast path."""
    taken: list[object] = []

    def counted(*a: object) -> object:
        drawn = rows.long_table(*a)  # type: ignore[arg-type]
        taken.append(drawn)
        return drawn

    with monkeypatch.context() as patch:
        patch.setattr(layout, "long_table", counted)
        fast = run(*args)
    with monkeypatch.context() as patch:
        patch.setattr(layout, "long_table", lambda *a: None)
        slow = run(*args)
    assert fast.exit_code == slow.exit_code == 0, fast.output + slow.output
    return fast.stdout, slow.stdout, sum(d is not None for d in taken)


@pytest.mark.parametrize("colour", [False, True])
@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("name", COMMANDS)
def test_every_golden_view_is_drawn_as_rich_draws_it(
    name: str, width: int, colour: bool, write_ledger: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    if colour:
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
    fast, slow, _ = _both(monkeypatch, *COMMANDS[name], "--data", str(write_ledger(FIXTURE)))
    assert fast == slow
    assert ("\x1b[" in fast) == colour


@pytest.mark.parametrize("width", [60, 100, 160])
def test_hundreds_of_rows_are_drawn_line_by_line_as_rich_draws_them(
    generated: Path, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    fast, slow, taken = _both(monkeypatch, "show", "--country", "Norway", "--all", "--data", str(generated))
    assert taken == 1 and fast == slow
    assert fast.count("\n") > 300


def test_on_a_terminal_the_colours_are_the_same(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    fast, slow, taken = _both(monkeypatch, "show", "--country", "Norway", "--data", str(generated))
    assert taken == 1 and fast == slow and ANSI.search(fast)
