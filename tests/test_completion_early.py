"""Completion answered from the index before typer loads: the same bytes as typer's own answer,
for bash, zsh and fish, on a ledger whose names try to run commands; and typer's answer for
anything the early path does not read."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ledger import completion
from ledger.load import cache
from ledger.load.result import load_path

from .support import run
from .test_completion_shells import hostile_ledger

LINES = [
    "ledger show --data {data} --country I",
    "ledger show --data {data} --country ",
    "ledger show --data {data} -c i",
    "ledger show --data {data} --country D",
    "ledger show --data {data} --country Q",
    "ledger show --data {data} --country F",
    "ledger show --data {data} --country Uni",
    "ledger show --data {data} --country Zzz",
    "ledger show --data {data} --meeting ",
    "ledger show --data {data} -m lon",
    "ledger show --data {data} --as-of par",
    "ledger show --data {data} --csv-raw --country N",
    "ledger show -d {data} -f json --min-reliability major --country U",
    "ledger show --data {data} --kind m",
    "ledger show --data {data} --status c",
    "ledger show --data {data} --kind ",
    "ledger diff --data {data} --exit-code --country Ita",
    "ledger diff --data {data} -k tr",
    "ledger history --data {data} --country Nor",
    "ledger matrix --data {data} --as-of l",
    "ledger matrix --data {data} -c G",
    "ledger summary --data {data} --as-of ",
]
# The early path leaves these to typer: other forms of options, positional words, option names,
# quoting, commands it does not serve.
TYPER_ONLY = [
    "ledger show --data {data} --country=It",
    "ledger show --data {data} --country 'It",
    "ledger show --data {data} --country -",
    "ledger show --data {data} --format ",
    "ledger show --data {data} --bogus x --country I",
    "ledger diff --data {data} paris-2026-01-06 --country I",
    "ledger check --data ",
    "ledger --version ",
    "ledger sh",
]


@pytest.fixture
def data(tmp_path: Path) -> str:
    """The hostile ledger, loaded once so that its cache entry and index exist."""
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_ledger(tmp_path / "sentinels"), encoding="utf-8")
    assert load_path(path, cached=True).ledger is not None
    return str(path)


def _environment(shell: str, line: str, fish_action: str = "get-args") -> dict[str, str]:
    if shell == "bash":
        words = line.split(" ")
        return {"_LEDGER_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    env = {"_LEDGER_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
    return {**env, "_TYPER_COMPLETE_FISH_ACTION": fish_action} if shell == "fish" else env


def _early(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The early path's exit code and output; it must have answered."""
    with monkeypatch.context() as patched:
        for name, value in env.items():
            patched.setenv(name, value)
        try:
            answered = completion.answer_early("ledger")
            code = 0
        except SystemExit as stop:
            answered, code = True, int(stop.code or 0)
    assert answered, "the early path left this to typer"
    return code, capsys.readouterr().out


def _typer(env: dict[str, str]) -> tuple[int, str]:
    result = run(env=env)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize("line", LINES)
def test_the_index_answers_as_typer_does(
    line: str, shell: str, data: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = _environment(shell, line.format(data=data))
    assert _early(env, monkeypatch, capsys) == _typer(env)


@pytest.mark.parametrize("line", [LINES[0], LINES[7], LINES[14]])
def test_fish_asks_whether_there_are_values_as_typer_does(
    line: str, data: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = _environment("fish", line.format(data=data), fish_action="is-args")
    assert _early(env, monkeypatch, capsys) == _typer(env)


def test_ledger_data_names_the_file_as_for_typer(
    data: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {**_environment("bash", "ledger show --country U"), "LEDGER_DATA": data}
    assert _early(env, monkeypatch, capsys) == _typer(env) == (0, "UK\nUnited\\ Kingdom\n")


@pytest.mark.parametrize("line", TYPER_ONLY)
def test_anything_else_is_left_to_typer(
    line: str, data: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in _environment("bash", line.format(data=data)).items():
        monkeypatch.setenv(name, value)
    assert completion.answer_early("ledger") is False
    assert capsys.readouterr().out == ""


def _index_files() -> list[Path]:
    return sorted(cache.directory().glob(f"*{cache.INDEX_SUFFIX}"))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda index: index.unlink(), id="missing"),
        pytest.param(lambda index: index.write_bytes(index.read_bytes()[:-1] + b"x"), id="checksum-mismatch"),
        pytest.param(lambda index: index.rename(index.with_name("0" * 64 + index.suffix)), id="under-another-key"),
    ],
)
def test_without_a_sound_index_typer_answers(
    damage: Callable[[Path], None], data: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (index,) = _index_files()
    damage(index)
    for name, value in _environment("bash", f"ledger show --data {data} --country I").items():
        monkeypatch.setenv(name, value)
    assert completion.answer_early("ledger") is False


def test_a_changed_file_is_not_answered_from_the_old_index(data: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Path(data).write_text(Path(data).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    for name, value in _environment("bash", f"ledger show --data {data} --country I").items():
        monkeypatch.setenv(name, value)
    assert completion.answer_early("ledger") is False


def test_the_command_answers_without_importing_typer(data: str) -> None:
    """The whole entry point, in a fresh process: the answer comes and typer never loads."""
    script = (
        "import sys\n"
        "from ledger.entry import run\n"
        "run('ledger')\n"
        "print(sorted(m for m in ('typer', 'yaml', 'pydantic', 'rich') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, **_environment("bash", f"ledger show --data {data} --country I")}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert (done.stdout, done.stderr) == ("IT\nItaly\n", "[]\n")
