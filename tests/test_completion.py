"""Shell completion, driven the way bash drives it: typer's completion environment variables."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.completion import meeting_candidates, party_candidates

from .support import MINIMAL, run

PARTIES = MINIMAL.replace(
    "parties:\n",
    """parties:
  - code: IE
    name: Ireland
    kind: country
    aliases: [Éire]
  - code: GB
    name: United Kingdom
    kind: country
    aliases: [UK, Britain, Irish Sea neighbour]
  - code: IN
    name: India
    kind: country
""",
)
MEETINGS = MINIMAL.replace(
    "meetings:\n",
    """meetings:
  - id: paris-2025-03-27
    date: 2025-03-27
    title: Leaders' summit
    place: Paris
    format: in-person
    sources:
      - url: https://example.org/p
        publisher: Example
        reliability: official
  - id: london-2025-03-02
    date: 2025-03-02
    title: London summit
    place: London
    format: in-person
    sources:
      - url: https://example.org/l
        publisher: Example
        reliability: official
""",
)


def complete(line: str, env: dict[str, str] | None = None) -> list[str]:
    """What `ledger` offers for the last word of `line` (a trailing space starts a new word)."""
    words = line.split(" ")
    result = run(
        env={"_LEDGER_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1), **(env or {})}
    )
    assert result.exit_code == 0, result.output
    return [value for value in result.stdout.split("\n") if value]


def test_country_completes_every_code_name_and_alias_starting_with_i(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(PARTIES)
    assert complete(f"ledger show --data {path} --country I") == [
        "IE",
        "IN",
        "IT",
        "India",
        "Ireland",
        "Irish Sea neighbour",
        "Italy",
    ]


def test_country_completion_ignores_case_like_the_option_does(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(PARTIES)
    assert complete(f"ledger show --data {path} -c ir") == ["ireland", "irish sea neighbour"]
    assert complete(f"ledger show --data {path} -c É") == ["Éire"]


def test_country_completion_reads_ledger_data(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(PARTIES)
    assert complete("ledger show --country Uni", env={"LEDGER_DATA": str(path)}) == ["United Kingdom"]


def test_country_completion_reads_the_shipped_data_by_default() -> None:
    """Ireland and Italy are both in the full record."""
    offered = complete("ledger show --country I")
    assert {"IE", "IT", "Ireland", "Italy"} <= set(offered)
    assert all(value.startswith("I") for value in offered)


def test_meeting_completes_ids_by_prefix(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(MEETINGS)
    assert complete(f"ledger show --data {path} --meeting par") == ["paris-2025-03-27", "paris-2026-01-06"]
    assert complete(f"ledger show --data {path} -m l") == ["london-2025-03-02"]


def test_kind_and_status_complete_their_values() -> None:
    assert complete("ledger show --kind m") == ["monitoring", "maritime", "member-loans"]
    assert complete("ledger show --status c") == ["committed", "conditional", "considering"]


@pytest.mark.parametrize(
    "text",
    ["", "parties: [", "- a list\n", "schema: 1\nparties: 7\n", "\xff\xfe", "parties:\n  - *nowhere\n"],
    ids=["empty", "syntax-error", "top-level-list", "parties-not-a-list", "not-utf8", "unknown-alias"],
)
def test_a_broken_file_completes_nothing_and_prints_no_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(text.encode("latin-1"))
    assert complete(f"ledger show --data {path} --country I") == []
    assert party_candidates(path, "") == []
    assert meeting_candidates(path, "") == []


def test_a_missing_file_completes_nothing(tmp_path: Path) -> None:
    assert complete(f"ledger show --data {tmp_path / 'none.yaml'} --country I") == []


def test_completion_stops_before_the_commitments(write_ledger: Callable[..., Path]) -> None:
    """Whatever follows the sections it needs, even broken YAML, does not matter to completion."""
    path = write_ledger(PARTIES.replace("commitments:\n", "commitments: [\n"))
    assert [value for value, _ in party_candidates(path, "It")] == ["Italy"]


def test_candidates_carry_a_hint_for_shells_that_show_one(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(PARTIES)
    assert party_candidates(path, "UK") == [("UK", "United Kingdom (GB)")]
    assert meeting_candidates(write_ledger(MEETINGS), "lon") == [("london-2025-03-02", "2025-03-02 London summit")]


def test_diff_completes_from_and_to_meetings(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(MEETINGS)
    assert complete(f"ledger diff --data {path} par") == ["paris-2025-03-27", "paris-2026-01-06"]
    assert complete(f"ledger diff --data {path} paris-2025-03-27 lon") == ["london-2025-03-02"]


@pytest.mark.parametrize("command", ["show", "matrix", "summary"])
def test_as_of_completes_meetings(write_ledger: Callable[..., Path], command: str) -> None:
    path = write_ledger(MEETINGS)
    assert complete(f"ledger {command} --data {path} --as-of lon") == ["london-2025-03-02"]


@pytest.mark.parametrize("command", ["diff", "history", "matrix"])
def test_every_country_option_completes_parties(write_ledger: Callable[..., Path], command: str) -> None:
    path = write_ledger(PARTIES)
    assert complete(f"ledger {command} --data {path} --country Ir") == ["Ireland", "Irish Sea neighbour"]


@settings(max_examples=300, deadline=None)
@given(
    cut=st.integers(0, len(PARTIES)),
    length=st.integers(0, 60),
    insert=st.text(alphabet="[]{}&*!|>-:,#'\"\t\n ?%@`\\", max_size=6),
)
def test_a_mutated_file_never_breaks_completion(
    tmp_path_factory: pytest.TempPathFactory, cut: int, length: int, insert: str
) -> None:
    path = tmp_path_factory.getbasetemp() / "mutated.yaml"
    path.write_text(PARTIES[:cut] + insert + PARTIES[cut + length :], encoding="utf-8")
    for candidates in (party_candidates(path, ""), meeting_candidates(path, "")):
        assert all(isinstance(value, str) and isinstance(hint, str) for value, hint in candidates)


def test_zsh_shows_each_candidate_on_one_line_with_a_short_hint(write_ledger: Callable[..., Path]) -> None:
    long_title = "Leaders' videoconference on security guarantees, the ceasefire and the multinational force"
    path = write_ledger(MEETINGS.replace("title: London summit", f"title: {long_title}"))
    result = run(env={"_LEDGER_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"ledger diff --data {path} lon"})
    assert result.stdout == (
        "_arguments '*: :((\"london-2025-03-02\":\"2025-03-02 Leaders'' videoconference on security guarantees,…\"))'\n"
    )
