"""Data text from a stranger's pull request, through every output channel: nothing in it is
read as an instruction by a CI runner, a terminal, a Markdown renderer or a spreadsheet.

The ledgers are valid (`ledger check` passes), except where a problem is what the test is about:
each channel must hold against data the tool accepts.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ledger.cli import app
from ledger.output import terminal

from .support import git_repository, run

LINK_MARKUP = "[link=https://evil.example]x[/link]"
HOSTILE = """\
schema: 1
parties:
  - code: IT
    name: "Italy [link=https://evil.example]x[/link] [/bold] :smile:"
    kind: country
    aliases: ["@team", "=HYPERLINK(\\"https://evil.example\\")"]
  - code: FR
    name: "<img src=x onerror=alert(1)> ##[error]France"
    kind: country
meetings:
  - id: paris-2025-09-04
    date: 2025-09-04
    title: "<h1>Summit</h1> [/bold] ::error::meeting"
    place: "+Paris @team [/bold] :smile:"
    format: in-person
    participants: {count: 30, as_stated: "-30 <details><summary>x</summary></details>"}
    sources:
      - {url: "https://example.org/m?a=1&b=2", publisher: "@org/team :smile: [/red]", reliability: official}
  - id: paris-2026-01-06
    date: 2026-01-06
    title: "# Heading ![img](https://evil.example/i.png)"
    place: Paris
    format: in-person
    participants: {count: 35, as_stated: "[link=https://evil.example]x[/link] [/bold] :smile:"}
    sources:
      - {url: "https://example.org/m2", publisher: "[link](https://evil.example)", reliability: official}
commitments:
  - id: it-troops-1
    party: IT
    meeting: paris-2025-09-04
    kind: troops
    status: refused
    summary: "=1+2 ##[error]refused ::stop-commands::x `code` | pipe"
    conditions: ["@SUM(1)", "-1"]
    notes: "first line\\n::error::second line\\n##[warning]third line"
    sources:
      - {url: "https://example.org/a", publisher: "::warning::publisher", reliability: major}
  - id: it-troops-2
    party: IT
    meeting: paris-2026-01-06
    kind: troops
    status: conditional
    supersedes: it-troops-1
    summary: "+5 <script>alert(1)</script> @team #1 [/bold]"
    quote: {text: "[/bold] <b>quoted</b>", lang: it, speaker: "@speaker"}
    disputed:
      - reason: "::error::dispute ##[error] <i>x</i>"
        sources: [{url: "https://example.org/d", publisher: "@dpa", reliability: major}]
    sources:
      - {url: "https://example.org/b", publisher: "<b>Pub</b> [/bold]", reliability: major}
  - id: fr-aid
    party: FR
    meeting: paris-2026-01-06
    kind: aid
    status: committed
    summary: "-5 million, @team"
    quantity: {low: 5000000, high: 5000000, unit: EUR, as_stated: "=5*1000000 @team"}
    sources:
      - {url: "https://example.org/c", publisher: "Example", reliability: official}
"""

# One command per view, with the arguments that give it data to show.
VIEWS = [
    ["show"],
    ["meetings"],
    ["parties"],
    ["matrix"],
    ["summary"],
    ["history", "--country", "IT"],
    ["diff", "paris-2025-09-04", "paris-2026-01-06"],
]
# What each table shows of the data's markup, verbatim (the matrix cuts long names short).
SHOWN = {
    "show": "+5 <script>alert(1)</script> @team #1 [/bold]",
    "meetings": "+Paris @team [/bold] :smile:",
    "parties": f"Italy {LINK_MARKUP} [/bold] :smile:",
    "matrix": "Italy [link=https://evil.exam",
    "summary": f"({LINK_MARKUP} [/bold] :smile:)",
    "history": "<h1>Summit</h1> [/bold] ::error::meeting",
    "diff": "+5 <script>alert(1)</script> @team #1 [/bold]",
    "check": "",
}


@pytest.fixture
def hostile(write_ledger: Callable[..., Path]) -> Path:
    return write_ledger(HOSTILE)


def test_the_hostile_ledger_is_valid(hostile: Path) -> None:
    result = run("check", "--data", str(hostile))
    assert result.exit_code == 0, result.output


# -- GitHub Actions: the runner obeys nothing from the data ----------------------------------

ANNOTATION = re.compile(r"::(error|warning|notice) ((?:[a-z]+=[^,:\r\n]*)(?:,[a-z]+=[^,:\r\n]*)*)::[^\r\n]*")


def assert_runner_obeys_only_ledger(output: str) -> None:
    """Every line is an annotation whose properties and message are escaped, or lies between a
    stop-commands marker and its closing token, which occurs nowhere inside; outside the blocks
    no line holds `##[`."""
    token: str | None = None
    block: list[str] = []
    for line in output.splitlines():
        if token is not None:
            if line == f"::{token}::":
                assert token not in "\n".join(block).casefold()
                token, block = None, []
            else:
                block.append(line)
            continue
        if line.startswith("::stop-commands::"):
            token = line.removeprefix("::stop-commands::")
            assert re.fullmatch("[0-9a-f]{32}", token), line
            continue
        assert ANNOTATION.fullmatch(line), line
        assert "##[" not in line, line
    assert token is None, "a stop-commands block is never closed"


def _many_problems(count: int) -> str:
    """HOSTILE with `count` unknown fields whose names are workflow commands: each is an error
    whose message quotes the name, and a newline that the loader writes as `\\n`."""
    names = ["##[error]k{n}", "::error::k{n}", "::stop-commands::x{n}", "a\\n::warning::k{n}", "<img src=x> @team {n}"]
    fields = "".join(f'    "{names[n % len(names)].format(n=n)}": {n}\n' for n in range(count))
    return HOSTILE.replace("    kind: aid\n", f"    kind: aid\n{fields}")


def test_check_in_github_actions_gives_the_runner_nothing_to_obey(
    tmp_path: Path, write_ledger: Callable[..., Path]
) -> None:
    summary = tmp_path / "summary.md"
    path = write_ledger(_many_problems(25))
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run("check", "--data", str(path), "--format", "github", env=env)
    assert result.exit_code == 1
    assert "##[error]k0" in result.stdout.replace("#%23[", "##[")  # the data is there, as data
    assert_runner_obeys_only_ledger(result.stdout + result.stderr)
    report = summary.read_text(encoding="utf-8")
    assert "<" not in report.replace("<!-- -->", "")
    assert not re.search(r"@\w", report)
    assert "&lt;img src=x&gt;" in report


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_in_other_formats_inside_github_actions(write_ledger: Callable[..., Path], fmt: str) -> None:
    path = write_ledger(_many_problems(3))
    result = run("check", "--data", str(path), "--format", fmt, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    if fmt == "text":
        assert_runner_obeys_only_ledger(result.stdout + result.stderr)
    else:
        assert "##[" not in result.stdout  # JSON writes it `#\u0023[`, the same string
        assert any("##[error]" in e["message"] for e in json.loads(result.stdout)["errors"])
        assert_runner_obeys_only_ledger(result.stderr)


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@needs_git
def test_diff_rev_in_github_actions_gives_the_runner_nothing_to_obey(tmp_path: Path) -> None:
    data = git_repository(tmp_path, HOSTILE)
    data.write_text(
        HOSTILE.replace("::error::second line", "::error::changed\\n##[set-output name=x]y"), encoding="utf-8"
    )
    result = run("diff", "--rev", "HEAD", "--data", str(data), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 0, result.output
    assert "::error::changed" in result.stdout
    assert_runner_obeys_only_ledger(result.stdout + result.stderr)


@needs_git
def test_a_broken_revision_in_github_actions_gives_the_runner_nothing_to_obey(tmp_path: Path) -> None:
    data = git_repository(tmp_path, _many_problems(25))
    data.write_text(HOSTILE, encoding="utf-8")
    result = run("diff", "--rev", "HEAD", "--data", str(data), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert "::stop-commands::x" in result.stderr
    assert_runner_obeys_only_ledger(result.stdout + result.stderr)


@pytest.mark.parametrize("command", VIEWS, ids=lambda command: command[0])
def test_every_table_in_github_actions_gives_the_runner_nothing_to_obey(hostile: Path, command: list[str]) -> None:
    result = run(*command, "--data", str(hostile), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 0, result.output
    assert_runner_obeys_only_ledger(result.stdout + result.stderr)


def test_an_error_message_in_github_actions_gives_the_runner_nothing_to_obey(hostile: Path) -> None:
    result = run("show", "--country", "::error::x ##[error]y", "--data", str(hostile), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 2
    assert_runner_obeys_only_ledger(result.stdout + result.stderr)


# -- terminal: rich reads no markup and no emoji code from the data ---------------------------


@pytest.mark.parametrize("command", [*VIEWS, ["check"]], ids=lambda command: command[0])
def test_markup_in_the_data_is_shown_not_obeyed(
    monkeypatch: pytest.MonkeyPatch, hostile: Path, command: list[str]
) -> None:
    monkeypatch.delenv("NO_COLOR")
    result = run(*command, "--data", str(hostile), env={"FORCE_COLOR": "1", "COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "\x1b]8;" not in result.output  # no hyperlink escape sequence
    assert "\N{SMILING FACE WITH OPEN MOUTH}" not in result.output
    assert SHOWN[command[0]] in re.sub("\x1b\\[[0-9;]*m", "", result.stdout)


@needs_git
def test_markup_in_a_revision_diff_is_shown_not_obeyed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NO_COLOR")
    data = git_repository(tmp_path, HOSTILE)
    data.write_text(HOSTILE.replace("@team #1 [/bold]", f"{LINK_MARKUP} :smile: [/bold]"), encoding="utf-8")
    result = run("diff", "--rev", "HEAD", "--data", str(data), env={"FORCE_COLOR": "1", "COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "\x1b]8;" not in result.output
    assert f"{LINK_MARKUP} :smile: [/bold]" in re.sub("\x1b\\[[0-9;]*m", "", result.stdout)


def test_markup_in_a_problem_is_shown_not_obeyed(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(HOSTILE.replace("    kind: aid\n", f'    kind: aid\n    "{LINK_MARKUP} [/bold] :smile:": 1\n'))
    result = run("check", "--data", str(path))
    assert result.exit_code == 1
    assert f"unknown field '{LINK_MARKUP} [/bold] :smile:'" in result.stdout


def test_titles_publishers_and_summaries_keep_their_brackets(hostile: Path) -> None:
    show = run("show", "--data", str(hostile), "--country", "Italy", env={"COLUMNS": "250"}).stdout
    assert show.splitlines()[0].strip() == f"Italy {LINK_MARKUP} [/bold] :smile:"
    assert "<b>Pub</b>" in show
    history = run("history", "--country", "IT", "--data", str(hostile), env={"COLUMNS": "250"}).stdout
    assert "<h1>Summit</h1> [/bold] ::error::meeting" in history


# -- Markdown: no HTML, no mention, no link but the sources' ----------------------------------


def _unescaped(markdown: str, characters: str) -> list[str]:
    """The characters of `characters` in `markdown` that no backslash escapes."""
    found, escaped = [], False
    for char in markdown:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in characters:
            found.append(char)
    return found


HEADLINE_LABELS = "`paris-2025-09-04 (2025-09-04)` → `paris-2026-01-06 (2026-01-06)`"  # diff's own code spans
SOURCE_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\\\]])*)\]\(<(?:\\.|[^\\>])*>\)")


@pytest.mark.parametrize("command", VIEWS, ids=lambda command: command[0])
def test_markdown_holds_no_html_mention_or_link_from_the_data(hostile: Path, command: list[str]) -> None:
    result = run(*command, "--data", str(hostile), "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = SOURCE_LINK.sub(r"\1", result.stdout)  # the sources' own links, the only ones
    assert "<" not in text.replace("<!-- -->", ""), text
    assert not re.search(r"[@#]\w", text), text
    assert not _unescaped(text.removeprefix(HEADLINE_LABELS), "[]`*$"), text
    assert "##[" not in text
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())


@needs_git
def test_the_pull_request_comment_holds_no_html_or_mention(tmp_path: Path) -> None:
    data = git_repository(tmp_path, HOSTILE)
    data.write_text(HOSTILE.replace("@team #1", "@org/admins <img src=x>"), encoding="utf-8")
    result = run("diff", "--rev", "HEAD", "--data", str(data), "--format", "markdown")
    text = SOURCE_LINK.sub(r"\1", result.stdout)
    assert "@<!-- -->org/admins &lt;img src=x&gt;" in text
    assert "<" not in text.replace("<!-- -->", "")
    assert not re.search(r"@\w", text)


# -- CSV: nothing a spreadsheet runs, unless asked --------------------------------------------


@pytest.mark.parametrize("command", VIEWS, ids=lambda command: command[0])
def test_no_csv_cell_starts_a_formula(hostile: Path, command: list[str]) -> None:
    result = run(*command, "--data", str(hostile), "--format", "csv")
    assert result.exit_code == 0, result.output
    cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
    assert cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_csv_raw_keeps_the_text_as_the_data_holds_it(hostile: Path) -> None:
    guarded = list(csv.DictReader(io.StringIO(run("show", "--all", "--data", str(hostile), "-f", "csv").stdout)))
    raw_output = run("show", "--all", "--data", str(hostile), "-f", "csv", "--csv-raw").stdout
    raw = list(csv.DictReader(io.StringIO(raw_output)))
    assert [row["summary"] for row in raw] == [
        "=1+2 ##[error]refused ::stop-commands::x `code` | pipe",
        "-5 million, @team",
        "+5 <script>alert(1)</script> @team #1 [/bold]",
    ]
    assert [row["summary"] for row in guarded] == [f"'{row['summary']}" for row in raw]
    assert raw[0]["notes"] == "first line\n::error::second line\n##[warning]third line"
    assert guarded[1]["quantity_low"] == raw[1]["quantity_low"] == "5000000"
    assert (guarded[1]["quantity_as_stated"], raw[1]["quantity_as_stated"]) == ("'=5*1000000 @team", "=5*1000000 @team")


def test_csv_raw_goes_with_csv_only(hostile: Path) -> None:
    result = run("show", "--data", str(hostile), "--csv-raw")
    assert result.exit_code == 2
    assert result.stderr == "error: --csv-raw goes with --format csv, not --format table\n"


# -- JSON: every value exactly, nothing a runner reads ----------------------------------------


def test_json_holds_the_text_exactly_and_no_bracket_command(hostile: Path) -> None:
    result = run("show", "--all", "--data", str(hostile), "--format", "json")
    assert "##[" not in result.stdout
    summaries = {record["id"]: record["summary"] for record in json.loads(result.stdout)}
    assert summaries["it-troops-1"] == "=1+2 ##[error]refused ::stop-commands::x `code` | pipe"


# -- output a stream refuses ----------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "arguments",
    [
        ["show", "--country", "Italy", "--format", "table"],
        ["show", "--country", "Italy", "--format", "json"],
        ["--help"],  # written by typer before any command runs
        ["show", "--help"],
    ],
)
def test_a_full_disk_is_one_line_and_exit_1(arguments: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "ledger", *arguments],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == "error: cannot write to standard output: No space left on device\n"


def test_a_closed_pipe_ends_quietly_with_exit_1() -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ledger", "show", "--country", "Italy"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (1, "")


class _Refusing(io.StringIO):
    """A stream whose disk is full."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def test_a_stream_that_refuses_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], hostile: Path
) -> None:
    monkeypatch.setattr(sys, "stdout", _Refusing())
    code = app(["show", "--data", str(hostile)], standalone_mode=False)
    assert code == 1
    assert capsys.readouterr().err == "error: cannot write to the output: No space left on device\n"


def test_a_refused_message_ends_without_a_word(monkeypatch: pytest.MonkeyPatch, hostile: Path) -> None:
    monkeypatch.setattr(sys, "stdout", _Refusing())
    monkeypatch.setattr(sys, "stderr", _Refusing())
    assert app(["show", "--data", str(hostile)], standalone_mode=False) == 1


def test_write_errors_name_the_stream() -> None:
    stream = _Refusing()
    with pytest.raises(terminal.WriteError) as raised:
        terminal.write("text", stream)
    assert raised.value.stream is stream
    assert not raised.value.closed_pipe
