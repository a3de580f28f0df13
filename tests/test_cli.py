"""Behaviour every command shares: version, help with examples, colour rules, GitHub Actions."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest
import typer

from ledger import __version__
from ledger.cli import app
from ledger.output import terminal

from .support import MINIMAL, run

COMMANDS = sorted(name for name in typer.main.get_command(app).commands)  # type: ignore[attr-defined]
ESCAPE = "\x1b["
BOX_DRAWING = re.compile("[\u2500-\u257f]")

# A commitment whose party is unknown (an error) and whose only source is an aggregator (a warning).
_UNSOUND = """\
  - id: xx-{n}
    party: XX
    meeting: paris-2026-01-06
    kind: troops
    status: committed
    summary: Commitment {n}
    sources:
      - url: https://example.org/{n}
        publisher: Aggregator
        reliability: aggregator
"""


def _unsound(count: int) -> str:
    return MINIMAL + "".join(_UNSOUND.format(n=n) for n in range(count))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_version_is_the_packages() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"ledger {__version__}\n"
    assert __version__ == version("coalition-ledger")


def test_every_command_is_listed_in_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert all(name in result.stdout for name in COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_help_has_an_example(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    assert re.search(rf"Examples?: ledger {name}\b", result.stdout), result.stdout


def test_no_color_turns_colour_off_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    coloured, plain = _Terminal(), _Terminal()
    monkeypatch.delenv("NO_COLOR")
    terminal.message("3 errors", coloured, style="red")
    monkeypatch.setenv("NO_COLOR", "1")
    terminal.message("3 errors", plain, style="red")
    assert ESCAPE in coloured.getvalue()
    assert plain.getvalue() == "3 errors\n"


def test_tables_are_drawn_with_colour_when_forced(
    monkeypatch: pytest.MonkeyPatch, write_ledger: Callable[..., Path]
) -> None:
    """The harness can see colour and box drawing, so their absence below means something."""
    monkeypatch.delenv("NO_COLOR")
    table = run("show", "--data", str(write_ledger()), env={"FORCE_COLOR": "1"})
    assert ESCAPE in table.stdout
    assert BOX_DRAWING.search(table.stdout)


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
@pytest.mark.parametrize(
    "command",
    [
        ["show"],
        ["meetings"],
        ["parties"],
        ["history", "--country", "Italy"],
        ["matrix"],
        ["summary"],
        ["diff", "paris-2026-01-06", "paris-2026-01-06"],
    ],
    ids=lambda command: command[0],
)
def test_machine_formats_carry_no_colour_or_box_drawing(
    monkeypatch: pytest.MonkeyPatch, write_ledger: Callable[..., Path], command: list[str], fmt: str
) -> None:
    monkeypatch.delenv("NO_COLOR")
    result = run(*command, "--data", str(write_ledger()), "--format", fmt, env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert ESCAPE not in result.stdout
    assert not BOX_DRAWING.search(result.stdout)


def test_check_speaks_github_inside_github_actions(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(_unsound(1))
    result = run("check", "--data", str(path), "--warnings", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file={path},line=32,col=12,title=ledger unknown-party::32:12 [unknown-party] "
        "party 'XX' is not defined",
        f"::warning file={path},line=38,col=7,title=ledger aggregator-only::38:7 [aggregator-only] "
        "'xx-0' rests on aggregator sources only",
    ]


def test_an_explicit_format_wins_over_github_actions(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(_unsound(1))
    result = run("check", "--data", str(path), "--format", "text", env={"GITHUB_ACTIONS": "true"})
    opening, first, *_ = result.stdout.splitlines()
    assert opening.startswith("::stop-commands::")  # plain text in a GitHub log is never obeyed
    assert first.startswith(f"{path}:32:12: error[unknown-party]")


def test_github_annotations_stop_at_githubs_limit_and_the_rest_are_listed(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(_unsound(12))
    result = run("check", "--data", str(path), "--warnings", env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 10
    notices = [line for line in lines if line.startswith("::notice ")]
    assert notices == [
        "::notice title=ledger::2 more errors and 2 more warnings not annotated "
        "(GitHub shows 10 errors and 10 warnings per step); every problem is listed below"
    ]
    opening, *listed, closing = lines[lines.index(notices[0]) + 1 :]
    token = opening.removeprefix("::stop-commands::")
    assert re.fullmatch("[0-9a-f]{32}", token)
    assert closing == f"::{token}::"
    assert len(listed) == 24
    assert all(line.startswith(f"{path}:") for line in listed)


def test_check_appends_a_markdown_report_to_the_step_summary(tmp_path: Path, write_ledger: Callable[..., Path]) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    path = write_ledger(_unsound(1))
    result = run("check", "--data", str(path), "--warnings", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert summary.read_text(encoding="utf-8") == (
        "earlier step\n"
        "### ledger check\n"
        "\n"
        f"1 error, 1 warning in {path}\n"
        "\n"
        "| line | column | severity | code | message |\n"
        "|---:|---:|---|---|---|\n"
        "| 32 | 12 | error | unknown-party | party 'XX' is not defined |\n"
        "| 38 | 7 | warning | aggregator-only | 'xx-0' rests on aggregator sources only |\n"
        "\n"
    )


def test_a_sound_file_reports_ok_in_the_step_summary(tmp_path: Path, write_ledger: Callable[..., Path]) -> None:
    summary = tmp_path / "summary.md"
    path = write_ledger()
    assert run("check", "--data", str(path), env={"GITHUB_STEP_SUMMARY": str(summary)}).exit_code == 0
    assert summary.read_text(encoding="utf-8") == (
        f"### ledger check\n\n{path}: ok — 2 parties, 1 meeting, 1 commitment\n\n"
    )


def test_an_unwritable_step_summary_is_one_clear_error(tmp_path: Path, write_ledger: Callable[..., Path]) -> None:
    result = run("check", "--data", str(write_ledger()), env={"GITHUB_STEP_SUMMARY": str(tmp_path)})
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot write {tmp_path}: ")
    assert len(result.stderr.splitlines()) == 1


# -- choice options: any case, aliases, a "did you mean", help in words ------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["show", "--format", "jsn"],
            "error: --format: 'jsn' is not one of table, json, csv, markdown (did you mean 'json'?)",
        ),
        (["show", "--kind", "troop"], "(did you mean 'troops'?)"),
        (["show", "--status", "comitted"], "(did you mean 'committed'?)"),
        (["show", "--min-reliability", "oficial"], "(did you mean 'official'?)"),
        (["matrix", "--kind", "sanction"], "(did you mean 'sanctions'?)"),
        (["check", "--format", "githb"], "(did you mean 'github'?)"),
    ],
)
def test_a_choice_it_does_not_know_is_one_line_with_a_suggestion(
    args: list[str], message: str, write_ledger: Callable[..., Path]
) -> None:
    result = run(*args, "--data", str(write_ledger()))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


def test_choices_are_read_in_any_case_and_md_is_markdown(write_ledger: Callable[..., Path]) -> None:
    data = str(write_ledger())
    upper = run("show", "--kind", "Troops", "--status", "REFUSED", "--format", "MD", "--data", data)
    assert upper.exit_code == 0 and upper.stdout == run("show", "--format", "markdown", "--data", data).stdout


def test_check_takes_table_as_its_text_format(write_ledger: Callable[..., Path]) -> None:
    data = str(write_ledger())
    assert run("check", "--format", "table", "--data", data).exit_code == 0


@pytest.mark.parametrize("name", COMMANDS)
def test_help_is_h_too_and_names_values_in_words(name: str) -> None:
    result = run(name, "-h")
    assert result.exit_code == 0
    assert result.stdout == run(name, "--help").stdout
    assert not re.search(r"<(list\[|str|path|int)|\{[a-z]", result.stdout), result.stdout
