"""Reading the data file as text, and replacing it in one step without following a link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ledger.edit.storage import read_text, write_atomic
from ledger.errors import LedgerError


def test_a_file_is_replaced_whole_and_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "commitments.yaml"
    path.write_text("schema: 1\n", encoding="utf-8")
    path.chmod(0o640)
    write_atomic(path, "schema: 1\n# Türkiye\n")
    assert read_text(path) == "schema: 1\n# Türkiye\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["commitments.yaml"]  # no temporary file left


def test_a_symbolic_link_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_text("schema: 1\n", encoding="utf-8")
    link = tmp_path / "commitments.yaml"
    link.symlink_to(target)
    with pytest.raises(LedgerError, match="is a symbolic link; give the path of the file itself"):
        write_atomic(link, "changed\n")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "schema: 1\n"


def test_only_an_existing_regular_file_is_replaced(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match=r"cannot write .*missing\.yaml: No such file or directory"):
        write_atomic(tmp_path / "missing.yaml", "x\n")
    with pytest.raises(LedgerError, match="is not a regular file"):
        write_atomic(tmp_path, "x\n")


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "commitments.yaml"
    path.write_text("schema: 1\n", encoding="utf-8")

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(LedgerError, match=r"cannot write .*commitments\.yaml: No space left on device"):
        write_atomic(path, "x\n")
    assert path.read_text(encoding="utf-8") == "schema: 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["commitments.yaml"]


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "commitments.yaml"
    path.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(LedgerError, match="is not UTF-8 text; `ledger check` shows where"):
        read_text(path)
