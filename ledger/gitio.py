"""The data file as it was at a git revision: the only module that runs processes.

Revisions come from users and from pull requests, so nothing they write reaches git as an
option: a revision that starts with `-` is refused before git runs, and git reads it after
`--end-of-options`. Only read-only commands run (rev-parse, cat-file, log, diff --quiet), never
through a shell.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ledger.errors import GitError
from ledger.paths import too_large


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
    size = _git(directory, "cat-file", "-s", f"{commit}:{inside}")
    if size.returncode != 0:
        raise GitError(f"{inside} does not exist at {revision} ({commit[:12]})")
    refusal = too_large(f"{revision}:{inside}", int(size.stdout))
    if refusal:
        raise GitError(refusal)  # refused before git hands over the bytes
    blob = _git(directory, "cat-file", "blob", f"{commit}:{inside}")
    if blob.returncode != 0:
        raise GitError(f"{inside} does not exist at {revision} ({commit[:12]})")
    return Blob(revision, commit, inside, blob.stdout)


def last_commit(path: Path) -> tuple[str, dt.date, bool] | None:
    """The commit that last changed `path`, its date, and whether the file changed since: the
    stamp a published report carries. None without git, a repository or a committed file."""
    directory = path.absolute().parent
    try:
        log = _run(directory, "log", "-1", "--format=%H %cs", "--", path.name)
        if log.returncode != 0 or not log.stdout.strip():
            return None
        modified = _run(directory, "diff", "--quiet", "HEAD", "--", path.name).returncode != 0
    except OSError:  # git could not be started: a report without a stamp
        return None
    commit, day = log.stdout.decode("ascii").split()
    return commit, dt.date.fromisoformat(day), modified


def _refuse_option(revision: str) -> None:
    if not revision:
        raise GitError("the revision is empty")
    if revision.startswith("-"):
        raise GitError(f"'{revision}' is not a revision: a revision never starts with '-'")


def _run(directory: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Git's answer, whatever its exit status; an OSError when git could not be started."""
    return subprocess.run(["git", *args], cwd=directory, capture_output=True, stdin=subprocess.DEVNULL, check=False)


def _git(directory: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """`_run`, where git that cannot be started stops the command with one clear line."""
    try:
        return _run(directory, *args)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); --rev needs it") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None


def _reason(result: subprocess.CompletedProcess[bytes]) -> str:
    """Git's own first line, without its `fatal: ` prefix."""
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else f"git exited with status {result.returncode}"
