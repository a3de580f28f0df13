"""pre-commit: the hooks other repositories use, this project's own hooks, and yamllint's settings."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from yamllint import linter
from yamllint.config import YamlLintConfig

from ledger.load.loader import load_bytes

from .support import MINIMAL, ROOT

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
CONFIG = ROOT / ".pre-commit-config.yaml"
YAMLLINT = YamlLintConfig(file=str(ROOT / ".yamllint.yaml"))


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def _pre_commit(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def _hooks(path: Path) -> dict[str, dict[str, Any]]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    hooks = loaded if isinstance(loaded, list) else [h for repo in loaded["repos"] for h in repo["hooks"]]
    return {hook["id"]: hook for hook in hooks}


def _lint(text: str, name: str = "data/commitments.yaml") -> list[str]:
    return [f"{p.line}:{p.column} {p.rule or 'syntax'}" for p in linter.run(text, YAMLLINT, name)]


def test_the_hook_manifest_is_valid() -> None:
    result = _pre_commit("validate-manifest", str(MANIFEST))
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(_hooks(MANIFEST)) == ["ledger-check", "ledger-fmt", "ledger-schema-current"]


def test_the_projects_own_config_is_valid() -> None:
    result = _pre_commit("validate-config", str(CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr
    expected = {"ruff-check", "ruff-format", "yamllint", "ledger-check", "ledger-fmt", "ledger-schema-current"}
    assert expected <= set(_hooks(CONFIG))


@pytest.mark.parametrize("hook", ["ledger-check", "ledger-fmt"])
def test_the_projects_ledger_hook_is_the_one_it_ships(hook: str) -> None:
    shipped, own = _hooks(MANIFEST)[hook], _hooks(CONFIG)[hook]
    assert (own["entry"], own["files"], own["pass_filenames"]) == (
        shipped["entry"],
        shipped["files"],
        shipped["pass_filenames"],
    )


def test_yamllint_accepts_the_shipped_data() -> None:
    data = ROOT / "data" / "commitments.yaml"
    assert _lint(data.read_text(encoding="utf-8")) == []


def test_yamllint_agrees_with_the_loader_on_yaml_1_2_words() -> None:
    """NO, yes and on are strings to the loader, so yamllint must not ask for them to be quoted."""
    text = MINIMAL.replace("aliases: [Norge]", "aliases: [Norge, yes, on]")
    assert load_bytes(text.encode(), name="t.yaml").diagnostics == ()
    assert _lint(text) == []


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        (("    kind: country\n  - code: NO", "    kind: country\n    kind: group\n  - code: NO"), "key-duplicates"),
        (("    name: Italy\n", "\tname: Italy\n"), "syntax"),
        (("aliases: [Norge]", "aliases: [Norge"), "syntax"),
    ],
    ids=["duplicate-key", "tab", "unclosed-list"],
)
def test_yamllint_rejects_what_the_loader_rejects(change: tuple[str, str], rule: str) -> None:
    text = MINIMAL.replace(*change)
    assert text != MINIMAL
    assert load_bytes(text.encode(), name="t.yaml").errors
    assert any(problem.endswith(rule) for problem in _lint(text))


def _copy_of_this_project(destination: Path) -> Path:
    """A committed copy of the working tree, tracked and new files alike, as a hook repository."""
    destination.mkdir()
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    _commit(destination)
    return destination


def _commit(repository: Path) -> None:
    _git("init", "--quiet", cwd=repository)
    _git("add", "--all", cwd=repository)
    _git(
        "-c",
        "user.name=ledger",
        "-c",
        "user.email=ledger@example.org",
        "commit",
        "--quiet",
        "-m",
        "copy",
        cwd=repository,
    )


def test_the_hooks_run_in_another_repository(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs this project as a hook and runs its hooks in a scratch
    repository: its copy of the data passes `ledger-check` and `ledger-fmt`, its stale schema
    fails the third."""
    hooks = _copy_of_this_project(tmp_path / "hooks")
    scratch = tmp_path / "scratch"
    (scratch / "data").mkdir(parents=True)
    shutil.copy2(ROOT / "data" / "commitments.yaml", scratch / "data" / "commitments.yaml")
    schema = (ROOT / "data" / "commitments.schema.json").read_text(encoding="utf-8")
    (scratch / "data" / "commitments.schema.json").write_text(schema.replace('"troops"', '"tanks"'), encoding="utf-8")
    _commit(scratch)

    result = _pre_commit("try-repo", str(hooks), "--all-files", cwd=scratch)
    output = result.stdout + result.stderr
    if "'-mpip', 'install'" in output and os.environ.get("CI") != "true":
        pytest.skip("pre-commit could not install the hook's environment (is a package index reachable?)")
    assert re.search(r"^ledger check\.+Passed$", output, re.MULTILINE), output
    assert re.search(r"^ledger fmt\.+Passed$", output, re.MULTILINE), output
    assert re.search(r"^ledger schema is current\.+Failed$", output, re.MULTILINE), output
    assert "data/commitments.schema.json is not the current schema" in output
    assert result.returncode == 1
