"""The strict loader: YAML rules, positions, and the corpus of invalid files."""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.load import cache
from ledger.load.loader import load_bytes
from ledger.load.result import load_path
from ledger.load.strict_yaml import plain_scalar
from ledger.model.models import Status

from .support import MINIMAL, ROOT, SHARED, run

INVALID = sorted((ROOT / "tests" / "cases" / "invalid").glob("*.yaml"))
YAML_SUITE = SHARED / "corpora" / "yaml-test-suite"


def _expected(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    assert first.startswith("# expect: "), f"{path.name} must open with '# expect: LINE:COL: message'"
    return first.removeprefix("# expect: ")


def test_the_invalid_corpus_covers_every_error_type() -> None:
    assert len(INVALID) >= 20


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_file_reports_its_expected_error_and_no_other(path: Path) -> None:
    """Each file holds one slip, and one cause gives one error: no follow-on errors."""
    result = run("check", "--data", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{path}:{_expected(path)}"]
    assert "Traceback" not in result.output
    assert result.stderr.strip().endswith(f"in {path}")


def test_norway_stays_a_string_when_unquoted() -> None:
    text = MINIMAL.replace("party: IT", "party: NO").encode()
    result = load_bytes(text, name="t.yaml")
    assert result.ledger is not None
    assert result.ledger.commitments[0].party == "NO"
    assert result.ledger.parties[1].code == "NO"


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("NO", "NO"),
        ("yes", "yes"),
        ("on", "on"),
        ("null", None),
        ("~", None),
        ("true", True),
        ("12", 12),
        ("010", 10),
        ("1:30", "1:30"),
        ("2026-01-06", "2026-01-06"),
        ("1e3", 1000.0),
        ("0o12", "0o12"),
        ("9" * 5000, "9" * 5000),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core(plain: str, value: object) -> None:
    assert plain_scalar(plain) == value


def test_every_problem_is_reported_in_one_run() -> None:
    text = MINIMAL.replace("status: refused", "status: maybe").replace(
        "party: IT\n    meeting", "party: XX\n    meeting"
    )
    result = load_bytes(text.encode(), name="t.yaml")
    codes = [d.code for d in result.errors]
    assert codes == ["schema"] or "unknown-party" in codes
    assert result.ledger is None


def test_a_valid_file_loads_with_no_diagnostics() -> None:
    result = load_bytes(MINIMAL.encode(), name="t.yaml")
    assert result.diagnostics == ()
    assert result.ledger is not None
    assert result.ledger.commitments[0].status is Status.REFUSED


def test_a_byte_order_mark_at_the_start_is_accepted() -> None:
    assert load_bytes(b"\xef\xbb\xbf" + MINIMAL.encode(), name="t.yaml").ledger is not None


def test_an_invalid_record_does_not_hide_other_records_errors() -> None:
    text = MINIMAL + MINIMAL.split("commitments:\n", 1)[1].replace("it-troops", "it-troops-2").replace(
        "party: IT", "party: FR"
    )
    text = text.replace("status: refused", "status: maybe", 1)
    result = load_bytes(text.encode(), name="t.yaml")
    assert [d.code for d in result.errors] == ["schema", "unknown-party"]


def test_the_shipped_data_file_is_clean() -> None:
    result = run("check", "--data", str(ROOT / "data" / "commitments.yaml"))
    assert result.exit_code == 0, result.stdout


@pytest.mark.skipif(
    not YAML_SUITE.is_dir() and os.environ.get("CI") != "true",
    reason="the YAML test suite corpus sits in ../shared, beside the checkout",
)
def test_every_yaml_test_suite_input_ends_cleanly() -> None:
    inputs = sorted(YAML_SUITE.glob("*.yaml"))
    assert len(inputs) >= 400
    for path in inputs:
        result = run("check", "--data", str(path))
        assert result.exit_code in (0, 1), path.name
        assert "Traceback" not in result.output, path.name
        for line in result.stdout.splitlines():
            assert line.startswith(f"{path}:"), (path.name, line)


def test_a_repeated_key_does_not_hide_the_other_problems() -> None:
    text = MINIMAL.replace("    party: IT\n", "    party: IT\n    party: NO\n").replace(
        "meeting: paris-2026-01-06\n    kind", "meeting: paris-2026-01-07\n    kind"
    )
    result = load_bytes(text.encode(), name="t.yaml")
    assert [str(d) for d in result.errors] == [
        "t.yaml:23:5: error[duplicate-key] 'party' is already set at line 22",
        "t.yaml:24:14: error[unknown-meeting] meeting 'paris-2026-01-07' is not defined"
        " (did you mean 'paris-2026-01-06'?)",
    ]


def test_loading_leaves_the_process_as_it_found_it(write_ledger: Callable[..., Path]) -> None:
    """Pausing the garbage collector and writing the cache are the caller's choices, not the library's."""
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    assert load_path(write_ledger()).ledger is not None
    assert (gc.isenabled(), gc.get_freeze_count()) == (enabled, frozen)
    assert not cache.directory().exists()


def test_text_that_reads_as_a_key_and_a_value_asks_for_quotes() -> None:
    text = MINIMAL.replace(
        "    sources:\n      - url: https://example.org/a",
        "    conditions: [UN: mandate]\n    sources:\n      - url: https://example.org/a",
    )
    assert [str(d) for d in load_bytes(text.encode(), name="t.yaml").errors] == [
        "t.yaml:27:18: error[schema] commitments[0].conditions[0]: text holding ': ' must be quoted, "
        "or it reads as a key and a value; put it in double quotes"
    ]


def test_a_name_written_where_a_code_or_an_id_belongs_gets_the_code_or_the_id() -> None:
    text = MINIMAL.replace("    title: Coalition summit\n", "    title: Coalition summit\n    hosts: [norge, France]\n")
    assert [d.message for d in load_bytes(text.encode(), name="t.yaml").errors] == [
        "meetings[0].hosts[0]: 'norge' is not a party code (did you mean 'NO'?)",
        "meetings[0].hosts[1]: 'France' is not a party code (write the code a party has under parties)",
    ]
    alone = MINIMAL.replace("meeting: paris-2026-01-06\n    kind", "meeting: Paris 2026-01-06\n    kind")
    assert [d.message for d in load_bytes(alone.encode(), name="t.yaml").errors] == [
        "commitments[0].meeting: 'Paris 2026-01-06' is not a meeting id (did you mean 'paris-2026-01-06'?)"
    ]


_VALUE_LINES = [n for n, line in enumerate(MINIMAL.splitlines()) if re.fullmatch(r" *(- )?[a-z_]+: [^\[]+", line)]


@st.composite
def _one_slip(draw: st.DrawFn) -> tuple[str, int]:
    """MINIMAL with one editor slip on one line that holds a key and a value: an unquoted ': ' in
    the value, a tab for the indentation, or the key moved a column left or right."""
    lines = MINIMAL.splitlines()
    number = draw(st.sampled_from(_VALUE_LINES))
    line = lines[number]
    indent = len(line) - len(line.lstrip(" "))
    slip = draw(st.sampled_from(["colon", "tab", "left", "right"]))
    if slip == "colon":
        line = line + ": more"
    elif slip == "tab":
        line = "\t" + line.lstrip(" ")
    elif slip == "left" and indent > 0:
        line = line[1:]
    elif slip == "right":
        line = " " + line
    lines[number] = line
    return "\n".join(lines) + "\n", number + 1


@given(_one_slip())
def test_one_slip_is_at_most_one_error_and_it_is_on_the_slips_line(slipped: tuple[str, int]) -> None:
    text, line = slipped
    errors = load_bytes(text.encode(), name="t.yaml").errors
    assert len(errors) <= 1, [str(e) for e in errors]
    assert all(error.line in (line, line + 1) for error in errors), [str(e) for e in errors]
