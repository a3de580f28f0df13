"""Earlier loads of the same bytes, kept on disk so an unchanged ledger is not parsed twice.

An entry is named by the SHA-256 of the file's content and of the code that judged it (this
package's loading and model source, Python's version, the installed parser, validator and ISO
tables), so a change to either is a miss. It holds the diagnostics and, for a sound file, the
validated ledger as plain values (`warm.to_plain`), which a later run turns back into models
without parsing or validating: what is stored is only ever what validation produced. A stored
answer is only as trustworthy as whoever could write it: the folder
(`platformdirs.user_cache_dir("ledger")`, `~/.cache/ledger` on Linux) is created 0700 and used
only while it is a folder, not a link, owned by the current user and writable by no one else. An
entry counts only as a regular file of bounded size holding this format's mark, its own name's
key and a SHA-256 of the rest, with values of the expected types and shape. Anything else is a
miss, and writing is best-effort, so the cache can make a run faster but never change its
answer. `LEDGER_CACHE=off` turns it off.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import re
import stat
import sys
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any, Final

import platformdirs

from ledger.errors import Diagnostic, Severity
from ledger.folders import open_folder, read_regular, replace_file
from ledger.paths import MAX_FILE_BYTES

KEEP: Final = 8  # entries kept, newest first: a few branches' worth of one ledger
# The document of a ledger at the size limit, with room to spare; a larger entry is not written.
MAX_ENTRY_BYTES: Final = 2 * MAX_FILE_BYTES
_MARK: Final = b"ledger-cache-3\n"
_DIGEST: Final = hashlib.sha256().digest_size
_SUFFIX: Final = ".marshal"
INDEX_SUFFIX: Final = ".index"  # completion's names for the same bytes (`ledger.load.index`)
_ENTRY_NAME: Final = re.compile(rf"[0-9a-f]{{64}}(?:{re.escape(_SUFFIX)}|{re.escape(INDEX_SUFFIX)})")
_DIAGNOSTIC_TYPES: Final = (int, int, str, str, str)  # line, column, code, message, severity
# Libraries whose upgrade can change a load's answer: the parser, the validator, the ISO tables.
_LIBRARIES: Final = ("yaml", "pydantic", "pydantic_core", "pycountry")

Stored = tuple[Any, ...]  # `warm.to_plain` of a sound ledger; this module only checks it is a tuple


def enabled() -> bool:
    return os.environ.get("LEDGER_CACHE", "").strip().lower() != "off"


def directory() -> Path:
    """The platform's cache folder for ledger: on Linux `$XDG_CACHE_HOME/ledger` when that is
    an absolute path, else `~/.cache/ledger`."""
    return Path(platformdirs.user_cache_dir("ledger"))


def key(data: bytes) -> str:
    """The entry name for these bytes, as judged by this version of the code."""
    digest = hashlib.sha256(_code_fingerprint())
    digest.update(data)
    return digest.hexdigest()


def read(entry: str, name: str) -> tuple[Stored | None, tuple[Diagnostic, ...]] | None:
    """The stored ledger (plain) and diagnostics (now about `name`), or None on any kind of miss."""
    payload = read_beside(entry, _SUFFIX)
    return None if payload is None else _decode(payload, name)


def write(entry: str, ledger: Stored | None, diagnostics: tuple[Diagnostic, ...]) -> None:
    """Store an entry atomically, then drop the oldest beyond `KEEP`; failure only costs speed."""
    found = tuple((d.line, d.column, d.code, d.message, d.severity.value) for d in diagnostics)
    try:
        payload = marshal.dumps((ledger, found))
    except ValueError:  # a value marshal cannot store
        return
    write_beside(entry, _SUFFIX, payload)


def read_beside(entry: str, suffix: str) -> bytes | None:
    """What `write_beside` kept for this entry under `suffix`, when the file passes every check."""
    if not enabled():
        return None
    folder = _open_trusted(create=False)
    if folder is None:
        return None
    try:
        blob = read_regular(folder, entry + suffix, MAX_ENTRY_BYTES)
    except OSError:  # missing, a link, or unreadable
        return None
    finally:
        os.close(folder)
    if blob is None:
        return None
    header = _header(entry, suffix)
    start = len(header) + _DIGEST
    payload = blob[start:]
    if blob[: len(header)] != header or blob[len(header) : start] != hashlib.sha256(payload).digest():
        return None
    return payload


def write_beside(entry: str, suffix: str, payload: bytes) -> None:
    """Keep `payload` for this entry under `suffix` (the entry itself, or a file beside it),
    atomically, then drop the oldest entries beyond `KEEP` with what is kept beside them."""
    if not enabled():
        return
    blob = _header(entry, suffix) + hashlib.sha256(payload).digest() + payload
    if len(blob) > MAX_ENTRY_BYTES:
        return
    folder = _open_trusted(create=True)
    if folder is None:
        return
    try:
        replace_file(folder, entry + suffix, blob, 0o600)
        _prune(folder)
    except OSError:
        return
    finally:
        os.close(folder)


def _open_trusted(*, create: bool) -> int | None:
    """The cache folder, opened, when no one but this user can have written its entries; None
    when it is missing (and not to be created), a link, someone else's, or writable by others."""
    path = directory()
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
            with suppress(FileExistsError):
                path.mkdir(mode=0o700)
        folder = open_folder(path)
    except OSError:
        return None
    try:
        info = os.fstat(folder)
        trusted = info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    except OSError:
        trusted = False
    if not trusted:
        os.close(folder)
        return None
    return folder


def _header(entry: str, suffix: str) -> bytes:
    """The format's mark, the kind of file and its entry's key: a file copied to another name is a miss."""
    return _MARK + suffix.encode() + b"\n" + bytes.fromhex(entry)


def _decode(payload: bytes, name: str) -> tuple[Stored | None, tuple[Diagnostic, ...]] | None:
    """The values an entry holds, or None unless they have the expected types.

    `marshal` reads twice as fast as JSON at 100,000 commitments and builds values without
    running any code; it only ever sees bytes that passed the checksum, in a folder no one else
    can write, and what it built is checked for type before use (the ledger's shape by `warm`).
    """
    try:
        ledger, found = marshal.loads(payload)
        if not (ledger is None or type(ledger) is tuple) or not isinstance(found, tuple):
            return None
        if not all(isinstance(d, tuple) and tuple(map(type, d)) == _DIAGNOSTIC_TYPES for d in found):
            return None
        diagnostics = tuple(
            Diagnostic(name, line, column, code, message, Severity(severity))
            for line, column, code, message, severity in found
        )
    except (EOFError, ValueError, TypeError):  # not marshal data, not a pair, not a severity
        return None
    return ledger, diagnostics


def _prune(folder: int) -> None:
    """Drop all but the `KEEP` newest entries, each with what is kept beside it; only names this
    module writes are considered."""
    with os.scandir(folder) as listing:
        names = [item.name for item in listing if _ENTRY_NAME.fullmatch(item.name)]
    entries = {name.partition(".")[0] for name in names}
    if len(entries) <= KEEP:
        return
    written: dict[str, int] = {}
    for name in names:
        with suppress(FileNotFoundError):
            stem, changed = name.partition(".")[0], os.stat(name, dir_fd=folder, follow_symlinks=False).st_mtime_ns
            written[stem] = max(written.get(stem, 0), changed)
    stale = set(sorted(written, key=written.__getitem__, reverse=True)[KEEP:])
    for name in names:
        if name.partition(".")[0] in stale:
            with suppress(FileNotFoundError):
                os.unlink(name, dir_fd=folder)


@cache
def _code_fingerprint() -> bytes:
    """The source that loads and models a ledger, and the installed libraries' files: a change to
    any is a new version (a stored ledger is shaped by the models it was made with)."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).parent.parent
    for module in sorted((*package.glob("load/*.py"), *package.glob("model/*.py"))):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes())
    for library in _LIBRARIES:
        spec = importlib.util.find_spec(library)
        origin = spec.origin if spec is not None else None
        if origin:
            status = os.stat(origin)
            digest.update(f"{library}\0{origin}\0{status.st_mtime_ns}\0{status.st_size}".encode())
    return digest.digest()
