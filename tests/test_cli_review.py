"""`ledger diff --rev`, read as a reviewer reads a pull request: what each new or changed
commitment rests on, restatements apart from changes, long sections folded in Markdown."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .support import MINIMAL, git_repository, run

BASE = MINIMAL.replace(
    "commitments:\n",
    """\
  - id: rome-2026-02-01
    date: 2026-02-01
    title: Follow-up
    place: Rome
    format: in-person
    sources:
      - url: https://example.org/rome
        publisher: Example
        reliability: official
commitments:
""",
)
LATER = """\
  - id: it-troops-2
    party: IT
    meeting: rome-2026-02-01
    kind: troops
    status: conditional
    summary: Italian troops only under a UN mandate
    supersedes: it-troops
    sources:
      - url: https://example.org/later-report
        publisher: Corriere
        reliability: major
"""


pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """BASE committed; the tests edit the working tree and compare it with HEAD."""
    return git_repository(tmp_path, BASE)


def review(data: Path, *options: str) -> str:
    result = run("diff", "--rev", "HEAD", "--data", str(data), *options, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_an_added_commitment_shows_its_sources_and_what_it_supersedes(repository: Path) -> None:
    repository.write_text(BASE + LATER, encoding="utf-8")
    markdown = review(repository, "--format", "markdown")
    assert "| added | it-troops-2 |   |   | troops, conditional: Italian troops only under a UN mandate |" in markdown
    assert "|   |   | supersedes | — | it-troops |" in markdown
    assert "|   |   | sources | — | [Corriere](<https://example.org/later-report>) |" in markdown
    table = review(repository)
    assert "Corriere https://example.org/later-report" in table
    csv = review(repository, "--format", "csv").splitlines()
    assert "commitments,IT,added,it-troops-2,it-troops-2,sources,,Corriere https://example.org/later-report" in csv


def test_new_wording_and_sources_alone_are_restated_not_changed(repository: Path) -> None:
    reworded = BASE.replace("No Italian troops on the ground", "Italy will send no ground troops").replace(
        "https://example.org/a", "https://example.org/b"
    )
    repository.write_text(reworded, encoding="utf-8")
    report = json.loads(review(repository, "--format", "json"))
    assert report["summary"]["commitments"] == {"added": 0, "removed": 0, "changed": 0, "restated": 1, "unchanged": 0}
    (restated,) = report["commitments"]["restated"]
    assert [f["field"] for f in restated["changes"]] == ["summary", "sources"]
    table = review(repository)
    assert table.splitlines()[0].endswith("commitments: 1 restated")
    assert "restated  it-troops" in table
    assert "Example https://example.org/a" in table and "Example https://example.org/b" in table


def test_a_change_of_position_keeps_its_sources_in_view(repository: Path) -> None:
    repository.write_text(BASE.replace("status: refused", "status: considering"), encoding="utf-8")
    markdown = review(repository, "--format", "markdown")
    assert "| changed | it-troops | status | refused | considering |" in markdown
    link = "[Example](<https://example.org/a>)"
    assert f"|   |   | sources | {link} | {link} |" in markdown


def test_a_long_section_folds_under_its_escaped_title_in_markdown(repository: Path) -> None:
    hostile = BASE.replace("name: Italy", 'name: "Italy <script>*x*</script> @someone"')
    many = "".join(
        LATER.replace("it-troops-2", f"it-aid-{n}")
        .replace("kind: troops", "kind: aid")
        .replace("supersedes: it-troops", "supersedes: null")
        for n in range(6)
    )
    repository.write_text(hostile + many, encoding="utf-8")
    markdown = review(repository, "--format", "markdown")
    summary = next(line for line in markdown.splitlines() if line.startswith("<details>"))
    assert summary == (
        "<details><summary>Italy &lt;script&gt;&#42;x&#42;&lt;/script&gt; @<!-- -->someone (IT) (13 rows)</summary>"
    )
    assert markdown.count("</details>") == 1
    assert "<script>" not in markdown


def test_a_short_section_keeps_its_heading(repository: Path) -> None:
    repository.write_text(BASE + LATER, encoding="utf-8")
    markdown = review(repository, "--format", "markdown")
    assert "### Italy (IT)" in markdown and "<details>" not in markdown
