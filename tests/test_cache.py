"""The cache of loads: never a different answer, and a damaged entry is only a miss."""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from ledger.cli import app
from ledger.load import cache, loader, warm
from ledger.load.result import load_path
from ledger.model import records
from ledger.model.models import Ledger

from .support import MINIMAL, ROOT, run
from .test_warm import _field, _replaced

DATA = str(ROOT / "data" / "commitments.yaml")
BROKEN = MINIMAL.replace("status: refused", "status: maybe").replace("party: IT\n    meeting", "party: XX\n    meeting")
WEAK = MINIMAL.replace("reliability: major", "reliability: aggregator")

# One or more invocations of every command; `{data}` is the shipped ledger, `{broken}` a ledger
# with errors, `{weak}` one with a warning.
INVOCATIONS = [
    ("check", "-d", "{data}"),
    ("check", "-d", "{data}", "--format", "json"),
    ("check", "-d", "{broken}"),
    ("check", "-d", "{broken}", "--format", "github"),
    ("check", "-d", "{weak}", "--format", "json"),
    ("show", "-d", "{data}"),
    ("show", "-d", "{data}", "--country", "Italy", "--format", "json"),
    ("show", "-d", "{data}", "--as-of", "paris-2025-09-04", "--format", "csv"),
    ("show", "-d", "{data}", "--country", "Narnia"),
    ("show", "-d", "{broken}"),
    ("show", "-d", "{weak}", "--format", "markdown"),
    ("meetings", "-d", "{data}", "--format", "csv"),
    ("parties", "-d", "{data}", "--format", "json"),
    ("diff", "paris-2025-09", "paris-2026", "-d", "{data}", "--format", "json"),
    ("history", "--country", "Italy", "-d", "{data}"),
    ("matrix", "-d", "{data}", "--format", "markdown"),
    ("summary", "-d", "{data}", "--format", "json"),
    ("report", "{site}", "-d", "{data}"),
    ("export", "sqlite", "{site}/ledger.db", "-d", "{data}"),
    ("export", "datapackage", "{site}", "-d", "{data}"),
    ("schema",),
    ("fmt", "--check", "-d", "{data}"),
    ("fmt", "--diff", "-d", "{weak}"),
    (
        *("add", "-c", "Norway", "-m", "paris", "-k", "air", "-s", "refused", "--summary", "Test entry"),
        *("--url", "https://example.org/t", "--publisher", "Example", "--reliability", "major"),
        *("--dry-run", "-d", "{weak}"),
    ),
]


@pytest.fixture
def paths(write_ledger: Callable[..., Path], tmp_path: Path) -> dict[str, str]:
    return {
        "data": DATA,
        "broken": str(write_ledger(BROKEN, "broken.yaml")),
        "weak": str(write_ledger(WEAK, "weak.yaml")),
        "site": str(tmp_path / "site"),
    }


def _outcome(args: tuple[str, ...], paths: dict[str, str], env: dict[str, str] | None = None) -> tuple[object, ...]:
    """Everything a run says: exit code, stdout, stderr, and the files it wrote."""
    result = run(*(arg.format(**paths) for arg in args), env=env)
    site = Path(paths["site"])
    files = sorted((p.relative_to(site).as_posix(), p.read_bytes()) for p in site.rglob("*") if p.is_file())
    return result.exit_code, result.stdout, result.stderr, files


def _entries() -> list[Path]:
    return sorted(cache.directory().glob("*.marshal"))


def test_every_command_is_in_the_list_below() -> None:
    commands = set(typer.main.get_command(app).commands)
    assert commands == {args[0] for args in INVOCATIONS}


@pytest.mark.parametrize("args", INVOCATIONS, ids=" ".join)
def test_the_cache_never_changes_an_answer(args: tuple[str, ...], paths: dict[str, str]) -> None:
    without = _outcome(args, paths, env={"LEDGER_CACHE": "off"})
    assert _entries() == []
    cold = _outcome(args, paths)
    warm = _outcome(args, paths)
    assert cold == without
    assert warm == without
    assert "Traceback" not in str(without)


def test_a_second_load_is_answered_without_parsing(
    write_ledger: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_ledger()
    first = load_path(path, cached=True)
    assert len(_entries()) == 1

    def no_parse(*_: object) -> None:
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr(loader, "load_bytes", no_parse)
    second = load_path(path, cached=True)
    assert records.values(second.ledger) == records.values(first.ledger) and second.diagnostics == first.diagnostics


def test_a_hit_speaks_about_the_file_it_was_asked_for(write_ledger: Callable[..., Path]) -> None:
    first = load_path(write_ledger(BROKEN, "one.yaml"), cached=True)
    second = load_path(write_ledger(BROKEN, "two.yaml"), cached=True)
    assert len(_entries()) == 1
    assert [d.file for d in second.diagnostics] == [d.file.replace("one.yaml", "two.yaml") for d in first.diagnostics]
    assert second.diagnostics and second.ledger is None


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: blob[:40] + bytes([blob[40] ^ 1]) + blob[41:], id="one-bit-flipped"),
        pytest.param(lambda blob: b"\x00" * len(blob), id="zeroed"),
    ],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(
    damage: Callable[[bytes], bytes], write_ledger: Callable[..., Path]
) -> None:
    path = write_ledger()
    expected = load_path(path, cached=True)
    (entry,) = _entries()
    damaged = damage(entry.read_bytes())
    entry.write_bytes(damaged)
    assert cache.read(entry.stem, str(path)) is None
    assert load_path(path, cached=True) == expected
    assert entry.read_bytes() != damaged
    assert cache.read(entry.stem, str(path)) is not None


def test_an_entry_of_an_earlier_format_is_a_miss(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger()
    expected = load_path(path, cached=True)
    (entry,) = _entries()
    payload = marshal.dumps((None, ()))
    entry.write_bytes(b"ledger-cache-2\n" + bytes.fromhex(entry.stem) + hashlib.sha256(payload).digest() + payload)
    assert cache.read(entry.stem, str(path)) is None
    assert load_path(path, cached=True) == expected


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param({"schema": 1}, id="a-raw-document"),
        pytest.param((0, {"schema_version": 1}), id="fields-missing"),
        pytest.param(("mask", {}), id="not-a-mask"),
        pytest.param((1, 2, 3), id="not-a-pair"),
    ],
)
def test_a_stored_ledger_of_the_wrong_shape_is_loaded_again(stored: object, write_ledger: Callable[..., Path]) -> None:
    path = write_ledger()
    expected = loader.load_bytes(path.read_bytes(), name=str(path))
    cache.write(cache.key(path.read_bytes()), stored, ())  # type: ignore[arg-type]
    assert load_path(path, cached=True) == expected


def test_a_stored_ledger_with_a_wrong_word_is_loaded_again(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger()
    expected = load_path(path, cached=True)
    assert expected.ledger is not None
    plain = warm.to_plain(expected.ledger)
    status = (_field(plain, "Ledger", "commitments"), 0, _field(plain, "Commitment", "status"))
    cache.write(cache.key(path.read_bytes()), (plain[0], _replaced(plain[1], status, "maybe")), ())
    again = load_path(path, cached=True)
    assert again.ledger is not None and records.values(again.ledger) == records.values(expected.ledger)
    assert isinstance(again.ledger, Ledger)  # the file itself, loaded again


def test_switched_off_it_writes_nothing(write_ledger: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGER_CACHE", "off")
    assert load_path(write_ledger(), cached=True).ledger is not None
    assert not cache.directory().exists()


def test_an_unwritable_cache_only_costs_speed(
    write_ledger: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = write_ledger("not a folder", "blocker")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load_path(write_ledger(), cached=True).ledger is not None
    assert load_path(write_ledger(), cached=True).ledger is not None


def test_the_folder_and_its_entries_are_for_this_user_alone(write_ledger: Callable[..., Path]) -> None:
    load_path(write_ledger(), cached=True)
    (entry,) = _entries()
    assert stat.S_IMODE(cache.directory().stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_a_relative_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.directory() == Path.home() / ".cache" / "ledger"


def test_only_the_newest_entries_are_kept(write_ledger: Callable[..., Path]) -> None:
    for number in range(cache.KEEP + 3):
        load_path(write_ledger(MINIMAL.replace("Coalition summit", f"Summit {number}")), cached=True)
    assert len(_entries()) == cache.KEEP


# -- a cache someone else could have written ------------------------------------------------------


@pytest.fixture
def broken(write_ledger: Callable[..., Path]) -> Path:
    return write_ledger(BROKEN, "broken.yaml")


def _lie_about(broken: Path) -> Path:
    """Store, under the key of the broken file's bytes, a sound ledger's answer: the entry an
    attacker who could write the cache would plant to make `check` pass the file."""
    sound = loader.load_bytes(MINIMAL.encode(), name="sound").ledger
    assert sound is not None
    entry = cache.key(broken.read_bytes())
    cache.write(entry, warm.to_plain(sound), ())
    return cache.directory() / f"{entry}.marshal"


def _check(path: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = run("check", "-d", str(path), env=env)
    return result.exit_code, result.stdout, result.stderr


def _folder_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in cache.directory().iterdir() if p.is_file() and not p.is_symlink()}


def _owned_by_nobody(folder: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving the folder to another user needs root")
    os.chown(folder, 65534, 65534)


def _symlinked(folder: Path) -> None:
    elsewhere = folder.with_name("elsewhere")
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere)


@pytest.mark.parametrize(
    "distrust",
    [
        pytest.param(_owned_by_nobody, id="owned-by-another-user"),
        pytest.param(lambda folder: folder.chmod(0o770), id="group-writable"),
        pytest.param(lambda folder: folder.chmod(0o1777), id="world-writable-sticky"),
        pytest.param(_symlinked, id="a-symbolic-link"),
    ],
)
def test_a_folder_others_could_write_is_neither_read_nor_written(
    distrust: Callable[[Path], None], broken: Path
) -> None:
    uncached = _check(broken, env={"LEDGER_CACHE": "off"})
    assert uncached[0] == 1
    _lie_about(broken)
    assert _check(broken)[0] == 0  # the lie works while the folder is trusted: the rule below matters
    distrust(cache.directory())
    before = _folder_files()
    assert _check(broken) == uncached
    assert _check(broken) == uncached
    assert _folder_files() == before


def _planted_symlink(entry: Path) -> None:
    """The lying entry moved out of the folder, and a link to it in its place."""
    elsewhere = entry.parent.parent / "elsewhere.marshal"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)


def _planted_fifo(entry: Path) -> None:
    entry.unlink()
    os.mkfifo(entry)


def _planted_device(entry: Path) -> None:
    entry.unlink()
    entry.symlink_to("/dev/zero")


def _planted_folder(entry: Path) -> None:
    entry.unlink()
    entry.mkdir()


def _copied_from_another_file(entry: Path) -> None:
    """The sound ledger's own, genuine entry, copied under the broken file's name."""
    sound = entry.parent.parent / "sound.yaml"
    sound.write_text(MINIMAL, encoding="utf-8")
    assert load_path(sound, cached=True).ledger is not None
    shutil.copyfile(cache.directory() / f"{cache.key(sound.read_bytes())}.marshal", entry)


def _garbage(entry: Path) -> None:
    entry.write_bytes(b"ledger-cache-3\n" + os.urandom(4096))


def _one_payload_byte_changed(entry: Path) -> None:
    blob = bytearray(entry.read_bytes())
    blob[-1] ^= 1
    entry.write_bytes(bytes(blob))


@pytest.mark.parametrize(
    "plant",
    [
        pytest.param(_planted_symlink, id="symlink-to-a-lying-entry"),
        pytest.param(_planted_fifo, id="fifo"),
        pytest.param(_planted_device, id="symlink-to-dev-zero"),
        pytest.param(_planted_folder, id="folder"),
        pytest.param(_copied_from_another_file, id="another-files-entry"),
        pytest.param(_garbage, id="garbage"),
        pytest.param(_one_payload_byte_changed, id="checksum-mismatch"),
    ],
)
def test_a_planted_entry_is_a_miss(plant: Callable[[Path], None], broken: Path) -> None:
    uncached = _check(broken, env={"LEDGER_CACHE": "off"})
    entry = _lie_about(broken)
    plant(entry)
    assert cache.read(entry.name.removesuffix(".marshal"), str(broken)) is None
    assert _check(broken) == uncached


def test_an_entry_over_the_size_limit_is_a_miss(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uncached = _check(broken, env={"LEDGER_CACHE": "off"})
    entry = _lie_about(broken)
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", entry.stat().st_size - 1)
    assert _check(broken) == uncached
