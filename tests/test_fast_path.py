"""The fast path answers a read-only command line with the bytes typer's command prints, errors
and notes included, and leaves every other line to typer without a word."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ledger import fast_path

from . import test_readme
from .support import GOLDEN, ROOT, run
from .test_completion_shells import hostile_ledger
from .test_warm import GOLDEN_COMMANDS

SHIPPED = str(ROOT / "data" / "commitments.yaml")

LINES = [
    "show --country Italy",
    "show -c it -f json",
    "show --country=UK --format=csv",
    "show --country Germany --country France -f md",
    "show --kind troops --kind monitoring --status refused",
    "show -k AIR -s committed --min-reliability major",
    "show --meeting paris-2026-01-06",
    "show -m london --all",
    "show --as-of paris-2025-09-04 --disputed",
    "show --all --csv-raw -f csv",
    "show --format MD --country Türkiye",
    "show --country Narnia",
    "show --meeting nowhere",
    "show --as-of 2024-13-40",
    "show --csv-raw",
    "meetings",
    "meetings -f json",
    "parties --format md",
    "history --country Germany",
    "history -c UK -f json",
    "history --country Germany --country France",
    "matrix",
    "matrix --as-of paris-2026-01-06 --kind troops -c FR",
    "summary --as-of latest",
    "summary -f csv",
]
# Lines typer reads and the fast path does not: it must print nothing and hand them on.
TYPER_ONLY = [
    "",
    "--version",
    "show --help",
    "show -h",
    "check",
    "diff paris-2025-09-04 paris-2026-01-06",
    "show --bogus",
    "show --country",
    "show -cItaly",
    "show --country -x",
    "show --format yaml",
    "show --format json --format csv",
    "show --all=yes",
    "history",
    "show Italy",
    "show --",
    "report site",
    "export sqlite ledger.db",
]


def _fast(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The fast path's exit code, stdout and stderr, in typer's own test isolation."""
    runner = CliRunner()
    with runner.isolation(env=env) as (stdout, stderr, _):
        try:
            assert fast_path.answer(args), "the fast path left this line to typer"
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        return code, stdout.getvalue().decode(), stderr.getvalue().decode()


def _typer(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = run(*args, env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("line", LINES)
def test_a_line_is_answered_as_typer_answers_it(line: str) -> None:
    args = [*line.split(), "--data", SHIPPED]
    answered = _fast(args)
    assert answered == _typer(args)
    assert answered[1] or answered[2]


@pytest.mark.parametrize("line", ["show", "show --country UK -f json", "parties", "meetings -f csv", "history -c UK"])
def test_hostile_names_are_answered_as_typer_answers_them(line: str, tmp_path: Path) -> None:
    data = tmp_path / "hostile.yaml"
    data.write_text(hostile_ledger(tmp_path / "sentinels"), encoding="utf-8")
    args = [*line.split(), "-d", str(data)]
    assert _fast(args) == _typer(args)
    assert not (tmp_path / "sentinels").exists()


def test_ledger_data_names_the_file_as_for_typer() -> None:
    env = {"LEDGER_DATA": SHIPPED}
    assert _fast(["show", "--country", "Norway"], env) == _typer(["show", "--country", "Norway"], env)


def test_the_shipped_copy_is_noted_as_typer_notes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEDGER_DATA", raising=False)
    answered = _fast(["parties", "-f", "json"])
    assert answered == _typer(["parties", "-f", "json"])
    assert answered[2].startswith("note: reading ")


def test_a_missing_data_file_in_a_work_tree_is_one_line_as_for_typer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEDGER_DATA", raising=False)
    answered = _fast(["meetings"])
    assert answered == _typer(["meetings"])
    assert answered[0] == 2 and answered[2].startswith("error: no data/commitments.yaml")


@pytest.mark.parametrize("line", TYPER_ONLY)
def test_anything_else_is_left_to_typer(line: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert fast_path.answer([*line.split(), "--data", SHIPPED] if line else []) is False
    assert capsys.readouterr() == ("", "")


def test_the_command_answers_without_typer_pydantic_or_yaml(tmp_path: Path) -> None:
    """The whole entry point in a fresh process, on a warm cache: the answer is typer's, and
    none of the heavy libraries loads."""
    script = (
        "import sys\n"
        "from ledger.entry import run\n"
        "run('ledger')\n"
        "print(sorted(m for m in ('typer', 'pydantic', 'yaml') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "100"}
    args = ["show", "--country", "Italy", "--data", SHIPPED]
    cold = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, check=True)
    warm = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, check=True)
    typer_only = subprocess.run(
        [sys.executable, "-c", "from ledger.cli import run; run('ledger')", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert cold.stderr == "['pydantic', 'yaml']\n"  # the file is read and validated once
    assert warm.stderr == "[]\n"
    assert cold.stdout == warm.stdout == typer_only.stdout and "Italy" in warm.stdout


def _in_terminal(code: str, args: list[str], columns: int) -> tuple[int, bytes]:
    """Exit code and bytes of `python -c code ARGS` run in a pseudo-terminal, in colour."""
    import pty

    pid, descriptor = pty.fork()
    if pid == 0:  # the child: a terminal of `columns`, colour allowed
        os.environ.update({"COLUMNS": str(columns), "TERM": "xterm-256color"})
        os.environ.pop("NO_COLOR", None)
        os.execv(sys.executable, [sys.executable, "-c", code, *args])
    out = b""
    while True:
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out


@pytest.mark.slow
@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("line", ["show --country Italy", "show --country Narnia", "matrix", "history -c UK"])
def test_in_a_terminal_the_bytes_are_typers(line: str, columns: int) -> None:
    args = [*line.split(), "--data", SHIPPED]
    answered = _in_terminal("from ledger.entry import run; run('ledger')", args, columns)
    assert answered == _in_terminal("from ledger.cli import run; run('ledger')", args, columns)
    assert b"\x1b[" in answered[1]  # in colour: it is a terminal


@pytest.mark.parametrize(("name", "text", "args"), GOLDEN_COMMANDS, ids=[c[0] for c in GOLDEN_COMMANDS])
def test_a_golden_file_is_printed_by_the_fast_path_cold_and_warm(
    name: str, text: str, args: tuple[str, ...], write_ledger: Callable[..., Path]
) -> None:
    line = [*args, "--data", str(write_ledger(text))]
    if fast_path._read(line) is None:
        pytest.skip("typer reads this line (a command with arguments)")
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert _fast(line) == _fast(line) == (0, expected, "")


@pytest.mark.slow
@pytest.mark.parametrize("example", test_readme.EXAMPLES, ids=[e.command for e in test_readme.EXAMPLES])
def test_a_readme_example_prints_the_same_through_typer_alone(example: test_readme.Example) -> None:
    """The pages' examples run through the entry point, so through the fast path where it
    answers; typer alone must print the same."""
    typer_only = f"{sys.executable} -c \"from ledger.cli import run; run('ledger')\" "
    line = example.command.replace("ledger ", typer_only, 1) if example.command.startswith("ledger ") else None
    if line is None:
        pytest.skip("not a ledger command")
    done = subprocess.run(["bash", "-c", line], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout + done.stderr == example.shown
