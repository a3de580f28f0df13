"""Reading and writing files inside a folder opened once, so no symbolic link can redirect either.

A caller opens a folder (`open_folder`) and then names files by one path component relative to
that descriptor, opened without following a link: swapping the folder, or a file in it, for a
link after the folder was opened changes nothing. Files are written whole under a fresh name and
renamed over the old one, so a reader sees the old bytes or the new, never half of either.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path
from typing import Final

_FOLDER: Final = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: opening a FIFO returns at once (and fstat then refuses it) instead of waiting for a writer.
_READ: Final = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
# O_EXCL with O_CREAT also refuses a link planted under the temporary name.
_CREATE: Final = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def open_folder(name: str | Path, parent: int | None = None) -> int:
    """A descriptor for the folder `name` (inside `parent`, when given); an OSError when `name`
    is a symbolic link or not a folder."""
    return os.open(name, _FOLDER, dir_fd=parent)


def kind(folder: int, name: str) -> int | None:
    """The file type bits of `name` in `folder` (a link is a link, not what it points to), or
    None when nothing has that name."""
    try:
        return stat.S_IFMT(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return None


def read_regular(folder: int, name: str, limit: int) -> bytes | None:
    """The bytes of `name` in `folder`, or None when it is not a regular file or holds more than
    `limit` bytes: both judged on the opened file, and the read stops one byte past the limit."""
    descriptor = os.open(name, _READ, dir_fd=folder)
    with open(descriptor, "rb") as stream:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = stream.read(limit + 1)
    return data if len(data) <= limit else None


def replace_file(folder: int, name: str, data: bytes, mode: int) -> None:
    """Make `name` in `folder` hold `data`: written to a new file beside it, then renamed over
    it, which replaces a link there rather than writing through it."""
    temporary = f".{name}.{os.urandom(8).hex()}.tmp"
    descriptor = os.open(temporary, _CREATE, mode, dir_fd=folder)
    try:
        with open(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with suppress(OSError):  # the error being raised says more than this one would
            os.unlink(temporary, dir_fd=folder)
        raise
