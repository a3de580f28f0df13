"""Every `$ ledger …` example in README.md and data/README.md prints what the page shows.

An example runs in the repository's root, through bash (so `| tail` and `| cut` work), with the
tests' plain environment (100 columns, no colour). `pytest --update-golden` rewrites the shown
output from what the command prints, as it does for golden files. Examples that cannot run here
as written (a file only the page shows, a random token, the benchmarks, typing TAB) are listed
in NOT_RUN with the reason.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = (ROOT / "README.md", ROOT / "data" / "README.md")

NOT_RUN = {
    "ledger check --data broken.yaml": "broken.yaml exists only on the page",
    "ledger report site/": "writes a folder; tests/test_report.py covers the report",
    "ledger schema > data/commitments.schema.json": "CI checks the schema file itself",
    "ledger show --country I": "shows what TAB offers; tests/test_completion.py covers it",
    "ledger diff paris-2025-0": "shows what TAB offers; tests/test_completion.py covers it",
    "ledger check": "a comment in an editor's checklist",
    "ledger export sqlite ledger.db": "writes files; tests/test_export.py runs the Exporting section elsewhere",
    "ledger export datapackage ledger-data": "writes files; tests/test_export.py runs the Exporting section elsewhere",
}
_BLOCK = re.compile(r"```console\n(.*?)```", re.S)


@dataclass(frozen=True)
class Example:
    page: Path
    command: str
    shown: str


def _examples() -> list[Example]:
    found = []
    for page in PAGES:
        for block in _BLOCK.findall(page.read_text(encoding="utf-8")):
            for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
                command, _, shown = part.partition("\n")
                command = command.split("  #")[0].strip()
                if command.startswith("ledger ") and command not in NOT_RUN:
                    found.append(Example(page, command, shown))
    return found


EXAMPLES = _examples()


def _run(command: str) -> str:
    line = re.sub(r"^ledger ", f"{sys.executable} -m ledger ", command)
    done = subprocess.run(["bash", "-c", line], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    return done.stdout + done.stderr


def test_the_pages_hold_examples() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.command for e in EXAMPLES])
def test_a_readme_example_prints_what_the_page_shows(example: Example, request: pytest.FixtureRequest) -> None:
    printed = _run(example.command)
    if request.config.getoption("--update-golden") and printed != example.shown:
        text = example.page.read_text(encoding="utf-8")
        old = f"$ {example.command}\n{example.shown}"
        assert text.count(old) == 1, f"cannot place the new output of {example.command!r}"
        example.page.write_text(text.replace(old, f"$ {example.command}\n{printed}"), encoding="utf-8")
        return
    assert printed == example.shown, f"{example.page.name}: `{example.command}` prints otherwise"
