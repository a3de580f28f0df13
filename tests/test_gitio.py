"""Reading the data file at a git revision, and `ledger diff --rev`, in throwaway repositories."""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from ledger import gitio
from ledger.errors import GitError

from .support import ROOT, run

# Version 1 of a small ledger, then version 2: Italy renamed, the London meeting removed,
# Norway's ships raised, Italy's refusal turned conditional, a Norwegian air pledge added.
V1 = """\
schema: 1
parties:
  - {code: IT, name: Italy, kind: country}
  - {code: NO, name: Norway, kind: country}
meetings:
  - {id: london-2025-03-02, date: 2025-03-02, title: Summit, place: London, format: in-person,
     sources: [{url: "https://example.org/london", publisher: Example, reliability: official}]}
  - {id: paris-2026-01-06, date: 2026-01-06, title: Summit, place: Paris, format: in-person,
     sources: [{url: "https://example.org/paris", publisher: Example, reliability: official}]}
commitments:
  - {id: it-troops, party: IT, meeting: paris-2026-01-06, kind: troops, status: refused,
     summary: No Italian troops on the ground,
     sources: [{url: "https://example.org/it", publisher: ANSA, reliability: major}]}
  - {id: no-maritime, party: NO, meeting: paris-2026-01-06, kind: maritime, status: committed,
     summary: Norwegian ships for the Black Sea,
     quantity: {low: 2, high: 2, unit: ships, as_stated: two frigates},
     sources: [{url: "https://example.org/no", publisher: NRK, reliability: major}]}
"""
V2 = (
    V1.replace("name: Italy,", "name: Italia,")
    .replace(
        """  - {id: london-2025-03-02, date: 2025-03-02, title: Summit, place: London, format: in-person,
     sources: [{url: "https://example.org/london", publisher: Example, reliability: official}]}
""",
        "",
    )
    .replace("status: refused", "status: conditional")
    .replace(
        "{low: 2, high: 2, unit: ships, as_stated: two frigates}", "{low: 3, high: 3, unit: ships, as_stated: three}"
    )
    + """\
  - {id: no-air, party: NO, meeting: paris-2026-01-06, kind: air, status: committed, summary: F-35s for air policing,
     sources: [{url: "https://example.org/no-air", publisher: NRK, reliability: major}]}
"""
)
DATA = Path("data") / "commitments.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="these tests need git")


def git(root: Path, *args: str, date: str = "2026-01-07T12:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(root: Path, text: str, message: str, date: str) -> None:
    (root / DATA).write_text(text, encoding="utf-8")
    git(root, "add", str(DATA))
    git(root, "commit", "-q", "--no-gpg-sign", "-m", message, date=date)


@pytest.fixture
def git_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed author and committer, no user or system git config, no repository above tmp_path."""
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
        monkeypatch.delenv(name, raising=False)
    settings = {
        "GIT_AUTHOR_NAME": "Ledger Tests",
        "GIT_AUTHOR_EMAIL": "tests@example.org",
        "GIT_COMMITTER_NAME": "Ledger Tests",
        "GIT_COMMITTER_EMAIL": "tests@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
        "HOME": str(tmp_path),
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git_environment: None) -> Path:
    """A repository with two commits of data/commitments.yaml (V1, then V2), as the current directory."""
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    commit(root, V1, "Version 1", "2026-01-06T12:00:00+00:00")
    commit(root, V2, "Version 2", "2026-01-07T12:00:00+00:00")
    monkeypatch.chdir(root)
    return root


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root with its size and modification time, to prove nothing was written."""
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


# -- gitio ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "revisions"),
    [
        ("HEAD~1..HEAD", ("HEAD~1", "HEAD")),
        ("origin/main", ("origin/main", None)),
        ("v1..", ("v1", "HEAD")),
        ("..topic", ("HEAD", "topic")),
    ],
)
def test_a_range_names_two_revisions_and_a_single_one_means_the_working_tree(
    spec: str, revisions: tuple[str, str | None]
) -> None:
    assert gitio.parse_range(spec) == revisions


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("--output=x", "'--output=x' is not a revision: a revision never starts with '-'"),
        ("HEAD..--output=x", "'--output=x' is not a revision: a revision never starts with '-'"),
        ("main...topic", "'main...topic': three-dot ranges are not supported; write A..B"),
        ("", "the revision is empty"),
    ],
)
def test_a_range_that_could_reach_git_as_an_option_is_refused(spec: str, message: str) -> None:
    with pytest.raises(GitError) as caught:
        gitio.parse_range(spec)
    assert caught.value.message == message


def test_an_option_like_revision_never_runs_git(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("git must not run")

    monkeypatch.setattr(gitio.subprocess, "run", no_process)
    with pytest.raises(GitError, match="never starts with '-'"):
        gitio.read_at("--output=x", DATA)


def test_git_that_cannot_start_leaves_a_report_unstamped_and_stops_a_diff(monkeypatch: pytest.MonkeyPatch) -> None:
    def unstartable(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(gitio.subprocess, "run", unstartable)
    assert gitio.last_commit(DATA) is None
    with pytest.raises(GitError, match=r"^cannot run git: Permission denied$"):
        gitio.read_at("HEAD", Path(__file__))


def test_only_the_cli_catches_a_ledger_error() -> None:
    """A core module that swallowed a LedgerError would hide a stop meant for the user."""
    stops = {"LedgerError", "UsageError", "GitError"}
    caught: list[str] = []
    for module in sorted((ROOT / "ledger").glob("*.py")):
        if module.name in {
            "cli.py",
            "cli_io.py",
            "cli_options.py",
            "cli_edit.py",
            "fast_path.py",
        }:  # the CLI, what it shares, its writing commands, and the fast path (a refused value goes to typer)
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                if names & stops:
                    caught.append(f"{module.name}:{node.lineno}")
    assert caught == []


def test_a_file_is_read_at_a_revision_by_its_path_from_the_top_level(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "data")
    blob = gitio.read_at("HEAD~1", Path("commitments.yaml"))
    assert blob.data.decode() == V1
    assert blob.name == "HEAD~1:data/commitments.yaml"
    assert blob.commit == git(repo, "rev-parse", "HEAD~1")
    assert blob.label == f"HEAD~1 ({blob.commit[:12]})"


def test_an_unknown_revision_is_one_clear_error(repo: Path) -> None:
    with pytest.raises(GitError) as caught:
        gitio.read_at("nosuchrev", DATA)
    assert caught.value.message == f"unknown revision 'nosuchrev' in the git repository at {repo.resolve()}"


def test_a_file_missing_at_the_revision_is_one_clear_error(repo: Path) -> None:
    (repo / "new.yaml").write_text(V1, encoding="utf-8")
    with pytest.raises(GitError, match=r"^new\.yaml does not exist at HEAD \([0-9a-f]{12}\)$"):
        gitio.read_at("HEAD", repo / "new.yaml")


def test_a_blob_over_the_size_limit_is_refused_before_it_is_read(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ledger.paths.MAX_FILE_BYTES", 1024)
    with pytest.raises(GitError) as caught:
        gitio.read_at("HEAD", DATA)
    assert caught.value.message == "HEAD:data/commitments.yaml: the file is 0 MiB; a ledger may be at most 0 MiB"


def test_a_folder_at_the_revision_is_not_a_file(repo: Path) -> None:
    (repo / DATA).unlink()
    (repo / DATA).mkdir()
    (repo / DATA / "part.yaml").write_text(V1, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", "A folder")
    shutil.rmtree(repo / DATA)
    (repo / DATA).write_text(V1, encoding="utf-8")
    with pytest.raises(GitError) as caught:
        gitio.read_at("HEAD", DATA)
    assert caught.value.message == "HEAD:data/commitments.yaml is not a file"


@pytest.mark.parametrize(
    ("sends", "outcome"),
    [
        pytest.param("printf 'x blob 5\\n'; yes | head -c 100000000", b"y\ny\ny", id="more-than-announced"),
        pytest.param("printf 'x blob 100\\nshort'", "it stopped after 5 of 100 bytes", id="less-than-announced"),
    ],
)
def test_a_blob_is_read_to_the_size_git_announced_and_no_further(
    sends: str, outcome: bytes | str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\n{sends}\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    if isinstance(outcome, bytes):
        assert gitio._read_blob(tmp_path, "x", "HEAD:x") == outcome
    else:
        with pytest.raises(GitError, match=f"^cannot read HEAD:x from git: {outcome}$"):
            gitio._read_blob(tmp_path, "x", "HEAD:x")


def test_outside_a_repository_is_one_clear_error(tmp_path: Path, git_environment: None) -> None:
    (tmp_path / "outside").mkdir()
    with pytest.raises(GitError, match=r"outside is not in a git repository: not a git repository"):
        gitio.read_at("HEAD", tmp_path / "outside" / "commitments.yaml")


# -- ledger diff --rev ------------------------------------------------------------------------


def test_two_commits_give_the_exact_diff(repo: Path) -> None:
    result = run("diff", "--rev", "HEAD~1..HEAD", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "parties": {"added": 0, "removed": 0, "changed": 1, "restated": 0, "unchanged": 1},
        "meetings": {"added": 0, "removed": 1, "changed": 0, "restated": 0, "unchanged": 1},
        "commitments": {"added": 1, "removed": 0, "changed": 2, "restated": 0, "unchanged": 0},
    }
    assert [(c["key"], c["changes"]) for c in report["parties"]["changed"]] == [
        ("IT", [{"field": "name", "old": "Italy", "new": "Italia"}])
    ]
    assert [m["key"] for m in report["meetings"]["removed"]] == ["london-2025-03-02"]
    assert [c["key"] for c in report["commitments"]["added"]] == ["no-air"]
    assert [(c["key"], c["changes"]) for c in report["commitments"]["changed"]] == [
        ("it-troops", [{"field": "status", "old": "refused", "new": "conditional"}]),
        (
            "no-maritime",
            [
                {"field": "quantity.low", "old": 2, "new": 3},
                {"field": "quantity.high", "old": 2, "new": 3},
                {"field": "quantity.as_stated", "old": "two frigates", "new": "three"},
            ],
        ),
    ]
    assert report["from"].startswith("HEAD~1 (") and report["to"].startswith("HEAD (")


def test_the_pull_request_comment_is_stable(repo: Path, golden: Callable[[str, str], None]) -> None:
    result = run("diff", "--rev", "HEAD~1..HEAD", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    golden("diff.rev.md", result.stdout)


def test_the_table_for_people_is_stable(repo: Path, golden: Callable[[str, str], None]) -> None:
    result = run("diff", "--rev", "HEAD~1..HEAD")
    assert result.exit_code == 0, result.stderr
    golden("diff.rev.txt", result.stdout)


def test_a_single_revision_is_compared_with_the_edited_working_tree(repo: Path) -> None:
    (repo / DATA).write_text(V2.replace("summary: F-35s for air policing", 'summary: "F-35s, two of them"'), "utf-8")
    result = run("diff", "--rev", "HEAD~1", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = result.stdout.splitlines()
    assert rows[0] == "section,party,change,key,id,field,old,new"
    assert 'commitments,NO,added,no-air,no-air,,,"air, committed: F-35s, two of them"' in rows
    # party, meeting, status and its sources, added and its sources, the quantity as one interval and its sources
    assert len(rows) == 1 + 1 + 1 + 2 + 2 + 2
    assert rows[-2:] == [
        "commitments,NO,changed,no-maritime,no-maritime,quantity,2 ships (two frigates),3 ships (three)",
        "commitments,NO,changed,no-maritime,no-maritime,sources,NRK https://example.org/no,NRK https://example.org/no",
    ]
    head = run("diff", "--rev", "HEAD", "--format", "json")
    assert json.loads(head.stdout)["to"] == "working tree"
    assert json.loads(head.stdout)["commitments"]["restated"][0]["changes"] == [
        {"field": "summary", "old": "F-35s for air policing", "new": "F-35s, two of them"}
    ]


def test_exit_code_says_whether_anything_changed(repo: Path) -> None:
    same = run("diff", "--rev", "HEAD", "--exit-code")
    assert same.exit_code == 0
    assert same.stdout.startswith("HEAD (")
    assert "no changes (6 unchanged)" in same.stdout.replace("\n", " ")
    assert run("diff", "--rev", "HEAD~1..HEAD", "--exit-code").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rev", "--", "--output=x"], "error: '--' is not a revision: a revision never starts with '-'"),
        (["--rev=--output=x"], "error: '--output=x' is not a revision: a revision never starts with '-'"),
        (["--rev", "-ox"], "error: '-ox' is not a revision: a revision never starts with '-'"),
    ],
)
def test_an_option_like_revision_fails_cleanly_and_writes_nothing(
    repo: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    before = snapshot(tmp_path)
    result = run("diff", *args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""
    assert snapshot(tmp_path) == before


def test_an_unknown_revision_fails_cleanly_and_writes_nothing(repo: Path, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    result = run("diff", "--rev", "nosuchrev")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: unknown revision 'nosuchrev' in the git repository at {repo.resolve()}"
    ]
    assert snapshot(tmp_path) == before


def test_outside_a_repository_the_diff_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git_environment: None
) -> None:
    (tmp_path / "plain" / "data").mkdir(parents=True)
    (tmp_path / "plain" / DATA).write_text(V1, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "plain")
    result = run("diff", "--rev", "HEAD")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and "is not in a git repository" in line


def test_errors_in_a_revision_are_reported_at_rev_path_line_col(repo: Path) -> None:
    broken = V2.replace("{id: no-air, party: NO,", "{id: no-air, party: XX,")
    commit(repo, broken, "Broken", "2026-01-08T12:00:00+00:00")
    result = run("diff", "--rev", "HEAD~1..HEAD")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "HEAD:data/commitments.yaml:16:25: error[unknown-party] party 'XX' is not defined",
        "1 error in HEAD:data/commitments.yaml",
    ]


# -- a repository configured to run programs ----------------------------------------------------

# Every program a repository's .git/config can name, pointing at this script: it records its
# first argument in a sentinel file and, as a filter, passes the bytes through.
TRAP = """#!/bin/sh
printf '%s\\n' "$*" >> "{sentinel}"
case "$1" in filter) exec cat ;; esac
exit 0
"""
HOOKS = ("post-index-change", "post-checkout", "reference-transaction", "pre-auto-gc", "fsmonitor-watchman")


def _sign_head(root: Path) -> None:
    """Give HEAD a (made-up) signature, which `log.showSignature` would hand to `gpg.program`."""
    head, _, message = git(root, "cat-file", "commit", "HEAD").partition("\n\n")
    signature = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----"
    signed = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=root,
        input=f"{head}\n{signature}\n\n{message}\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    git(root, "update-ref", "refs/heads/main", signed)


@pytest.fixture
def sentinel(tmp_path: Path) -> Path:
    return tmp_path / "sentinel"


@pytest.fixture
def trap(tmp_path: Path, sentinel: Path) -> Path:
    script = tmp_path / "trap"
    script.write_text(TRAP.format(sentinel=sentinel), encoding="utf-8")
    script.chmod(0o755)
    return script


def _arm(root: Path, trap: Path) -> None:
    """Configure, in the repository's own .git/config, every way a git command can start a program."""
    hooks = root.parent / "hooks"
    hooks.mkdir()
    for hook in HOOKS:
        for folder in (hooks, root / ".git" / "hooks"):
            (folder / hook).write_text(f'#!/bin/sh\nexec "{trap}" hook-{hook}\n', encoding="utf-8")
            (folder / hook).chmod(0o755)
    gpg = root.parent / "gpg"
    gpg.write_text(f'#!/bin/sh\nexec "{trap}" gpg\n', encoding="utf-8")
    gpg.chmod(0o755)
    settings = {
        "core.fsmonitor": f"{trap} fsmonitor",
        "core.pager": f"{trap} pager",
        "pager.log": f"{trap} pager",
        "core.hooksPath": str(hooks),
        "core.sshCommand": f"{trap} ssh",
        "filter.x.clean": f"{trap} filter clean",
        "filter.x.smudge": f"{trap} filter smudge",
        "filter.x.required": "true",
        "diff.x.textconv": f"{trap} textconv",
        "diff.x.command": f"{trap} diff-command",
        "diff.external": f"{trap} external",
        "log.showSignature": "true",
        "gpg.program": str(gpg),
    }
    for name, value in settings.items():
        git(root, "config", name, value)
    (root / ".gitattributes").write_text("* filter=x diff=x\n", encoding="utf-8")


def _footer(site: Path) -> str:
    text = (site / "index.html").read_text(encoding="utf-8")
    return text[text.index("Built with") :].split("</footer>")[0]


def test_a_repository_configured_to_run_programs_runs_none(
    repo: Path, trap: Path, sentinel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"

    def outcome() -> list[tuple[int, str]]:
        """Both kinds of `diff --rev`, and the report's stamp."""
        results = [
            run("diff", "--rev", "HEAD~1..HEAD", "--format", "json"),
            run("diff", "--rev", "HEAD", "--format", "json"),
            run("report", str(site)),
        ]
        return [(result.exit_code, result.stdout) for result in results] + [(0, _footer(site))]

    _sign_head(repo)
    (repo / DATA).write_text(V2.replace("F-35s", "Jets"), encoding="utf-8")
    expected = outcome()
    assert "The file has changed since that commit." in expected[-1][1]
    _arm(repo, trap)
    assert outcome() == expected
    assert not sentinel.exists()
    (repo / DATA).write_text(V2, encoding="utf-8")
    assert run("report", str(site)).exit_code == 0
    assert "Data as of commit" in _footer(site)
    assert "changed since" not in _footer(site)
    assert not sentinel.exists()

    # The traps are real: everyday git commands in the same repository set them off.
    for args in (["status"], ["diff", "HEAD~1", "HEAD"], ["log", "-1"]):
        subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    ran = {line.split()[0] for line in sentinel.read_text(encoding="utf-8").splitlines()}
    assert {"fsmonitor", "filter", "gpg"} <= ran
    assert ran & {"textconv", "diff-command", "external"}


def test_a_partial_clone_never_fetches_a_missing_object(
    repo: Path, trap: Path, sentinel: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading an object a partial clone lacks would fetch it, running remote.*.uploadpack."""
    git(repo, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--filter=blob:none", f"file://{repo}", str(clone))
    git(clone, "config", "remote.origin.uploadpack", f"{trap} uploadpack")
    monkeypatch.chdir(clone)
    result = run("diff", "--rev", "HEAD~1..HEAD")
    assert result.exit_code == 1
    short = git(clone, "rev-parse", "--short=12", "HEAD~1")
    assert result.stderr == (
        f"error: data/commitments.yaml at HEAD~1 ({short}) is not in the local repository; fetch it first\n"
    )
    assert not sentinel.exists()
    subprocess.run(["git", "cat-file", "-p", f"HEAD~1:{DATA}"], cwd=clone, capture_output=True, check=False)
    assert sentinel.read_text(encoding="utf-8").startswith("uploadpack")


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_the_stamp_says_whether_the_file_changed_since_its_commit(
    object_format: str, tmp_path: Path, git_environment: None
) -> None:
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    git(root, "init", "-q", f"--object-format={object_format}")
    commit(root, V1, "Version 1", "2026-01-06T12:00:00+00:00")
    stamp = gitio.last_commit(root / DATA)
    assert stamp == (git(root, "rev-parse", "HEAD"), dt.date(2026, 1, 6), False)
    (root / DATA).write_text(V2, encoding="utf-8")
    assert gitio.last_commit(root / DATA) == (stamp[0], stamp[1], True)
