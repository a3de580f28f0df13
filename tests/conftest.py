"""Fixtures: a plain environment, small ledgers written inline, golden files."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from .support import GOLDEN, MINIMAL

# Property tests draw the same examples on every run, so CI passes or fails for a reason, and keep
# no example database in the checkout. LEDGER_HYPOTHESIS_EXAMPLES=20000 asks for a long run with
# fresh random examples instead; a failure prints the blob that reproduces it.
_LONG_RUN = os.environ.get("LEDGER_HYPOTHESIS_EXAMPLES")
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("long", settings.get_profile("ci"), derandomize=False, max_examples=int(_LONG_RUN or 1))
settings.load_profile("long" if _LONG_RUN else "ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")
    parser.addoption("--run-slow", action="store_true", help="also run the tests marked slow (CI does)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A local run skips the slow tests unless asked; `.ci/run` asks."""
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests see the same environment everywhere: no colour, 100 columns, no user data path,
    and a cache of their own instead of the user's."""
    for name in ("LEDGER_DATA", "FORCE_COLOR", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "LEDGER_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def write_ledger(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str = MINIMAL, name: str = "commitments.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME; `pytest --update-golden` rewrites it."""

    def compare(name: str, actual: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden") or (not path.exists() and os.environ.get("CI") != "true"):
            path.write_text(actual, encoding="utf-8")
        assert path.read_text(encoding="utf-8") == actual, f"golden file {name} differs"

    return compare
