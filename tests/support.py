"""Helpers the tests import: the CLI runner, a small valid ledger and a later meeting for it, the
ledger a text holds, a throwaway git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from typer.testing import CliRunner, Result

from ledger.cli import app
from ledger.load.loader import load_bytes
from ledger.model.models import Ledger

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLDEN = Path(__file__).resolve().parent / "golden"

# A small, valid ledger that tests extend inline, so input and assertion stay together.
MINIMAL = """\
schema: 1
parties:
  - code: IT
    name: Italy
    kind: country
  - code: NO
    name: Norway
    kind: country
    aliases: [Norge]
meetings:
  - id: paris-2026-01-06
    date: 2026-01-06
    title: Coalition summit
    place: Paris
    format: in-person
    sources:
      - url: https://example.org/m
        publisher: Example
        reliability: official
commitments:
  - id: it-troops
    party: IT
    meeting: paris-2026-01-06
    kind: troops
    status: refused
    summary: No Italian troops on the ground
    sources:
      - url: https://example.org/a
        publisher: Example
        reliability: major
"""

# A later meeting for MINIMAL: put it before `commitments:` when a test needs two meetings.
ROME_MEETING = """\
  - id: rome-2026-02-24
    date: 2026-02-24
    title: Second summit
    place: Rome
    format: virtual
    sources:
      - url: https://example.org/r
        publisher: Example
        reliability: official
"""


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Invoke `ledger ARGS` in-process; crashes surface as exceptions, not exit codes."""
    runner = CliRunner()
    return runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False, prog_name="ledger")


def ledger_of(text: str) -> Ledger:
    """The ledger `text` holds; the test fails, listing the errors, when it holds none."""
    result = load_bytes(text.encode(), name="t.yaml")
    assert result.ledger is not None, [str(d) for d in result.errors]
    return result.ledger


def git_repository(folder: Path, text: str) -> Path:
    """A git repository holding the ledger `text` in one commit; returns the data file."""
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data" / "commitments.yaml"
    data.parent.mkdir(exist_ok=True)
    data.write_text(text, encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q", str(folder)], check=True)
    subprocess.run([*git, "-C", str(folder), "add", "."], check=True)
    subprocess.run([*git, "-C", str(folder), "commit", "-q", "-m", "ledger"], check=True)
    return data
