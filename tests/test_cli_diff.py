"""`ledger diff FROM TO`, `show --as-of` and `ledger history`, on a small ledger of lineages."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from .support import run
from .test_query import LINEAGES, NORWAY_SILENT

WriteLedger = Callable[..., Path]


@pytest.fixture
def data(write_ledger: WriteLedger) -> str:
    return str(write_ledger(LINEAGES))


def assert_gfm_tables(markdown: str) -> None:
    """Every table row has as many cells as its header, and a delimiter row follows each header."""
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("| change |"):
            width = len(re.findall(r"(?<!\\)\|", line))
            assert re.fullmatch(r"\|(---\|)+", lines[index + 1])
            for row in lines[index + 2 :]:
                if not row.startswith("|"):
                    break
                assert len(re.findall(r"(?<!\\)\|", row)) == width, row


# -- diff FROM TO --------------------------------------------------------------------------


def test_germany_moves_from_refusal_to_a_conditional_offer(data: str, golden: Callable[[str, str], None]) -> None:
    result = run("diff", "paris-2025-09-04", "paris-2026-01-06", "--country", "Germany", "-f", "markdown", "-d", data)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "`paris-2025-09-04 (2025-09-04)` → `paris-2026-01-06 (2026-01-06)`: commitments: 1 added, 1 changed"
    )
    assert "| changed | de-troops-2 | meeting | paris-2025-09-04 | paris-2026-01-06 |" in lines
    assert "|   |   | status | refused | conditional |" in lines
    assert "|   |   | location | — | neighbouring NATO territory |" in lines
    assert "|   |   | sources | [SZ](<https://example.org/sz>) | [OVB](<https://example.org/ovb>) |" in lines
    assert_gfm_tables(result.stdout)
    golden("diff.md", result.stdout)


def test_the_whole_comparison_as_a_table(data: str, golden: Callable[[str, str], None]) -> None:
    result = run("diff", "paris-2025-09", "paris-2026", "-d", data)
    assert result.exit_code == 0, result.stderr
    golden("diff.txt", result.stdout)


def test_dates_are_points_too_and_a_restatement_is_its_own_category(data: str) -> None:
    result = run("diff", "2025-09-30", "2025-12-31", "-f", "json", "-d", data)
    report = json.loads(result.stdout)
    assert (report["from"], report["to"]) == ("2025-09-30", "2025-12-31")
    counts = {"added": 0, "removed": 1, "changed": 0, "restated": 1, "unchanged": 2}
    assert report["summary"] == {"commitments": counts}
    assert [e["record"]["id"] for e in report["commitments"]["removed"]] == ["it-hub-1"]
    (restated,) = report["commitments"]["restated"]
    assert [f["field"] for f in restated["changes"]] == ["summary", "sources"]


def test_a_meeting_compared_with_itself_is_empty_and_exits_zero(data: str) -> None:
    result = run("diff", "paris-2026", "paris-2026-01-06", "--exit-code", "-d", data)
    assert result.exit_code == 0
    assert result.stdout == "paris-2026-01-06 (2026-01-06) → paris-2026-01-06 (2026-01-06): no changes (4 unchanged)\n"
    assert run("diff", "paris-2025-09", "paris-2026", "--exit-code", "-d", data).exit_code == 1


def test_a_reversed_diff_is_the_mirror_image(data: str) -> None:
    forward = json.loads(run("diff", "paris-2025-09", "paris-2026", "-f", "json", "-d", data).stdout)
    backward = json.loads(run("diff", "paris-2026", "paris-2025-09", "-f", "json", "-d", data).stdout)
    ahead, back = forward["commitments"], backward["commitments"]
    assert (back["added"], back["removed"], back["unchanged"]) == (ahead["removed"], ahead["added"], ahead["unchanged"])
    assert [(c["key"], [(f["field"], f["new"], f["old"]) for f in c["changes"]]) for c in back["changed"]] == [
        (c["key"], [(f["field"], f["old"], f["new"]) for f in c["changes"]]) for c in ahead["changed"]
    ]


def test_a_diff_from_a_later_point_says_it_reads_backwards(data: str) -> None:
    backward = run("diff", "2026-01-06", "paris-2025-09", "-f", "json", "-d", data)
    assert backward.exit_code == 0
    assert backward.stderr == "note: FROM is later than TO; the diff reads backwards\n"
    assert json.loads(backward.stdout)["summary"]["commitments"]["added"] == 1  # the withdrawn hub
    assert run("diff", "paris-2025-09", "2026-01-06", "-d", data).stderr == ""


def test_a_kind_filter_keeps_a_lineage_that_changed_kind(data: str) -> None:
    result = run("diff", "paris-2025-09", "paris-2026", "--kind", "troops", "-f", "csv", "-d", data)
    rows = result.stdout.splitlines()
    assert "commitments,BE,changed,be-troops-1,be-air-2,kind,troops,air" in rows
    assert not any(",added," in row or ",ended," in row for row in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["paris-2025-09"], "error: give two meetings or dates (FROM TO), or --rev A[..B]"),
        (["a", "b", "--rev", "HEAD"], "error: give either FROM TO or --rev, not both"),
        (["paris", "london"], "error: meeting 'paris' is ambiguous: it could be paris-2025-09-04, paris-2026-01-06"),
        (["paris-2025-09", "london", "--contry", "DE"], "error: no such option: --contry"),
        (["paris-2025-09", "london", "-c", "Atlantis"], "error: unknown country or organisation 'Atlantis'"),
    ],
)
def test_a_bad_command_line_is_one_line_and_exit_2(data: str, args: list[str], message: str) -> None:
    result = run("diff", *args, "-d", data)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""


def test_a_broken_data_file_is_reported_not_compared(write_ledger: WriteLedger) -> None:
    path = write_ledger(LINEAGES.replace("status: refused, summary: No troops", "status: maybe, summary: No troops"))
    result = run("diff", "paris-2025-09", "paris-2026", "-d", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"1 error in {path}"


# -- show --as-of ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("point", "ids"),
    [
        ("2025-09-03", []),
        ("london", ["be-troops-1", "de-troops-1", "es-troops-2"]),
        ("2099-01-01", ["be-air-2", "de-air-2", "de-troops-2", "es-troops-3"]),
    ],
)
def test_show_as_of_gives_the_position_then(data: str, point: str, ids: list[str]) -> None:
    result = run("show", "--as-of", point, "-f", "json", "-d", data)
    assert result.exit_code == 0, result.stderr
    assert [c["id"] for c in json.loads(result.stdout)] == ids


def test_show_as_of_an_impossible_date_is_a_usage_error(data: str) -> None:
    result = run("show", "--as-of", "2025-02-30", "-d", data)
    assert result.exit_code == 2
    assert result.stderr == "error: '2025-02-30' is not a valid date; write it as YYYY-MM-DD\n"


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--as-of", "error: '' is not a meeting id or a YYYY-MM-DD date"),
        ("--meeting", "error: the meeting is empty; give a meeting id or a unique prefix (see `ledger meetings`)"),
    ],
)
def test_an_empty_point_or_meeting_is_refused_not_ignored(data: str, option: str, message: str) -> None:
    result = run("show", option, "", "-d", data)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""


# -- history ---------------------------------------------------------------------------------


def test_history_shows_each_step_of_a_party(data: str, golden: Callable[[str, str], None]) -> None:
    markdown = run("history", "--country", "Spain", "-f", "markdown", "-d", data)
    assert markdown.exit_code == 0, markdown.stderr
    assert_gfm_tables(markdown.stdout)
    golden("history.md", markdown.stdout)
    table = run("history", "--country", "es", "-d", data)
    golden("history.txt", table.stdout)


def test_history_ends_a_withdrawn_lineage(data: str) -> None:
    report = json.loads(run("history", "-c", "Italy", "-f", "json", "-d", data).stdout)
    assert report["party"] == "IT"
    steps = [(s["date"], s["meetings"], s["summary"]["commitments"]) for s in report["steps"]]
    assert steps == [
        ("2025-09-04", ["paris-2025-09-04"], {"added": 1, "removed": 0, "changed": 0, "restated": 0, "unchanged": 0}),
        ("2025-10-24", ["london-2025-10-24"], {"added": 0, "removed": 1, "changed": 0, "restated": 0, "unchanged": 0}),
    ]
    rows = run("history", "-c", "Italy", "-f", "csv", "-d", data).stdout.splitlines()
    assert rows[0] == "date,meetings,change,key,id,field,old,new"
    assert rows[2] == '2025-10-24,london-2025-10-24,ended,it-hub-1,it-hub-1,,"hub, considering: A hub in Italy",'


def test_history_needs_a_known_country(data: str) -> None:
    result = run("history", "--country", "Narnia", "-d", data)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown country or organisation 'Narnia'")


def test_history_follows_one_party_and_refuses_a_second_country(data: str) -> None:
    result = run("history", "--country", "it", "--country", "es", "-d", data)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["error: history follows one party; --country was given 2 times"]
    assert result.stdout == ""


def test_history_of_a_party_without_commitments_says_so_in_every_format(write_ledger: WriteLedger) -> None:
    path = write_ledger(NORWAY_SILENT)
    line = f"Norway (NO): no commitments in {path}\n"
    for fmt in ("table", "markdown"):
        people = run("history", "-c", "Norway", "-f", fmt, "-d", str(path))
        assert (people.exit_code, people.stdout, people.stderr) == (0, line, "")
    tools = run("history", "-c", "NO", "-f", "json", "-d", str(path))
    assert (tools.exit_code, tools.stderr) == (0, line)
    assert json.loads(tools.stdout) == {"party": "NO", "party_name": "Norway", "steps": []}
    rows = run("history", "-c", "NO", "-f", "csv", "-d", str(path))
    assert (rows.exit_code, rows.stderr, rows.stdout.strip()) == (0, line, "")
