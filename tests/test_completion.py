"""Shell completion, driven the way bash drives it: typer's completion environment variables.

The real shells, typing TAB, are in test_completion_shells.py.
"""

from __future__ import annotations

import os
import string
import subprocess
import sys
import unicodedata
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
        r"Irish\ Sea\ neighbour",  # one word once bash inserts it
        "Italy",
    ]


def test_country_completion_ignores_case_like_the_option_does(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(PARTIES)
    assert complete(f"ledger show --data {path} -c ir") == ["ireland", r"irish\ sea\ neighbour"]
    assert complete(f"ledger show --data {path} -c É") == ["Éire"]


def test_country_completion_reads_ledger_data(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(PARTIES)
    assert complete("ledger show --country Uni", env={"LEDGER_DATA": str(path)}) == [r"United\ Kingdom"]


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
    assert party_candidates(path.read_bytes(), "", "bash") == []
    assert meeting_candidates(path.read_bytes(), "", "bash") == []


def test_a_missing_file_or_a_folder_completes_nothing(tmp_path: Path) -> None:
    assert complete(f"ledger show --data {tmp_path / 'none.yaml'} --country I") == []
    assert complete(f"ledger show --data {tmp_path} --country I") == []


def test_a_file_over_the_size_limit_completes_nothing(
    write_ledger: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_ledger(PARTIES)
    assert complete(f"ledger show --data {path} --country It") == ["Italy"]
    monkeypatch.setattr("ledger.paths.MAX_FILE_BYTES", path.stat().st_size - 1)
    assert complete(f"ledger show --data {path} --country It") == []


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_device_or_a_fifo_completes_nothing_at_once(tmp_path: Path, kind: str) -> None:
    """In a child process with a deadline, so a read that blocks fails the test instead of hanging it."""
    path = Path("/dev/zero") if kind == "device" else tmp_path / "pipe"
    if kind == "fifo":
        os.mkfifo(path)
    words = f"ledger show --data {path} --country I"
    env = {**os.environ, "_LEDGER_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "5"}
    result = subprocess.run([sys.executable, "-m", "ledger"], env=env, capture_output=True, timeout=60, check=False)
    assert (result.returncode, result.stdout.split(), result.stderr) == (0, [], b"")


def test_completion_stops_before_the_commitments() -> None:
    """Whatever follows the sections it needs, even broken YAML, does not matter to completion."""
    data = PARTIES.replace("commitments:\n", "commitments: [\n").encode()
    assert [value for value, _ in party_candidates(data, "It", "zsh")] == ["Italy"]


def test_candidates_carry_a_hint_for_shells_that_show_one() -> None:
    assert party_candidates(PARTIES.encode(), "UK", "zsh") == [("UK", "United Kingdom (GB)")]
    assert meeting_candidates(MEETINGS.encode(), "lon", "zsh") == [("london-2025-03-02", "2025-03-02 London summit")]


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
    assert complete(f"ledger {command} --data {path} --country Ir") == ["Ireland", r"Irish\ Sea\ neighbour"]


@settings(max_examples=300, deadline=None)
@given(
    cut=st.integers(0, len(PARTIES)),
    length=st.integers(0, 60),
    insert=st.text(alphabet="[]{}&*!|>-:,#'\"\t\n ?%@`\\", max_size=6),
)
def test_a_mutated_file_never_breaks_completion(cut: int, length: int, insert: str) -> None:
    data = (PARTIES[:cut] + insert + PARTIES[cut + length :]).encode()
    for candidates in (party_candidates(data, "", "zsh"), meeting_candidates(data, "", "zsh")):
        assert all(isinstance(value, str) and isinstance(hint, str) for value, hint in candidates)


def test_zsh_shows_each_candidate_on_one_line_with_a_short_hint(write_ledger: Callable[..., Path]) -> None:
    long_title = "Leaders' videoconference on security guarantees, the ceasefire and the multinational force"
    path = write_ledger(MEETINGS.replace("title: London summit", f"title: {long_title}"))
    result = run(env={"_LEDGER_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"ledger diff --data {path} lon"})
    assert result.stdout == (
        '_arguments \'*: :(("london-2025-03-02":"2025-03-02 Leaders’ videoconference on security guarantees,…"))\'\n'
    )


def answer(shell: str, line: str) -> str:
    """typer's raw answer to `shell` completing `line`: what its script splits or evaluates."""
    env = {"_LEDGER_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
    if shell == "bash":
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(line.split(" ")) - 1)}
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = run(env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, any character but printable ASCII written as an escape."""
    return '"' + "".join(ch if " " <= ch <= "~" and ch not in '"\\' else f"\\U{ord(ch):08x}" for ch in text) + '"'


def with_aliases(*aliases: str) -> str:
    """MINIMAL with Italy also known by `aliases`."""
    return MINIMAL.replace("name: Italy\n", f"name: Italy\n    aliases: [{', '.join(map(yaml_quoted, aliases))}]\n")


@pytest.mark.parametrize(
    "alias",
    [
        "Iz$(touch pwned)",
        "Ib`touch pwned`",
        "Iq\\$(touch pwned)",
        "Is; touch pwned",
        "Ie\\",
        'Id"; touch pwned; "',
        "Ik'$(touch pwned)'",
        "Ic:$(touch pwned)",
        "Ig*",
        "Il\n$(touch pwned)",
        "It\tab",
        "Ia\x07",
        "Ir\u202eevil",
        "Iw  two spaces",
        "Iv ",
        "I(x|y)",
        "I~",
        "I!!",
        "I#x",
        "I{a,b}",
    ],
)
def test_an_alias_holding_shell_syntax_is_offered_to_no_shell(write_ledger: Callable[..., Path], alias: str) -> None:
    """The party stays reachable by its code and name; only the unsafe spelling is left out."""
    line = f"ledger show --data {write_ledger(with_aliases(alias))} --country I"
    assert answer("bash", line) == "IT\nItaly\n"
    assert answer("zsh", line) == """_arguments '*: :(("IT":"Italy"\n"Italy":"IT"))'\n"""
    assert answer("fish", line) == "IT\tItaly\nItaly\tIT\n"


def test_a_meeting_id_holding_shell_syntax_is_not_offered(write_ledger: Callable[..., Path]) -> None:
    """Completion reads the file unchecked, so even an id the schema refuses reaches it."""
    path = write_ledger(MEETINGS.replace("id: london-2025-03-02", 'id: "l$(touch pwned)"'))
    assert complete(f"ledger show --data {path} --meeting ") == ["paris-2025-03-27", "paris-2026-01-06"]


def test_an_option_like_alias_is_not_offered(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(with_aliases("--data=/etc/passwd", "-I", ".hidden", "Italia"))
    assert complete(f"ledger show --data {path} --country ") == ["IT", "Italia", "Italy", "NO", "Norge", "Norway"]


def test_bash_gets_a_name_of_several_words_as_one_quoted_word(write_ledger: Callable[..., Path]) -> None:
    """bash's script inserts a candidate as it is; zsh and fish quote what they insert themselves."""
    line = f"ledger show --data {write_ledger(PARTIES)} --country Uni"
    assert answer("bash", line) == "United\\ Kingdom\n"
    assert answer("zsh", line) == """_arguments '*: :(("United Kingdom":"GB"))'\n"""
    assert answer("fish", line) == "United Kingdom\tGB\n"


def test_a_shell_it_does_not_know_gets_one_word_values_only() -> None:
    assert party_candidates(PARTIES.encode(), "U", "powershell") == [("UK", "United Kingdom (GB)")]


def test_a_hint_keeps_its_words_and_loses_shell_syntax() -> None:
    """zsh evaluates hints twice and rich reads them as markup: what is left is words and `,().–’`."""
    name = 'name: "Italy \\"$(touch x)\\" \\\\ [bold]it:al\'y;\\tok"'
    assert party_candidates(MINIMAL.replace("name: Italy", name).encode(), "IT", "zsh") == [
        ("IT", "Italy (touch x) bold it al’y ok")
    ]
    title = 'title: "Leaders\' summit: `id` and ${HOME}, in Paris – Élysée"'
    assert meeting_candidates(MEETINGS.replace("title: London summit", title).encode(), "lon", "fish") == [
        ("london-2025-03-02", "2025-03-02 Leaders’ summit id and HOME , in Paris – Élysée")
    ]


# What no candidate may hold, whatever the data says: any ASCII sign but `-` and `.` (a hint may
# also hold `,`, `(` and `)`), any control, format or separator character. Each shell spells the
# space between words its own way; a shell the module does not know gets no spaces at all.
_SHELL_SIGNS = set(string.punctuation) - {"-", "."}
_HINT_SIGNS = _SHELL_SIGNS - {",", "(", ")"}
_SPACE_IN = {"bash": "\\ ", "zsh": " ", "fish": " "}


def _inert(text: str, signs: set[str]) -> bool:
    return not any(ch in signs or unicodedata.category(ch)[0] in "CZ" for ch in text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=1, max_size=12), shell=st.sampled_from(["bash", "zsh", "fish", "powershell"]))
def test_whatever_a_name_holds_what_reaches_a_shell_is_inert(text: str, shell: str) -> None:
    """`text` is an alias of Italy and the name of Norway, so it is both a value and a hint."""
    data = with_aliases(text).replace("name: Norway", f"name: {yaml_quoted(text)}").encode()
    for value, hint in party_candidates(data, "", shell):
        words = value.split(_SPACE_IN[shell]) if shell in _SPACE_IN else [value]
        assert value[0].isalnum() and all(word and _inert(word, _SHELL_SIGNS) for word in words), value
        assert _inert(hint.replace(" ", ""), _HINT_SIGNS), hint
