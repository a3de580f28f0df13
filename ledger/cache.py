"""Earlier loads of the same bytes, kept on disk so an unchanged ledger is not parsed twice.

An entry is named by the SHA-256 of the file's content and of the code that judged it (this
package's source, Python's version, the installed parser, validator and ISO tables), so a change
to either is a miss. It holds plain values in `marshal` form behind a CRC-32: the document the
loader built, validated again on the way back, and the diagnostics without their file name. A
corrupt, truncated or foreign entry is a miss and writing is best-effort, so the cache can make a
run faster but never change its answer. `LEDGER_CACHE=off` turns it off; entries live in
`$XDG_CACHE_HOME/ledger` (by default `~/.cache/ledger`), a folder only its owner can read.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
import tempfile
import zlib
from functools import cache
from pathlib import Path
from typing import Any, Final

from ledger.errors import Diagnostic, Severity

KEEP: Final = 8  # entries kept, newest first: a few branches' worth of one ledger
_FORMAT: Final = "ledger-cache-1"
_CHECKSUM: Final = 4  # bytes of CRC-32 before the payload: a flipped bit is a miss, not an answer
_SUFFIX: Final = ".marshal"
# Libraries whose upgrade can change a load's answer: the parser, the validator, the ISO tables.
_LIBRARIES: Final = ("yaml", "pydantic", "pydantic_core", "pycountry")

Document = dict[str, Any]


def enabled() -> bool:
    return os.environ.get("LEDGER_CACHE", "").strip().lower() != "off"


def directory() -> Path:
    """`$XDG_CACHE_HOME/ledger`, or `~/.cache/ledger` when it is unset or not absolute."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "ledger"


def key(data: bytes) -> str:
    """The entry name for these bytes, as judged by this version of the code."""
    digest = hashlib.sha256(_code_fingerprint())
    digest.update(data)
    return digest.hexdigest()


def read(entry: str, name: str) -> tuple[Document | None, tuple[Diagnostic, ...]] | None:
    """The stored document and diagnostics (now about `name`), or None on any kind of miss."""
    if not enabled():
        return None
    try:
        with open(directory() / f"{entry}{_SUFFIX}", "rb") as stream:
            blob = stream.read()
        payload = memoryview(blob)[_CHECKSUM:]
        if blob[:_CHECKSUM] != zlib.crc32(payload).to_bytes(_CHECKSUM, "big"):
            return None
        tag, document, found = marshal.loads(payload)
        if tag != _FORMAT or not (document is None or isinstance(document, dict)):
            return None
        diagnostics = tuple(
            Diagnostic(name, line, column, code, message, Severity(severity))
            for line, column, code, message, severity in found
        )
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return document, diagnostics


def write(entry: str, document: Document | None, diagnostics: tuple[Diagnostic, ...]) -> None:
    """Store an entry atomically, then drop the oldest beyond `KEEP`; failure only costs speed."""
    if not enabled():
        return
    found = tuple((d.line, d.column, d.code, d.message, d.severity.value) for d in diagnostics)
    folder = directory()
    try:
        payload = marshal.dumps((_FORMAT, document, found))
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(zlib.crc32(payload).to_bytes(_CHECKSUM, "big"))
                stream.write(payload)
            os.replace(temporary, folder / f"{entry}{_SUFFIX}")
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(folder)
    except (OSError, ValueError):  # ValueError: a value marshal cannot store
        return


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob(f"*{_SUFFIX}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in entries[KEEP:]:
        stale.unlink(missing_ok=True)


@cache
def _code_fingerprint() -> bytes:
    """This package's source and the installed libraries' files: a change to any is a new version."""
    digest = hashlib.sha256(sys.version.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    for library in _LIBRARIES:
        spec = importlib.util.find_spec(library)
        origin = spec.origin if spec is not None else None
        if origin:
            status = os.stat(origin)
            digest.update(f"{library}\0{origin}\0{status.st_mtime_ns}\0{status.st_size}".encode())
    return digest.digest()
