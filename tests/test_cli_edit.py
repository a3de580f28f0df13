"""`ledger fmt` and `ledger add` from the command line: what they write, print and refuse."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ledger import cli_edit
from ledger.edit import storage
from ledger.load.loader import load_bytes

from .support import MINIMAL, ROME_MEETING, ROOT, git_repository, run

SHIPPED = ROOT / "data" / "commitments.yaml"
WriteLedger = Callable[..., Path]

# MINIMAL with an aid entry written before the troops entry it should follow: out of canonical order.
OUT_OF_ORDER = MINIMAL.replace(
    "commitments:\n",
    """\
commitments:
  - id: it-aid
    party: IT
    meeting: paris-2026-01-06
    kind: aid
    status: refused
    summary: No
    sources:
      - url: https://example.org/b
        publisher: Example
        reliability: major
""",
)

# A test entry for Italy at the 24 February 2026 meeting. It lives only in a temporary copy of
# the shipped file: example.org is no source, and the summary says it is a test.
TEST_URL = "https://example.org/test-entry"
ITALY = (
    *("--country", "Italy", "--meeting", "2026-02-24", "--kind", "troops", "--status", "refused"),
    *("--summary", "Test entry: no Italian troops", "--url", TEST_URL, "--publisher", "Example"),
    *("--reliability", "major", "--date", "2026-02-24"),
)


def italy(*changes: str) -> list[str]:
    """ITALY's options with some of them given other values."""
    options = dict(zip(ITALY[::2], ITALY[1::2], strict=True)) | dict(zip(changes[::2], changes[1::2], strict=True))
    return [part for pair in options.items() for part in pair]


# -- ledger fmt ---------------------------------------------------------------------------------


def test_the_shipped_file_is_in_canonical_layout() -> None:
    result = run("fmt", "--check", "--data", str(SHIPPED))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"{SHIPPED}: already in canonical layout\n"


def test_check_names_what_would_change_and_writes_nothing(write_ledger: WriteLedger) -> None:
    path = write_ledger(OUT_OF_ORDER)
    result = run("fmt", "--check", "--data", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path} is not in canonical layout: 16 lines added, 11 removed; "
        "1 commitment out of place (it-troops); `ledger fmt` rewrites it\n"
    )
    assert path.read_text(encoding="utf-8") == OUT_OF_ORDER


def test_diff_prints_the_change_and_writes_nothing(write_ledger: WriteLedger) -> None:
    path = write_ledger(OUT_OF_ORDER)
    result = run("fmt", "--diff", "--data", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"--- a/{path}\n+++ b/{path}\n@@ ")
    assert "\n+  # ---- 2026-01-06: Coalition summit (Paris) ----\n" in result.stdout
    assert result.stderr.startswith(f"{path}: not written (16 lines added, 11 removed; 1 commitment out of place")
    assert path.read_text(encoding="utf-8") == OUT_OF_ORDER
    checked = run("fmt", "--check", "--diff", "--data", str(path))
    assert (checked.exit_code, checked.stdout) == (1, result.stdout)


def test_fmt_rewrites_once_and_then_changes_nothing(write_ledger: WriteLedger) -> None:
    path = write_ledger(OUT_OF_ORDER)
    before = load_bytes(OUT_OF_ORDER.encode(), name="t.yaml").ledger
    first = run("fmt", "--data", str(path))
    assert (first.exit_code, first.stdout) == (0, "")
    assert first.stderr.startswith(f"{path}: rewritten in canonical layout (16 lines added, 11 removed;")
    text = path.read_text(encoding="utf-8")
    assert text.index("id: it-troops") < text.index("id: it-aid")
    after = load_bytes(text.encode(), name="t.yaml").ledger
    assert after is not None and before is not None
    assert {c.id: c for c in after.commitments} == {c.id: c for c in before.commitments}

    second = run("fmt", "--data", str(path))
    assert second.stderr == f"{path}: already in canonical layout\n"
    assert path.read_text(encoding="utf-8") == text
    assert run("fmt", "--check", "--data", str(path)).exit_code == 0


def test_a_file_with_errors_is_not_formatted(write_ledger: WriteLedger) -> None:
    path = write_ledger(MINIMAL.replace("party: IT", "party: XX"))
    result = run("fmt", "--data", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: cannot format {path} until its errors are fixed: "
        f"{path}:22:12: error[unknown-party] party 'XX' is not defined\n"
    )


# -- ledger add ---------------------------------------------------------------------------------


def test_an_italian_position_is_added_checked_and_shown_to_the_reviewer(tmp_path: Path) -> None:
    data = git_repository(tmp_path / "repo", SHIPPED.read_text(encoding="utf-8"))
    ledger = load_bytes(data.read_bytes(), name="shipped").ledger
    assert ledger is not None
    meeting = next(m for m in ledger.meetings if str(m.date) == "2026-02-24")
    new_id = f"it-troops-{meeting.id}"  # <party>-<kind>-<meeting>, as the data's ids read
    earlier = "it-troops-paris-2026-01-06"  # Italy's troops position before it: a refusal in Paris
    assert next(c for c in ledger.commitments if c.id == earlier).party == "IT"

    added = run("add", *italy("--country", "Italia"), "--data", str(data))

    assert added.exit_code == 0, added.stderr
    assert added.stderr == (
        f"supersedes {earlier}: Italy's troops position before {meeting.id} (refused); "
        "to change that, give --supersedes ID or --new-lineage\n"
        f"added {new_id} to {data}\n"
    )
    entry, _, diff = added.stdout.partition("\n\n")
    assert entry.splitlines()[0] == f"  - id: {new_id}"
    assert f"    supersedes: {earlier}" in entry.splitlines()
    assert diff.startswith(f"--- a/{data}\n+++ b/{data}\n")
    assert [line[1:] for line in diff.splitlines() if line.startswith("+ ")] == entry.splitlines()

    text = data.read_text(encoding="utf-8")
    after = load_bytes(text.encode(), name="t.yaml").ledger
    assert after is not None
    ids = [c.id for c in after.commitments]
    place = ids.index(new_id)  # among the meeting's commitments, after the coalition's, before Ukraine's
    assert [after.commitments[place - 1].party, after.commitments[place + 1].party] == ["COALITION", "UA"]
    assert {after.commitments[place - 1].meeting, after.commitments[place + 1].meeting} == {meeting.id}
    assert text.rindex("# ---- 2026-02-24:") < text.index(f"- id: {new_id}")

    assert run("check", "--data", str(data)).exit_code == 0
    assert run("fmt", "--check", "--data", str(data)).exit_code == 0
    reviewed = json.loads(run("diff", "--rev", "HEAD", "--data", str(data), "--format", "json").stdout)
    assert reviewed["summary"]["commitments"]["added"] == 1
    record = reviewed["commitments"]["added"][0]["record"]
    assert (record["id"], record["supersedes"], record["sources"][0]["url"]) == (new_id, earlier, TEST_URL)
    markdown = run("diff", "--rev", "HEAD", "--data", str(data), "--format", "markdown").stdout
    assert f"| added | {new_id} |" in markdown
    assert f"|   |   | supersedes | — | {earlier} |" in markdown
    assert f"|   |   | sources | — | [Example](<{TEST_URL}>) |" in markdown
    table = run("diff", "--rev", "HEAD", "--data", str(data), env={"COLUMNS": "120"}).stdout
    assert TEST_URL in table and earlier in table


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (("--country", "Atlantis"), "unknown country or organisation 'Atlantis'"),
        (("--url", "ftp://example.org/x"), "source URL 'ftp://example.org/x' is not a web address"),
        (("--meeting", "cop99"), "unknown meeting 'cop99'"),
        (("--quantity", "many", "--unit", "troops", "--as-stated", "many"), "quantity 'many' is not LOW"),
        (("--supersedes", "no-troops"), "error: the entry was not added to"),
    ],
)
def test_a_failing_add_writes_nothing_and_says_why_in_one_line(
    write_ledger: WriteLedger, changes: tuple[str, ...], message: str
) -> None:
    path = write_ledger(MINIMAL.replace("date: 2026-01-06", "date: 2026-02-24"))
    before = path.read_bytes()
    result = run("add", *italy(*changes), "--data", str(path))
    assert result.exit_code == (1 if "not added" in message else 2)
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""
    assert path.read_bytes() == before


def test_missing_values_are_named_when_no_one_can_be_asked(write_ledger: WriteLedger) -> None:
    path = write_ledger()
    result = run("add", "--country", "Italy", "--quantity", "5", "--quote", "no", "--data", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        "error: ledger add needs --meeting, --kind, --status, --summary, --url, --publisher, --reliability, "
        "--unit, --as-stated, --lang (run in a terminal, it asks for them)\n"
    )
    assert path.read_text(encoding="utf-8") == MINIMAL


def test_in_a_terminal_it_asks_until_an_answer_fits(write_ledger: WriteLedger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_edit, "_interactive", lambda: True)
    path = write_ledger(MINIMAL.replace("date: 2026-01-06", "date: 2026-02-24"))
    answers = ["Itlay", "Norge", "paris", "troop", "troops", "considering", "Test entry: Norway might", ""]
    answers += ["https://example.org/n", "Example", "official"]
    result = run("add", "--data", str(path), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "Error: unknown country or organisation 'Itlay'; did you mean 'Italy'?" in result.stderr
    assert "Error: --kind: 'troop' is not one of troops, hub," in result.stderr
    assert "did you mean 'troops'?" in result.stderr
    assert "Country or organisation (code, name or alias):" in result.stderr
    assert "a new lineage: Norway had no troops position before paris-2026-01-06\n" in result.stderr
    added = load_bytes(path.read_bytes(), name="t.yaml").ledger
    assert added is not None
    new = next(c for c in added.commitments if c.party == "NO")
    assert (new.id, new.summary, new.supersedes) == ("no-troops-paris-2026-01-06", "Test entry: Norway might", None)


_ITALIAN_TROOPS = MINIMAL[MINIMAL.index("  - id: it-troops") :]
_TWO_ITALIAN_TROOPS = MINIMAL + _ITALIAN_TROOPS.replace("id: it-troops", "id: it-troops-b")


def test_several_positions_it_might_revise_are_a_choice(
    write_ledger: WriteLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_ledger(_TWO_ITALIAN_TROOPS.replace("commitments:\n", ROME_MEETING + "commitments:\n"))
    options = [*italy("--meeting", "rome"), "--data", str(path)]
    refused = run("add", *options)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "error: Italy had 2 troops positions before rome-2026-02-24 (it-troops, it-troops-b); say which one the "
        "entry supersedes, or that it starts a new lineage: --supersedes ID or --new-lineage\n"
    )
    monkeypatch.setattr(cli_edit, "_interactive", lambda: True)
    chosen = run("add", *options, "--dry-run", input="it-troops-c\nit-troops-b\n")
    assert chosen.exit_code == 0, chosen.stderr
    assert "Error: give one of it-troops, it-troops-b, or new" in chosen.stderr
    assert "    supersedes: it-troops-b\n" in chosen.stdout
    fresh = run("add", *options, "--new")
    assert fresh.exit_code == 0
    assert "supersedes" not in fresh.stdout
    assert "it-troops-rome-2026-02-24" in path.read_text(encoding="utf-8")


def test_dry_run_prints_the_entry_and_diff_and_writes_nothing(write_ledger: WriteLedger) -> None:
    path = write_ledger(OUT_OF_ORDER.replace("date: 2026-01-06", "date: 2026-02-24"))
    result = run("add", *italy("--kind", "air", "--reliability", "aggregator"), "--dry-run", "--data", str(path))
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == OUT_OF_ORDER.replace("date: 2026-01-06", "date: 2026-02-24")
    assert result.stdout.startswith("  - id: it-air-paris-2026-01-06\n    party: IT\n")
    assert f"\n--- a/{path}\n+++ b/{path}\n" in result.stdout
    assert result.stderr.splitlines() == [
        "a new lineage: Italy had no air position before paris-2026-01-06",
        "note: the file was not in canonical layout, so the diff holds `ledger fmt`'s changes too",
        f"{path}:43:7: warning[aggregator-only] 'it-air-paris-2026-01-06' rests on aggregator sources only",
        f"dry run: {path} is unchanged",
    ]


def test_a_file_changed_meanwhile_is_not_overwritten(
    write_ledger: WriteLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = MINIMAL.replace("date: 2026-01-06", "date: 2026-02-24")
    path = write_ledger(text)
    reads = iter([text, text + "# edited meanwhile\n"])
    monkeypatch.setattr(storage, "read_text", lambda _: next(reads))
    result = run("add", *italy("--kind", "air"), "--data", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: {path} changed while the entry was prepared; nothing was written, run ledger add again"
    )
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("command", [["fmt"], ["add", *ITALY, "--dry-run"]])
def test_the_copy_shipped_with_ledger_is_not_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no data/commitments.yaml here: commands that read use the shipped copy
    result = run(*command)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert result.stderr.endswith(
        " is the copy shipped with ledger, not a file to edit; "
        "give --data PATH, or run in the folder that holds data/commitments.yaml\n"
    )
    assert len(result.stderr.splitlines()) == 1
    assert run("show", "--country", "Italy").exit_code == 0
