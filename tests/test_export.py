"""`ledger export sqlite`: the database holds what `ledger show` says, its keys hold, search finds
words, and it is written only where named and never over someone else's file."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from ledger import folders
from ledger.core import query, summary
from ledger.export.sqlite import APPLICATION_ID
from ledger.load.result import load_path
from ledger.model.models import Commitment, Ledger

from .support import MINIMAL, ROOT, run

DATA = ROOT / "data" / "commitments.yaml"

# Italy revises its refusal; Norway considers troops, then withdraws, which ends that lineage.
LINEAGE = """\
schema: 1
parties:
  - {code: IT, name: Italy, kind: country}
  - {code: NO, name: Norway, kind: country, aliases: [Norge]}
meetings:
  - id: paris-2025-09-04
    date: 2025-09-04
    title: Coalition summit
    place: Paris
    format: hybrid
    hosts: [IT]
    attendees: [{name: A. Person, role: Prime Minister, party: NO}]
    documents: [{title: Declaration, signatories: [IT, NO]}]
    sources: [{url: https://example.org/s, publisher: Example, reliability: official}]
  - id: paris-2026-01-06
    date: 2026-01-06
    title: Coalition summit
    place: Paris
    format: in-person
    sources: [{url: https://example.org/m, publisher: Example, reliability: official}]
commitments:
  - id: it-troops
    party: IT
    meeting: paris-2025-09-04
    kind: troops
    status: refused
    summary: No Italian troops on the ground
    sources: [{url: https://example.org/a, publisher: Example, reliability: major}]
  - id: it-troops-2
    party: IT
    meeting: paris-2026-01-06
    kind: troops
    status: conditional
    summary: Italy would send trainers after a ceasefire
    quantity: {low: 100, high: null, unit: troops, as_stated: at least a hundred}
    conditions: [a ceasefire, a UN mandate]
    supersedes: it-troops
    sources: [{url: https://example.org/b, publisher: Example, reliability: major}]
  - id: no-troops
    party: NO
    meeting: paris-2025-09-04
    kind: troops
    status: considering
    summary: Norway is open to sending troops
    sources: [{url: https://example.org/c, publisher: Example, reliability: major}]
  - id: no-troops-2
    party: NO
    meeting: paris-2026-01-06
    kind: troops
    status: withdrawn
    summary: Norway no longer offers troops
    supersedes: no-troops
    sources: [{url: https://example.org/d, publisher: Example, reliability: major}]
  - id: no-guarantee
    party: NO
    meeting: paris-2026-01-06
    kind: guarantee
    status: committed
    summary: Norway backs a guarantee
    quote: {text: "a pledge like Article 5", lang: en}
    notes: Said at the press conference.
    sources: [{url: https://example.org/e, publisher: Example, reliability: official}]
    disputed:
      - reason: Another paper says the pledge was narrower
        sources: [{url: https://example.org/f, publisher: Other, reliability: major}]
"""

COMPARED = ("id", "party", "party_name", "meeting", "date", "stated_on", "kind", "status", "summary", "uncertain")
"""The columns of the position views that `ledger show --format json` has under the same name."""


def export(data: Path, path: Path) -> sqlite3.Connection:
    result = run("export", "sqlite", str(path), "--data", str(data))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    return connection


def view(connection: sqlite3.Connection, sql: str, *parameters: str) -> list[dict[str, Any]]:
    return [{name: row[name] for name in COMPARED} for row in connection.execute(sql, parameters)]


def core_rows(ledger: Ledger, commitments: list[Commitment] | tuple[Commitment, ...]) -> list[dict[str, Any]]:
    """What the position views should hold, from the core's own records."""
    names = {p.code: p.name for p in ledger.parties}
    dates = {m.id: m.date.isoformat() for m in ledger.meetings}
    return [
        {**c.model_dump(mode="json", include=set(COMPARED)), "party_name": names[c.party], "date": dates[c.meeting]}
        for c in commitments
    ]


def shown_current(ledger: Ledger, data: Path) -> list[dict[str, Any]]:
    """`ledger show --format json`, cut to the entries nothing has replaced by the latest meeting
    (`query.superseded_by`) and not withdrawn: the current position whether `show` lists every
    entry or only the current ones by default."""
    result = run("show", "--format", "json", "--data", str(data))
    assert result.exit_code == 0, result.stderr
    successors = query.superseded_by(ledger, summary.latest_date(ledger))
    return [
        {name: record.get(name) for name in COMPARED}
        for record in json.loads(result.stdout)
        if successors[record["id"]] is None and record["status"] != "withdrawn"
    ]


def test_the_current_position_view_is_what_show_and_the_core_call_current(tmp_path: Path) -> None:
    ledger = load_path(DATA).ledger
    assert ledger is not None
    with closing(export(DATA, tmp_path / "ledger.db")) as connection:
        current = view(connection, "SELECT * FROM current_position")
    assert current == core_rows(ledger, query.as_of(ledger, summary.latest_date(ledger)))  # type: ignore[arg-type]
    assert current == shown_current(ledger, DATA)
    assert len(current) < len(ledger.commitments)  # superseded entries are left out


def test_the_position_as_of_each_meeting_is_the_cores(tmp_path: Path) -> None:
    ledger = load_path(DATA).ledger
    assert ledger is not None
    with closing(export(DATA, tmp_path / "ledger.db")) as connection:
        for meeting in ledger.meetings:
            held = view(connection, "SELECT * FROM position_as_of WHERE as_of = ?", meeting.id)
            assert held == core_rows(ledger, query.as_of(ledger, query.MeetingDay.of(meeting.date))), meeting.id


def test_a_withdrawal_ends_its_lineage_and_a_revision_replaces_the_entry(
    write_ledger: Callable[..., Path], tmp_path: Path
) -> None:
    data = write_ledger(LINEAGE)
    with closing(export(data, tmp_path / "ledger.db")) as connection:
        current = connection.execute("SELECT id, quantity_low, conditions, disputes FROM current_position").fetchall()
        first = connection.execute("SELECT id FROM position_as_of WHERE as_of = 'paris-2025-09-04'").fetchall()
        lineage = connection.execute("SELECT * FROM lineage ORDER BY commitment").fetchall()
    assert [tuple(row) for row in current] == [
        ("it-troops-2", 100, "a ceasefire | a UN mandate", 0),
        ("no-guarantee", None, None, 1),
    ]
    assert [row["id"] for row in first] == ["it-troops", "no-troops"]
    assert [tuple(row) for row in lineage] == [
        ("it-troops", "it-troops", 0, "it-troops-2"),
        ("it-troops-2", "it-troops", 1, None),
        ("no-guarantee", "no-guarantee", 0, None),
        ("no-troops", "no-troops", 0, "no-troops-2"),
        ("no-troops-2", "no-troops", 1, None),
    ]


def test_every_foreign_key_holds_and_is_declared(tmp_path: Path) -> None:
    with closing(export(DATA, tmp_path / "ledger.db")) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        declared = connection.execute("SELECT count(*) FROM pragma_foreign_key_list('sources')").fetchone()[0]
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert declared == 3


def test_a_broken_key_would_be_found(write_ledger: Callable[..., Path], tmp_path: Path) -> None:
    with closing(export(write_ledger(LINEAGE), tmp_path / "ledger.db")) as connection:
        connection.execute("UPDATE commitments SET party = 'ZZ' WHERE id = 'no-troops'")
        assert [tuple(row)[:3] for row in connection.execute("PRAGMA foreign_key_check")] == [
            ("commitments", 3, "parties")
        ]


def test_full_text_search_finds_article_5_in_summaries_quotes_and_notes(
    write_ledger: Callable[..., Path], tmp_path: Path
) -> None:
    search = (
        "SELECT c.id FROM commitments_fts JOIN commitments AS c ON c.rowid = commitments_fts.rowid "
        "WHERE commitments_fts MATCH ? ORDER BY c.id"
    )
    with closing(export(DATA, tmp_path / "ledger.db")) as connection:
        found = [row["id"] for row in connection.execute(search, ['"Article 5"'])]
    assert "it-guarantee-paris-2026-01-06" in found
    with closing(export(write_ledger(LINEAGE), tmp_path / "small.db")) as connection:
        assert [row["id"] for row in connection.execute(search, ['"Article 5"'])] == ["no-guarantee"]
        assert [row["id"] for row in connection.execute(search, ["conference"])] == ["no-guarantee"]


def test_lists_become_rows_in_the_files_order(write_ledger: Callable[..., Path], tmp_path: Path) -> None:
    with closing(export(write_ledger(LINEAGE), tmp_path / "ledger.db")) as connection:
        tables = {
            name: [tuple(row) for row in connection.execute(f"SELECT * FROM {name}")]
            for name in ("party_aliases", "meeting_hosts", "attendees", "signatories", "disputes")
        }
        sources = connection.execute("SELECT commitment, meeting, dispute, url FROM sources WHERE id > 6").fetchall()
    assert tables == {
        "party_aliases": [("NO", 0, "Norge")],
        "meeting_hosts": [("paris-2025-09-04", 0, "IT")],
        "attendees": [("paris-2025-09-04", 0, "A. Person", "Prime Minister", "NO")],
        "signatories": [("paris-2025-09-04", 0, 0, "IT"), ("paris-2025-09-04", 0, 1, "NO")],
        "disputes": [(1, "no-guarantee", None, 0, "Another paper says the pledge was narrower")],
    }
    assert [tuple(row) for row in sources] == [
        ("no-guarantee", None, None, "https://example.org/e"),
        (None, None, 1, "https://example.org/f"),
    ]


def test_an_earlier_export_is_replaced_whole(write_ledger: Callable[..., Path], tmp_path: Path) -> None:
    path = tmp_path / "out" / "ledger.db"
    export(write_ledger(MINIMAL), path).close()
    with closing(export(write_ledger(LINEAGE), path)) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("SELECT count(*) FROM commitments").fetchone()[0] == 5
    assert sorted(os.listdir(path.parent)) == ["ledger.db", "ledger.metadata.json"]  # no temporary file left


def refused(*args: str) -> tuple[int, str]:
    """Run `ledger ARGS`, which must stop with one line on stderr and nothing on stdout."""
    result = run(*args)
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    return result.exit_code, line


def test_a_file_that_is_not_an_earlier_export_is_kept_without_force(
    write_ledger: Callable[..., Path], tmp_path: Path
) -> None:
    data = write_ledger(MINIMAL)
    other = tmp_path / "theirs.db"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
    before = other.read_bytes()
    assert refused("export", "sqlite", str(other), "--data", str(data)) == (
        2,
        f"error: {other} exists and is not an earlier ledger export; give a new path, or --force to replace it",
    )
    assert other.read_bytes() == before
    assert not (tmp_path / "theirs.metadata.json").exists()
    assert run("export", "sqlite", str(other), "--force", "--data", str(data)).exit_code == 0
    with closing(sqlite3.connect(other)) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_metadata_file_beside_a_new_database_is_kept_without_force(
    write_ledger: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "ledger.metadata.json").write_text("{}")
    path = tmp_path / "ledger.db"
    assert refused("export", "sqlite", str(path), "--data", str(write_ledger(MINIMAL))) == (
        2,
        f"error: {tmp_path / 'ledger.metadata.json'} exists beside a new database; "
        "give a new path, or --force to replace it",
    )
    assert not path.exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda p: p.mkdir(), "{path} exists and is not a regular file", id="folder"),
        pytest.param(
            lambda p: p.symlink_to(p.parent / "elsewhere.db"),
            "{path} is a symbolic link; the export never writes through a link",
            id="link",
        ),
        pytest.param(
            lambda p: (p.parent / "ledger.metadata.json").symlink_to(p.parent / "elsewhere.json"),
            "{folder}/ledger.metadata.json is a symbolic link; the export never writes through a link",
            id="metadata-link",
        ),
    ],
)
def test_a_path_that_cannot_be_the_database_is_one_line_even_with_force(
    make: Callable[[Path], object], message: str, write_ledger: Callable[..., Path], tmp_path: Path
) -> None:
    path = tmp_path / "ledger.db"
    make(path)
    code, line = refused("export", "sqlite", str(path), "--force", "--data", str(write_ledger(MINIMAL)))
    assert (code, line) == (2, "error: " + message.format(path=path, folder=tmp_path))
    assert not (tmp_path / "elsewhere.db").exists()
    assert not (tmp_path / "elsewhere.json").exists()


def test_bad_paths_and_data_end_in_one_line(write_ledger: Callable[..., Path], tmp_path: Path) -> None:
    data = write_ledger(MINIMAL)
    afile = tmp_path / "afile"
    afile.write_text("")
    assert refused("export", "sqlite", str(afile / "ledger.db"), "--data", str(data)) == (
        2,
        f"error: {afile} exists and is not a directory",
    )
    assert refused("export", "sqlite", "/", "--data", str(data)) == (
        2,
        "error: / names no file; give the database's file name, such as ledger.db",
    )
    missing = tmp_path / "missing.yaml"
    assert refused("export", "sqlite", str(tmp_path / "x.db"), "--data", str(missing)) == (
        2,
        f"error: {missing}: no such file",
    )
    broken = write_ledger(MINIMAL.replace("kind: troops", "kind: troop"))
    result = run("export", "sqlite", str(tmp_path / "x.db"), "--data", str(broken))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"1 error in {broken}"
    assert not (tmp_path / "x.db").exists()


def test_a_disk_that_refuses_the_write_is_one_line_and_exit_1(
    write_ledger: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(folders, "replace_file", full)
    path = tmp_path / "ledger.db"
    assert refused("export", "sqlite", str(path), "--data", str(write_ledger(MINIMAL))) == (
        1,
        f"error: cannot write {path}: No space left on device",
    )


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 command-line shell is not installed")
def test_the_readme_exporting_section_prints_what_it_shows(tmp_path: Path) -> None:
    """README's examples of exporting, run one after another in an empty folder (they write files),
    with the shell the page uses; the data is the repository's."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## Exporting\n")[1].split("\n## ")[0]
    (block,) = re.findall(r"```console\n(.*?)```", section, re.S)
    examples = [part.partition("\n") for part in re.split(r"^\$ ", block, flags=re.M)[1:]]
    assert [command.split()[:3] for command, _, _ in examples] == [
        ["ledger", "export", "sqlite"],
        ["sqlite3", "-header", "ledger.db"],
        ["sqlite3", "ledger.db", '"SELECT'],
        ["ledger", "export", "datapackage"],
    ]
    for command, _, shown in examples:
        line = re.sub(r"^ledger ", f"{sys.executable} -m ledger ", command)
        env = os.environ | {"LEDGER_DATA": str(ROOT / "data" / "commitments.yaml")}
        done = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
        assert done.stdout + done.stderr == shown, command
