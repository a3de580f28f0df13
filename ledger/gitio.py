"""The data file as it was at a git revision: the only module that runs processes.

Revisions come from users and from pull requests, so nothing they write reaches git as an
option: a revision that starts with `-` is refused before git runs, and git reads it after
`--end-of-options`. Only plumbing that reads objects runs (rev-parse, cat-file, log), never
through a shell and never a command that looks at the working tree, which would run filters.
The repository's own configuration is not trusted (the user's and the system's are): every
command runs with the settings through which it could start a program switched off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ledger.errors import GitError
from ledger.paths import read_bounded, too_large

# Git's own options, then `-c` settings, which outrank every configuration file: no pager, paths
# taken literally, and off every setting in a repository's .git/config through which a
# read-only command could start a program: signature checks (log.showSignature hands a signed
# commit to gpg.program) and every transport (a partial clone fetches a missing object on
# demand, through core.sshCommand or remote.*.uploadpack). The file-system monitor and hooks
# serve commands that touch the index or write, which never run here; they are off all the same.
_GIT: Final = (
    "git",
    "--no-pager",
    "--literal-pathspecs",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "log.showSignature=false",
    "-c",
    "protocol.allow=never",
)
_HEADER_LIMIT: Final = 256  # `<object id> blob <size>` and its line feed


@dataclass(frozen=True, slots=True)
class Blob:
    """A file's bytes at a commit, with the names messages use for it."""

    revision: str  # as the user wrote it
    commit: str
    path: str  # relative to the repository's top level, with `/`
    data: bytes

    @property
    def name(self) -> str:
        """`HEAD~1:data/commitments.yaml`, which diagnostics prefix to `line:col`."""
        return f"{self.revision}:{self.path}"

    @property
    def label(self) -> str:
        """`HEAD~1 (0123456789ab)`: what the user wrote and the commit it named."""
        short = self.commit[:12]
        return short if self.commit.startswith(self.revision) else f"{self.revision} ({short})"


def parse_range(spec: str) -> tuple[str, str | None]:
    """`A..B` → (A, B); `A` → (A, None), None meaning the working tree. An empty side is HEAD,
    as in git."""
    if not spec:
        raise GitError("the revision is empty")
    if "..." in spec:
        raise GitError(f"'{spec}': three-dot ranges are not supported; write A..B")
    old, dots, new = spec.partition("..")
    revisions = (old or "HEAD", (new or "HEAD") if dots else None)
    for revision in revisions:
        if revision is not None:
            _refuse_option(revision)
    return revisions


def read_at(revision: str, path: Path) -> Blob:
    """The bytes of `path` (a file in a git working tree) at `revision`."""
    _refuse_option(revision)
    file = path.resolve()  # git stores a symbolic link itself, not the file it points to
    directory = file.parent
    if not directory.is_dir():
        raise GitError(f"{directory}: no such directory, so no git repository to read {path.name} from")
    top = _git(directory, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise GitError(f"{directory} is not in a git repository: {_reason(top)}")
    root = Path(os.fsdecode(top.stdout.rstrip(b"\n"))).resolve()
    resolved = _git(directory, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if resolved.returncode != 0:
        raise GitError(f"unknown revision '{revision}' in the git repository at {root}")
    commit = resolved.stdout.decode("ascii").strip()
    if not file.is_relative_to(root):  # GIT_WORK_TREE can point elsewhere
        raise GitError(f"{file} is outside the git repository at {root}")
    inside = file.relative_to(root).as_posix()
    stored = _git(directory, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{commit}:{inside}")
    if stored.returncode != 0:
        raise GitError(f"{inside} does not exist at {revision} ({commit[:12]})")
    data = _read_blob(directory, stored.stdout.decode("ascii").strip(), f"{revision}:{inside}")
    if data is None:
        raise GitError(f"{inside} at {revision} ({commit[:12]}) is not in the local repository; fetch it first")
    return Blob(revision, commit, inside, data)


def last_commit(path: Path) -> tuple[str, dt.date, bool] | None:
    """The commit that last changed `path`, its date, and whether the file changed since: the
    stamp a published report carries. None without git, a repository or a committed file.

    "Changed" compares the file's bytes with the committed ones by object id, computed here:
    `git diff` or `git status` would run the repository's filters and file-system monitor."""
    directory = path.absolute().parent
    try:
        log = _run(directory, "log", "-1", "--format=%H %cs", "--", path.name)
        if log.returncode != 0 or not log.stdout.strip():
            return None
        commit, day = log.stdout.decode("ascii").split()
        stored = _run(directory, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{commit}:./{path.name}")
    except OSError:  # git could not be started: a report without a stamp
        return None
    object_id = stored.stdout.decode("ascii").strip()
    modified = stored.returncode != 0 or _blob_id(read_bounded(path), len(object_id)) != object_id
    return commit, dt.date.fromisoformat(day), modified


def _refuse_option(revision: str) -> None:
    if not revision:
        raise GitError("the revision is empty")
    if revision.startswith("-"):
        raise GitError(f"'{revision}' is not a revision: a revision never starts with '-'")


def _run(directory: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Git's answer, whatever its exit status; an OSError when git could not be started."""
    return subprocess.run([*_GIT, *args], cwd=directory, capture_output=True, stdin=subprocess.DEVNULL, check=False)


def _git(directory: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """`_run`, where git that cannot be started stops the command with one clear line."""
    try:
        return _run(directory, *args)
    except OSError as exc:
        raise _cannot_start(exc) from None


def _cannot_start(exc: OSError) -> GitError:
    if isinstance(exc, FileNotFoundError):
        return GitError("git is not installed (or not on PATH); --rev needs it")
    return GitError(f"cannot run git: {exc.strerror or exc}")


def _reason(result: subprocess.CompletedProcess[bytes]) -> str:
    """Git's own first line, without its `fatal: ` prefix."""
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else f"git exited with status {result.returncode}"


def _read_blob(directory: Path, object_id: str, name: str) -> bytes | None:
    """The blob's bytes, or None when the repository does not hold it. `git cat-file --batch`
    states the size before the first byte, so a blob over the limit is refused unread, and the
    read stops at that size whatever git sends."""
    try:
        process = subprocess.Popen(
            [*_GIT, "cat-file", "--batch"],
            cwd=directory,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise _cannot_start(exc) from None
    with process:
        assert process.stdin is not None and process.stdout is not None
        try:
            with suppress(BrokenPipeError):  # a git that has already answered, or stopped: its output says which
                process.stdin.write(object_id.encode("ascii") + b"\n")
                process.stdin.close()
            header = process.stdout.readline(_HEADER_LIMIT).split()
            if not header or header[1:] == [b"missing"]:  # a partial clone's git stops without a word
                return None
            if len(header) != 3 or header[1] != b"blob" or not header[2].isdigit():
                raise GitError(f"{name} is not a file")
            size = int(header[2])
            refusal = too_large(name, size)
            if refusal:
                raise GitError(refusal)
            data = process.stdout.read(size)
        except OSError as exc:
            raise GitError(f"cannot read {name} from git: {exc.strerror or exc}") from None
        finally:
            process.kill()
    if len(data) != size:
        raise GitError(f"cannot read {name} from git: it stopped after {len(data)} of {size} bytes")
    return data


def _blob_id(data: bytes, length: int) -> str:
    """The id git gives a blob of `data`: SHA-1 or, in a repository of 64-digit ids, SHA-256."""
    digest = hashlib.sha256() if length == 64 else hashlib.sha1(usedforsecurity=False)
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()
