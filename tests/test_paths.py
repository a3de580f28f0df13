"""Which data file a command reads when none is named: the one being edited, as git finds files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.errors import UsageError
from ledger.paths import DataFile, find_data_file

from .support import MINIMAL, run


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A git work tree (a `.git` folder is all it takes) holding a data file, outside any other tree."""
    if any((folder / ".git").exists() for folder in tmp_path.parents):
        pytest.skip("the temporary folder is inside a git work tree")
    (tmp_path / "tree" / ".git").mkdir(parents=True)
    data = tmp_path / "tree" / "data"
    data.mkdir()
    (data / "commitments.yaml").write_text(MINIMAL, encoding="utf-8")
    return tmp_path / "tree"


def test_a_nested_folder_finds_the_file_of_its_work_tree(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nested = tree / "docs" / "notes"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert find_data_file() == DataFile(Path("../../data/commitments.yaml"), shipped=False)
    result = run("check")
    assert result.exit_code == 0
    assert result.stderr == "../../data/commitments.yaml: ok — 2 parties, 1 meeting, 1 commitment\n"


def test_the_data_folder_itself_finds_its_file(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree / "data")
    assert find_data_file() == DataFile(Path("../data/commitments.yaml"), shipped=False)


def test_a_work_tree_whose_git_is_a_file_ends_the_search_too(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inner = tree / "vendor" / "other"
    (inner / "sub").mkdir(parents=True)
    (inner / ".git").write_text("gitdir: ../../.git/worktrees/other\n", encoding="utf-8")
    monkeypatch.chdir(inner / "sub")
    with pytest.raises(UsageError, match=r"no data/commitments\.yaml in .* up to the top of its git work tree"):
        find_data_file()


def test_a_work_tree_without_the_file_is_an_error_not_the_shipped_data(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tree / "data" / "commitments.yaml").unlink()
    monkeypatch.chdir(tree)
    result = run("show", "--country", "Italy")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: no data/commitments.yaml in {tree} or a folder above it up to the top of its git work tree, "
        f"{tree}; name the file with --data or LEDGER_DATA\n"
    )


def test_a_file_above_the_work_tree_is_not_read(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree.parent / "data").mkdir()
    (tree.parent / "data" / "commitments.yaml").write_text(MINIMAL, encoding="utf-8")
    (tree / "data" / "commitments.yaml").unlink()
    monkeypatch.chdir(tree)
    with pytest.raises(UsageError):
        find_data_file()


def test_outside_any_work_tree_the_shipped_copy_is_read_and_named(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tree.parent / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    found = find_data_file()
    assert found.shipped and found.path.is_file() and found.path.is_absolute()
    result = run("parties", "--format", "csv")
    assert result.exit_code == 0
    assert "IT,Italy" in result.stdout
    assert result.stderr == (
        f"note: reading {found.path}, the copy shipped with ledger (no data/commitments.yaml here or above)\n"
    )


def test_a_named_file_is_read_without_a_search_or_a_note(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "data" / "commitments.yaml").unlink()
    monkeypatch.chdir(tree)
    other = tree.parent / "other.yaml"
    other.write_text(MINIMAL, encoding="utf-8")
    for result in (run("check", "--data", str(other)), run("check", env={"LEDGER_DATA": str(other)})):
        assert (result.exit_code, result.stderr) == (0, f"{other}: ok — 2 parties, 1 meeting, 1 commitment\n")
