"""`ledger report OUTDIR` writes only inside OUTDIR, whatever links or files were planted there."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ledger import folders
from ledger.report import MANIFEST, writing

from .support import MINIMAL, run

PAGES = {"index.html", "meetings/paris-2026-01-06.html", "parties/IT.html", "parties/NO.html"}
# Beside each table, its data as CSV and JSON (Norway has no commitments, so no table).
DOWNLOADS = {
    f"{stem}.{suffix}"
    for stem in ("commitments", "position", "summary", "meetings/paris-2026-01-06", "parties/IT")
    for suffix in ("csv", "json")
}
SECRET = b"the user's own file\n"


@pytest.fixture
def data(write_ledger: Callable[..., Path]) -> Path:
    return write_ledger(MINIMAL)


@pytest.fixture
def site(tmp_path: Path, data: Path) -> Path:
    """An earlier report of the small ledger."""
    outdir = tmp_path / "site"
    assert run("report", str(outdir), "--data", str(data)).exit_code == 0
    return outdir


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside any report, holding a file the report must never touch."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret").write_bytes(SECRET)
    return folder


def tree(root: Path) -> dict[str, object]:
    """Every entry under root: a link's target, a file's bytes, or that it is a folder."""
    found: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[name] = ("link", os.readlink(path))
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "folder"
    return found


def refused(outdir: Path, data: Path, tmp_path: Path) -> str:
    """Run the report, which must stop with one line and leave everything as it was."""
    before = tree(tmp_path)
    result = run("report", str(outdir), "--data", str(data))
    assert result.exit_code != 0
    assert result.stdout == ""
    assert tree(tmp_path) == before
    (line,) = result.stderr.splitlines()
    return line


def test_a_symlinked_manifest_stops_the_report(site: Path, outside: Path, data: Path, tmp_path: Path) -> None:
    (site / MANIFEST).unlink()
    (site / MANIFEST).symlink_to(outside / "secret")
    line = refused(site, data, tmp_path)
    assert (
        line
        == f"error: {site / MANIFEST} is a symbolic link; the report writes only inside {site}, never through a link"
    )
    assert (outside / "secret").read_bytes() == SECRET


def test_a_symlinked_sub_folder_stops_the_report(site: Path, outside: Path, data: Path, tmp_path: Path) -> None:
    shutil.rmtree(site / "meetings")
    (outside / "paris-2026-01-06.html").write_bytes(SECRET)
    (site / "meetings").symlink_to(outside)
    line = refused(site, data, tmp_path)
    assert (
        line
        == f"error: {site / 'meetings'} is a symbolic link; the report writes only inside {site}, never through a link"
    )
    assert (outside / "paris-2026-01-06.html").read_bytes() == SECRET


def test_a_symlinked_page_stops_the_report(site: Path, outside: Path, data: Path, tmp_path: Path) -> None:
    (site / "parties" / "IT.html").unlink()
    (site / "parties" / "IT.html").symlink_to(outside / "secret")
    line = refused(site, data, tmp_path)
    assert line.endswith(
        f"parties/IT.html is a symbolic link; the report writes only inside {site}, never through a link"
    )
    assert (outside / "secret").read_bytes() == SECRET


def test_a_stale_page_that_is_a_link_is_not_deleted_through(
    site: Path, outside: Path, data: Path, tmp_path: Path
) -> None:
    """The earlier report lists a page this one will not write: deleting it must not follow a link."""
    with (site / MANIFEST).open("a", encoding="utf-8") as manifest:
        manifest.write("parties/PT.html\n")
    (site / "parties" / "PT.html").symlink_to(outside / "secret")
    line = refused(site, data, tmp_path)
    assert line.endswith(
        f"parties/PT.html is a symbolic link; the report writes only inside {site}, never through a link"
    )
    assert (outside / "secret").read_bytes() == SECRET


def test_an_outdir_that_is_a_link_is_refused(site: Path, data: Path, tmp_path: Path) -> None:
    """Even to a folder holding an earlier report, which the report would otherwise replace."""
    link = tmp_path / "planted"
    link.symlink_to(site)
    line = refused(link, data, tmp_path)
    assert (
        line == f"error: {link} is a symbolic link; give the report's folder by a path that does not go through a link"
    )
    assert run("report", str(link), "--data", str(data)).exit_code == 2


def test_a_relative_outdir_is_not_reached_through_a_link(
    outside: Path, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("build").symlink_to(outside)
    line = refused(Path("build/site"), data, tmp_path)
    assert line == "error: build is a symbolic link; give the report's folder by a path that does not go through a link"
    assert [p.name for p in outside.iterdir()] == ["secret"]


def test_a_relative_outdir_is_created_folder_by_folder(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("report", "build/site", "--data", str(data)).exit_code == 0
    written = {n for n, kind in tree(tmp_path / "build" / "site").items() if kind != "folder"}
    assert written == PAGES | DOWNLOADS | {MANIFEST}


@pytest.mark.parametrize(
    ("plant", "message"),
    [
        pytest.param(lambda path: os.mkfifo(path), "exists and is not a regular file", id="fifo"),
        pytest.param(lambda path: path.mkdir(), "exists and is not a regular file", id="folder"),
    ],
)
def test_a_manifest_that_is_not_a_file_is_refused_without_waiting(
    plant: Callable[[Path], None], message: str, site: Path, data: Path, tmp_path: Path
) -> None:
    (site / MANIFEST).unlink()
    plant(site / MANIFEST)
    assert refused(site, data, tmp_path) == f"error: {site / MANIFEST} {message}"


def test_a_manifest_over_its_limit_is_refused(
    site: Path, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "_MANIFEST_LIMIT", 2**20)
    (site / MANIFEST).write_bytes(b"index.html\n" * (2**20 // 11 + 1))
    assert refused(site, data, tmp_path) == (f"error: {site / MANIFEST} is over 1 MiB; no report lists that many files")


def test_a_sub_folder_that_is_a_file_is_refused(site: Path, data: Path, tmp_path: Path) -> None:
    for page in (site / "parties").iterdir():
        page.unlink()
    (site / "parties").rmdir()
    (site / "parties").write_bytes(SECRET)
    assert refused(site, data, tmp_path) == f"error: {site / 'parties'} exists and is not a directory"


def test_a_page_is_replaced_whole_not_written_through_a_hard_link(
    site: Path, outside: Path, write_ledger: Callable[..., Path]
) -> None:
    os.link(site / "index.html", outside / "index-copy.html")
    before = (outside / "index-copy.html").read_bytes()
    renamed = write_ledger(MINIMAL.replace("name: Italy", "name: Italia"), "renamed.yaml")
    assert run("report", str(site), "--data", str(renamed)).exit_code == 0
    assert (site / "index.html").read_bytes() != before
    assert (outside / "index-copy.html").read_bytes() == before
    assert {n for n, kind in tree(site).items() if kind != "folder"} == PAGES | DOWNLOADS | {MANIFEST}


def test_a_run_stopped_half_way_leaves_a_folder_the_next_run_accepts(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list of files is written first, so a page already written is never a stranger."""
    outdir = tmp_path / "site"
    written: list[str] = []
    replace = folders.replace_file

    def fail_on_the_third(folder: int, name: str, text: bytes, mode: int) -> None:
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(name)
        replace(folder, name, text, mode)

    monkeypatch.setattr(folders, "replace_file", fail_on_the_third)
    stopped = run("report", str(outdir), "--data", str(data))
    assert stopped.stderr == f"error: cannot write the report into {outdir}: No space left on device\n"
    assert written == [MANIFEST, "commitments.csv", "commitments.json"]
    monkeypatch.setattr(folders, "replace_file", replace)
    assert run("report", str(outdir), "--data", str(data)).exit_code == 0
    assert {n for n, kind in tree(outdir).items() if kind != "folder"} == PAGES | DOWNLOADS | {MANIFEST}
