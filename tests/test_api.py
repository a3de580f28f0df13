"""The public API in `ledger/__init__.py`: the command line's answers, for scripts."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ledger
from ledger.errors import LedgerError, UsageError
from ledger.model.models import Kind, Ledger, Status

from .support import MINIMAL, ROOT, run

DATA = ROOT / "data" / "commitments.yaml"


@pytest.fixture(scope="module")
def book() -> Ledger:
    return ledger.load(DATA)


def _shown(*args: str) -> list[str]:
    """The ids `ledger ARGS --format json` lists for the shipped data."""
    result = run(*args, "--data", str(DATA), "--format", "json")
    assert result.exit_code == 0, result.output
    return [entry["id"] for entry in json.loads(result.stdout)]


def test_importing_the_package_loads_none_of_the_heavy_libraries() -> None:
    code = "import sys, ledger; print(sorted({'yaml', 'pydantic', 'typer', 'rich'} & set(sys.modules)))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_the_loading_subpackage_never_hides_the_load_function() -> None:
    code = "import ledger.load.loader, ledger; print(ledger.load.__doc__.split()[0], ledger.load.__module__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "The ledger\n"


def test_select_answers_as_show_does(book: Ledger) -> None:
    chosen = ledger.select(book, country="Italy", as_of="paris-2026-01-06")
    assert [c.id for c in chosen] == _shown("show", "--country", "Italy", "--as-of", "paris-2026-01-06")
    assert chosen and {c.party for c in chosen} == {"IT"}


def test_select_takes_one_value_or_several_in_any_case(book: Ledger) -> None:
    chosen = ledger.select(book, country=["uk", "France"], kind="TROOPS", status=("committed", "conditional"))
    assert chosen and {c.party for c in chosen} <= {"GB", "FR"}
    assert {c.kind for c in chosen} == {Kind.TROOPS}
    assert {c.status for c in chosen} <= {Status.COMMITTED, Status.CONDITIONAL}


def test_without_a_point_the_position_is_the_current_one(book: Ledger) -> None:
    latest = max(book.meetings, key=lambda m: m.date).id
    assert [c.id for c in ledger.as_of(book)] == _shown("show", "--as-of", latest)
    assert len(ledger.as_of(book)) < len(book.commitments)


def test_a_day_and_a_meeting_both_name_a_point(book: Ledger) -> None:
    import datetime as dt

    before_any = ledger.as_of(book, dt.date(2024, 1, 1))
    assert before_any == ()
    assert ledger.as_of(book, "paris-2025-09") == ledger.as_of(book, "paris-2025-09-04")


def test_diff_compares_two_meetings_by_lineage(book: Ledger) -> None:
    changes = ledger.diff(book, "paris-2025-09-04", "paris-2026-01-06")
    result = run("diff", "paris-2025-09-04", "paris-2026-01-06", "--data", str(DATA), "--format", "json")
    document = json.loads(result.stdout)
    (commitments,) = changes.sections
    assert not changes.empty
    assert len(commitments.added) == len(document["commitments"]["added"])
    assert ledger.diff(book, "paris-2026-01-06", "paris-2026-01-06").empty


def test_a_name_that_does_not_exist_is_a_usage_error_with_a_hint(book: Ledger) -> None:
    with pytest.raises(UsageError, match="did you mean 'monitoring'"):
        ledger.select(book, kind="monitorin")
    with pytest.raises(UsageError, match="unknown country or organisation 'Narnia'"):
        ledger.select(book, country="Narnia")


def test_a_file_with_errors_is_refused_with_the_first_error_and_a_count(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINIMAL.replace("status: refused", "status: maybe").replace("format: in-person", "format: live"))
    with pytest.raises(LedgerError) as raised:
        ledger.load(broken)
    assert raised.value.message.startswith(f"{broken}:")
    assert raised.value.message.endswith(f"(and 1 more; `ledger check --data {broken}` lists them)")


def test_without_a_path_it_reads_the_file_the_command_line_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "commitments.yaml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "data")
    assert [c.id for c in ledger.load().commitments] == ["it-troops"]


def test_the_readme_example_prints_what_the_readme_shows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Scripting from Python\n", 1)[1]
    code, shown = (re.search(rf"```{fence}\n(.*?)```", section, re.S) for fence in ("python", "text"))
    assert code is not None and shown is not None
    monkeypatch.chdir(ROOT)
    exec(compile(code.group(1), "README.md", "exec"), {})
    assert capsys.readouterr().out == shown.group(1)
