"""Hostile input: whatever the file, the environment or the arguments hold, the CLI ends with one
clear answer (exit 0, 1 or 2; located, one-line messages; valid JSON), runs nothing the file
asks for, writes nothing it reads, and says the same thing on every run.

The corpus in tests/cases/invalid/ already pins the exact message of these attacks, so they are
not repeated here: tab indentation, a raw control character, non-UTF-8 bytes, a Python tag,
a billion-laughs document, a recursive alias, nesting past libyaml's 1000 levels, a top-level
list, two documents, duplicate keys and ids, wrong scalar types, a truncated flow sequence.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.load import strict_yaml

from .support import MINIMAL, git_repository, run

# A fuller ledger than MINIMAL: every section, every optional field, lineage, money, a dispute,
# non-ASCII text, an unquoted NO. Invented for the tests; it describes no real meeting.
REALISTIC = """\
schema: 1
parties:
  - code: FR
    name: France
    kind: country
  - code: GB
    name: United Kingdom
    kind: country
    aliases: [UK, Britain]
  - code: IT
    name: Italy
    kind: country
  - code: NO
    name: Norway
    kind: country
    aliases: [Norge]
  - code: EU
    name: European Union
    kind: organisation
meetings:
  - id: paris-2025-09-04
    date: 2025-09-04
    title: First fixture summit
    place: Paris, Élysée
    hosts: [FR, GB]
    format: hybrid
    participants:
      count: 30
      as_stated: some 30 delegations, several by video
    attendees:
      - name: A. Host
        role: Head of state
        party: FR
    documents:
      - title: Joint statement
        signatories: [FR, GB, NO]
    sources:
      - url: https://example.org/meetings/one
        publisher: Example Wire
        date: 2025-09-04
        reliability: major
  - id: paris-2026-01-06
    date: 2026-01-06
    title: Second fixture summit
    place: Paris
    hosts: [FR]
    format: in-person
    sources:
      - url: https://example.org/meetings/two
        publisher: Example Ministry
        reliability: official
commitments:
  - id: gb-troops-paris-2025-09-04
    party: GB
    meeting: paris-2025-09-04
    kind: troops
    status: conditional
    summary: Troops on the ground once a ceasefire holds
    quantity:
      low: 1000
      high: null
      unit: troops
      as_stated: several thousand
    conditions: [a ceasefire, a US backstop]
    sources:
      - url: https://example.org/a?x=1&y=2
        publisher: Example Wire
        date: 2025-09-04
        reliability: major
  - id: gb-troops-paris-2026-01-06
    party: GB
    meeting: paris-2026-01-06
    kind: troops
    status: committed
    summary: Troops on the ground, now without conditions
    supersedes: gb-troops-paris-2025-09-04
    quantity:
      low: 5000
      high: 5000
      unit: troops
      as_stated: "5,000"
    sources:
      - url: https://example.org/b
        publisher: Example Ministry
        reliability: official
  - id: fr-aid-paris-2026-01-06
    party: FR
    meeting: paris-2026-01-06
    kind: aid
    status: committed
    summary: Money for air defence
    period: 2026–2027
    quantity:
      low: 0
      high: 90000000
      unit: EUR
      as_stated: jusqu'à 90 millions d'euros
    quote:
      text: « pas de troupes au sol »
      lang: fr
      speaker: A. Host
    disputed:
      - reason: Another outlet reports a smaller sum
        sources:
          - url: https://example.org/c
            publisher: Example Daily
            reliability: major
    sources:
      - url: https://example.org/d
        publisher: Example Ministry
        reliability: official
  - id: it-troops-paris-2026-01-06
    party: IT
    meeting: paris-2026-01-06
    kind: troops
    status: refused
    summary: No troops on the ground
    notes: |
      Said twice, in two interviews.
      Both are listed.
    sources:
      - url: https://example.org/e
        publisher: Example Daily
        reliability: major
  - id: no-maritime-paris-2026-01-06
    party: NO
    meeting: paris-2026-01-06
    kind: maritime
    status: considering
    summary: Could help keep sea lanes open
    location: Black Sea
    sources:
      - url: https://example.org/f
        publisher: Example Wire
        reliability: major
"""

BASES = (MINIMAL.encode(), REALISTIC.encode())
MARKER = "{MARKER}"  # replaced by a path in the test's folder: a tag that ran would create it

# -- mutations: each takes the hypothesis draw function and the file, and returns a new file --

Draw = st.DrawFn
Mutation = Callable[[Draw, bytes], bytes]

SCALARS = [
    *("0", "-1", "1.5", "1e3", "0x1F", "0o17", "010", "1:30", ".inf", "-.inf", ".nan", "1_000"),
    *("true", "NO", "yes", "off", "null", "~", '""', "''", "[]", "{}", "[a, b]", "{a: 1}", "- item"),
    *("2026-01-06", "2026-13-45", "2026-01-06T10:30:00Z", "9" * 5000, "é", "'it''s'", '"unterminated'),
    *('"\\e[2K"', '"\\x07"', '"\\u0000"', '"\\ud800"', '"\\N"', '"\\L"', '"a\\nb"', '"\\r"', "|\n  block", ">-"),
    *("@reserved", "`tick", "%", "#", "&", "*", "!", "|", ">", "?", ":", "-", ",", "[", "{", "]", "}"),
    # Words the ledger knows, so some mutants stay valid YAML and reach the schema and the checks.
    *("committed", "refused", "withdrawn", "troops", "aid", "official", "aggregator", "state-media"),
    *("IT", "GB", "FR", "XX", "paris-2026-01-06", "paris-2025-09-04", "gb-troops-paris-2025-09-04", "it-troops"),
    *("https://example.org/z", "2025-09-04", "5000", "EUR", "EUX"),
]
TAGS = [
    f'!!python/object/apply:os.system ["touch {MARKER}"]',
    f"!!python/object/new:pathlib.Path [{MARKER}]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!<tag:yaml.org,2002:python/object/apply:os.system> [true]",
    *("!custom x", "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!!timestamp 2026-01-06"),
    *("!!int 3", "!!float 1", "!!bool yes", "!!null ''", "!!str 3", "!!map {}", "!!seq []", "! x", "!!merge <<"),
]
INJECTED = [
    *(bytes([code]) for code in [*range(0x20), 0x7F]),
    *(b"\t", b"\r", b"\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"),
    *(b"\xff", b"\xc3", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80"),
    *(c.encode() for c in ("\u0085", "\u2028", "\u2029", "\u202e", "\u200b", "\ufeff", "\ufffe", "\U0001f600")),
    *(b"\n---\n", b"\n...\n", b"%YAML 1.1\n---\n", b"%TAG ! tag:example.com,2000:\n---\n", b"\n? ", b": ", b"- "),
]
LAUGHS = b"".join(
    b"l%d: &l%d [%s]\n" % (level, level, b", ".join([b"*l%d" % (level - 1) if level else b"lol"] * 9))
    for level in range(9)
)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _pick(draw: Draw, items: list[bytes]) -> int:
    return draw(st.integers(0, max(len(items) - 1, 0)))


def _valued(draw: Draw, lines: list[bytes]) -> int | None:
    """A line holding `key: value` or `- value`, whose value a mutation can replace."""
    candidates = [i for i, line in enumerate(lines) if b": " in line or line.lstrip().startswith(b"- ")]
    return draw(st.sampled_from(candidates)) if candidates else None


def _replace_value(draw: Draw, data: bytes, value: bytes) -> bytes:
    lines = _lines(data)
    at = _valued(draw, lines)
    if at is None:
        return data + value
    line = lines[at]
    head = line.partition(b": ")[0] + b": " if b": " in line else line[: line.index(b"- ") + 2]
    lines[at] = head + value
    return b"\n".join(lines)


def delete_lines(draw: Draw, data: bytes) -> bytes:
    lines = _lines(data)
    at = _pick(draw, lines)
    del lines[at : at + draw(st.integers(1, 4))]
    return b"\n".join(lines)


def duplicate_line(draw: Draw, data: bytes) -> bytes:
    lines = _lines(data)
    lines.insert(_pick(draw, lines), lines[_pick(draw, lines)])
    return b"\n".join(lines)


def move_line(draw: Draw, data: bytes) -> bytes:
    lines = _lines(data)
    moved = lines.pop(_pick(draw, lines))
    lines.insert(_pick(draw, lines), moved)
    return b"\n".join(lines)


def reindent(draw: Draw, data: bytes) -> bytes:
    lines = _lines(data)
    at = _pick(draw, lines)
    lines[at] = b" " * draw(st.integers(0, 14)) + lines[at].lstrip(b" ")
    return b"\n".join(lines)


def swap_scalar(draw: Draw, data: bytes) -> bytes:
    return _replace_value(draw, data, draw(st.sampled_from(SCALARS)).encode())


def tag_value(draw: Draw, data: bytes) -> bytes:
    return _replace_value(draw, data, draw(st.sampled_from(TAGS)).encode())


def truncate(draw: Draw, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def inject(draw: Draw, data: bytes) -> bytes:
    piece = draw(st.sampled_from(INJECTED) | st.binary(min_size=1, max_size=6))
    at = draw(st.integers(0, len(data)))
    return data[:at] + piece + data[at:]


def anchor_and_alias(draw: Draw, data: bytes) -> bytes:
    lines = _lines(data)
    anchored, aliased = _valued(draw, lines), _valued(draw, lines)
    if anchored is None or aliased is None:
        return data
    how = draw(st.sampled_from(["alias", "self", "undefined", "merge", "many", "laughs"]))
    indent = lines[aliased][: len(lines[aliased]) - len(lines[aliased].lstrip())]
    if how == "laughs":
        return data + b"\n" + LAUGHS if draw(st.booleans()) else LAUGHS + data
    key, sep, value = lines[anchored].partition(b": ")
    if sep:
        lines[anchored] = key + b": &a " + value
    else:
        lines[anchored] = lines[anchored].replace(b"- ", b"- &a ", 1)
    use = {
        "alias": b"*a",
        "self": b"*a",
        "undefined": b"*nowhere",
        "merge": b"*a",
        "many": b"[" + b", ".join([b"*a"] * draw(st.integers(90, 110))) + b"]",
    }[how]
    if how == "merge":
        lines.insert(aliased, indent.replace(b"- ", b"  ") + b"<<: *a")
    elif how == "self":
        lines.insert(anchored + 1, indent + b"  - *a")
    else:
        key, sep, _ = lines[aliased].partition(b": ")
        lines[aliased] = (key + b": " if sep else indent + b"- ") + use
    return b"\n".join(lines)


def long_scalar(draw: Draw, data: bytes) -> bytes:
    length = draw(st.sampled_from([1024, 1025, 4000, 4001, 10_000, 10_001, 200_000]))
    text = draw(st.sampled_from([b"x", b"\xc3\xa9", b"9", b"ab "])) * length
    where = draw(st.sampled_from(["value", "quoted", "key", "explicit key"]))
    if where == "value":
        return _replace_value(draw, data, text)
    if where == "quoted":
        return _replace_value(draw, data, b'"' + text + b'"')
    lines = _lines(data)
    at = _pick(draw, lines)
    lines.insert(at, (b"? " + text + b"\n: 1") if where == "explicit key" else (text + b": 1"))
    return b"\n".join(lines)


def deep_nesting(draw: Draw, data: bytes) -> bytes:
    depth = draw(st.sampled_from([31, 32, 33, 999, 1000, 1001, 20_000]))
    shape = draw(st.sampled_from(["flow list", "flow map", "unclosed", "block"]))
    value = {
        "flow list": b"[" * depth + b"]" * depth,
        "flow map": b"{a: " * depth + b"1" + b"}" * depth,
        "unclosed": b"[" * depth,
        "block": b"- " * depth + b"x",
    }[shape]
    return _replace_value(draw, data, value)


MUTATIONS: list[Mutation] = [
    delete_lines,
    duplicate_line,
    move_line,
    reindent,
    swap_scalar,
    tag_value,
    truncate,
    inject,
    anchor_and_alias,
    long_scalar,
    deep_nesting,
]


@st.composite
def hostile_ledgers(draw: Draw) -> bytes:
    """A valid ledger with one to four mutations applied, one after another."""
    data = draw(st.sampled_from(BASES))
    for mutate in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)):
        data = mutate(draw, data)
    return data


# -- what every run must look like --------------------------------------------------------


def _diagnostic_line(path: Path) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(str(path))}:[1-9][0-9]*:[1-9][0-9]*: (error|warning)\[[a-z-]+\] \S.*")


def assert_check_is_clean(path: Path) -> None:
    """`ledger check` in all three formats: exit 0 or 1, one located line per problem, the same
    problems in each format, one summary line on stderr. A crash would raise here."""
    text = run("check", "--data", str(path))
    assert text.exit_code in (0, 1), text.output
    lines = text.stdout.splitlines()
    pattern = _diagnostic_line(path)
    for line in lines:
        assert pattern.fullmatch(line), line
    errors = [line for line in lines if ": error[" in line]
    assert (text.exit_code == 1) == bool(errors), text.output
    assert len(text.stderr.splitlines()) == 1, text.stderr
    verdict = text.stderr.strip()
    counted = r"(; [0-9,]+ warnings? \(--warnings lists them\))?"
    assert re.fullmatch(
        rf"[0-9,]+ errors? in {re.escape(str(path))}{counted}" if errors else rf"{re.escape(str(path))}: ok — .*",
        verdict,
    ), verdict

    as_json = run("check", "--format", "json", "--data", str(path))
    assert as_json.exit_code == text.exit_code
    report = json.loads(as_json.stdout)
    assert [f"{e['path']}:{e['line']}:{e['column']}: error[{e['code']}] {e['message']}" for e in report["errors"]] == (
        errors
    )

    github = run("check", "--format", "github", "--data", str(path))
    assert github.exit_code == text.exit_code
    annotation = re.compile(
        r"::(error|warning) file=[^,]+,line=[1-9][0-9]*,col=[1-9][0-9]*,title=.*|::notice .*"
        r"|::stop-commands::[0-9a-f]{32}|::[0-9a-f]{32}::"  # the markers around the problems printed plainly
    )
    for line in github.stdout.splitlines():  # annotations, then every problem as text when there are many
        assert annotation.fullmatch(line) or pattern.fullmatch(line), line

    if text.exit_code == 0:
        shown = run("show", "--format", "json", "--data", str(path))
        assert shown.exit_code == 0, shown.output
        assert isinstance(json.loads(shown.stdout), list)


def test_the_fixtures_are_valid(tmp_path: Path) -> None:
    for number, base in enumerate(BASES):
        path = tmp_path / f"base{number}.yaml"
        path.write_bytes(base)
        result = run("check", "--data", str(path))
        assert (result.exit_code, result.stdout) == (0, ""), result.output


# At least 500 examples (more on a long run); the deadline bounds each example's wall time,
# so a hang or a quadratic blow-up fails the test instead of stalling CI.
@settings(max_examples=max(500, settings().max_examples), deadline=timedelta(seconds=5))
@given(hostile_ledgers())
def test_any_mutated_ledger_ends_cleanly(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("hostile", numbered=True)
    marker = folder / "ran"
    path = folder / "commitments.yaml"
    path.write_bytes(data.replace(MARKER.encode(), str(marker).encode()))
    assert_check_is_clean(path)
    assert not marker.exists(), "a YAML tag ran code"
    shutil.rmtree(folder)


# -- named attacks, each with its exact message and exit code --------------------------------


def check_says(path: Path, *expected: str) -> None:
    """`ledger check` exits 1 and prints exactly these `line:col: message` lines."""
    result = run("check", "--data", str(path))
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [f"{path}:{line}" for line in expected]


def with_commitment_field(text: str) -> str:
    """MINIMAL with one more field on its commitment (after `summary`, at line 26)."""
    return MINIMAL.replace("    summary: No Italian troops on the ground\n", f"    summary: x\n    {text}\n")


def test_truncated_inside_a_multibyte_character(tmp_path: Path) -> None:
    path = tmp_path / "commitments.yaml"
    whole = MINIMAL.replace("place: Paris", "place: Pérouse").encode()
    path.write_bytes(whole[: whole.index("é".encode()) + 1])
    check_says(path, "14:13: error[encoding] invalid UTF-8 byte 0xc3")


def test_a_byte_order_mark_in_the_middle(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(MINIMAL.replace("meetings:", "\ufeffmeetings:"))
    check_says(path, "10:1: error[encoding] character U+FEFF is not allowed")


def test_a_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "commitments.yaml"
    path.write_bytes(MINIMAL.encode("utf-16"))
    check_says(path, "1:1: error[encoding] invalid UTF-8 byte 0xff")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("\x85", "0085"), ("\u2028", "2028"), ("\x9b", "009B")],
    ids=["next-line", "line-separator", "c1-control"],
)
def test_line_breaks_editors_do_not_count(write_ledger: Callable[..., Path], raw: str, shown: str) -> None:
    path = write_ledger(MINIMAL.replace("place: Paris", f"place: Pa{raw}ris"))
    check_says(path, f"14:14: error[encoding] character U+{shown} is not allowed")


@pytest.mark.parametrize(("escape", "shown"), [("\\e[2K", "001B"), ("\\r", "000D"), ("\\x9b", "009B")])
def test_control_characters_written_as_escapes(write_ledger: Callable[..., Path], escape: str, shown: str) -> None:
    check_says(
        write_ledger(with_commitment_field(f'notes: "hidden{escape}"')),
        f"27:12: error[encoding] character U+{shown} is not allowed, even as an escape",
    )
    path = write_ledger(MINIMAL.replace("    party: IT\n", f'    "{escape}": 1\n    party: IT\n'))
    check_says(path, f"22:5: error[encoding] character U+{shown} is not allowed, even as an escape")


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ('!!python/object/apply:os.system ["touch {marker}"]', "!!python/object/apply:os.system"),
        ("!!python/object/new:pathlib.Path [{marker}]", "!!python/object/new:pathlib.Path"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!<tag:yaml.org,2002:python/module:os> x", "!!python/module:os"),
        ("!custom x", "!custom"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a, b}", "!!set"),
        ("!!timestamp 2026-01-06", "!!timestamp"),
        ("!!int 3", "!!int"),
    ],
)
def test_no_tag_constructs_anything(tmp_path: Path, tag: str, shown: str) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "commitments.yaml"
    path.write_text(MINIMAL.replace("kind: troops", f"kind: {tag.replace('{marker}', str(marker))}"), encoding="utf-8")
    check_says(path, f"24:11: error[tag] tag '{shown}' is not allowed; write the value without a tag")
    assert not marker.exists()


def test_a_billion_laughs_inside_a_ledger(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(MINIMAL + "laughs:\n" + textwrap.indent(LAUGHS.decode(), "  "))
    check_says(path, "33:7: error[alias] aliases expand more than 100 times")


def test_aliases_of_one_value_count_against_the_budget(write_ledger: Callable[..., Path]) -> None:
    many = ", ".join(["*reason"] * (strict_yaml.ALIAS_BUDGET + 1))
    path = write_ledger(with_commitment_field(f"period: &reason after a ceasefire\n    conditions: [{many}]"))
    check_says(path, "27:13: error[alias] aliases expand more than 100 times")


def test_an_undefined_alias(write_ledger: Callable[..., Path]) -> None:
    check_says(
        write_ledger(MINIMAL.replace("kind: troops", "kind: *nowhere")), "24:11: error[syntax] found undefined alias"
    )


def test_a_merge_key_is_an_unknown_field(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(MINIMAL.replace("    party: IT\n", "    <<: {party: IT}\n    party: IT\n"))
    check_says(path, "22:5: error[unknown-field] commitments[0]: unknown field '<<'")


def test_a_value_longer_than_the_scalar_limit(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(with_commitment_field("notes: " + "x" * (strict_yaml.MAX_SCALAR_CHARS + 1)))
    check_says(path, "27:12: error[too-long] a value of 10,001 characters; at most 10,000 are allowed")


def test_a_key_longer_than_the_scalar_limit(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(MINIMAL + "? " + "k" * (strict_yaml.MAX_SCALAR_CHARS + 1) + "\n: 1\n")
    check_says(path, "31:3: error[too-long] a key of 10,001 characters; at most 10,000 are allowed")


def test_a_plain_key_longer_than_libyaml_allows(write_ledger: Callable[..., Path]) -> None:
    path = write_ledger(MINIMAL + "k" * 1025 + ": 1\n")
    check_says(path, "31:1026: error[syntax] while scanning a simple key: could not find expected ':'")


def test_an_integer_too_long_to_convert(write_ledger: Callable[..., Path]) -> None:
    quantity = "quantity:\n      low: " + "9" * 5000 + "\n      high: null\n      unit: troops\n      as_stated: many"
    path = write_ledger(with_commitment_field(quantity))
    check_says(path, "28:12: error[schema] commitments[0].quantity.low: Input should be a valid integer")


@pytest.mark.parametrize(
    ("value", "column"),
    [
        ("[" * (strict_yaml.MAX_DEPTH + 1) + "]" * (strict_yaml.MAX_DEPTH + 1), 36),
        ("{a: " * (strict_yaml.MAX_DEPTH + 1) + "1" + "}" * (strict_yaml.MAX_DEPTH + 1), 123),
        ("- " * (strict_yaml.MAX_DEPTH + 1) + "x", 65),
    ],
    ids=["flow-list", "flow-map", "block"],
)
def test_nesting_deeper_than_a_ledger_needs(write_ledger: Callable[..., Path], value: str, column: int) -> None:
    """Depth counts from the top of the file: the notes of a commitment are already 3 levels in."""
    path = write_ledger(with_commitment_field(f"notes:\n      {value}"))
    check_says(path, f"28:{column}: error[too-deep] nesting is deeper than 32 levels")


@pytest.mark.parametrize(
    ("text", "where", "found"),
    [("42\n", "1:1", "a single value"), ("null\n", "1:1", "a single value"), ("--- text\n", "1:5", "a single value")],
)
def test_a_document_that_is_not_a_mapping_is_one_error(
    write_ledger: Callable[..., Path], text: str, where: str, found: str
) -> None:
    keys = "schema, parties, meetings, commitments"
    check_says(
        write_ledger(text), f"{where}: error[top-level] the file must be a mapping with keys {keys}; found {found}"
    )


def test_hundreds_of_broken_references_get_a_bounded_number_of_hints(write_ledger: Callable[..., Path]) -> None:
    """Each bad id is compared with its neighbours in sorted order only, and hints stop after the
    first 50 names: difflib against every id for every bad reference took hours on such a file."""
    head, record = MINIMAL.split("commitments:\n", 1)
    records = [record.replace("id: it-troops", f"id: c-{n:03}\n    supersedes: c-{n:03}x") for n in range(300)]
    result = run("check", "--data", str(write_ledger(head + "commitments:\n" + "".join(records))))
    said = [line.split("] ", 1)[1] for line in result.stdout.splitlines() if "unknown-commitment" in line]
    hinted = {n: f"commitment 'c-{n:03}x' is not defined (did you mean 'c-{n:03}'?)" for n in range(50)}
    assert said == [hinted.get(n, f"commitment 'c-{n:03}x' is not defined") for n in range(300)]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "commitments.yaml"
    with path.open("wb") as stream:  # sparse: 200 MB on paper, nothing on disk
        stream.truncate(200 * 1024 * 1024)
    result = run("check", "--data", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    # Read, the zero bytes would have been "character U+0000 is not allowed" at 1:1.
    assert result.stderr == f"error: {path}: the file is 200 MiB; a ledger may be at most 128 MiB\n"


# -- the environment ---------------------------------------------------------------------------


def _odd_places(tmp_path: Path) -> list[tuple[str, str]]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # opened, it would block until a writer came
    return [
        (str(tmp_path), f"{tmp_path} is not a file"),
        (str(tmp_path / "missing.yaml"), f"{tmp_path / 'missing.yaml'}: no such file"),
        (os.devnull, f"{os.devnull} is not a file"),
        (str(fifo), f"{fifo} is not a file"),
        (str(tmp_path / "missing" / "x.yaml"), f"{tmp_path / 'missing' / 'x.yaml'}: no such file"),
    ]


@pytest.mark.parametrize("command", ["check", "show", "meetings"])
def test_ledger_data_pointing_somewhere_odd(tmp_path: Path, command: str) -> None:
    for place, message in _odd_places(tmp_path):
        result = run(command, env={"LEDGER_DATA": place})
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message}\n"), place


def test_ledger_data_pointing_somewhere_odd_with_a_revision(tmp_path: Path) -> None:
    """Outside a repository git is asked first; either way the answer is one line."""
    for place, _ in _odd_places(tmp_path):
        result = run("diff", "--rev", "HEAD", env={"LEDGER_DATA": place})
        assert (result.exit_code, result.stdout) == (1, ""), place
        assert re.fullmatch(r"error: [^\n]+(is not in a git repository|no such directory)[^\n]+\n", result.stderr)


def test_git_dir_pointing_at_no_repository(tmp_path: Path) -> None:
    data = git_repository(tmp_path / "repo", REALISTIC)
    result = run("diff", "--rev", "HEAD", "--data", str(data), env={"GIT_DIR": str(tmp_path / "nowhere")})
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {data.parent} is not in a git repository: ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("rev", ["--output=x", "HEAD..--output=x", "--output=x..HEAD", "-p"])
def test_a_revision_that_looks_like_an_option_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rev: str
) -> None:
    data = git_repository(tmp_path, REALISTIC)
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)
    result = run("diff", "--rev", rev, "--data", str(data))
    assert result.exit_code == 1
    option = rev.removeprefix("HEAD..").removesuffix("..HEAD")
    assert result.stderr == f"error: '{option}' is not a revision: a revision never starts with '-'\n"
    assert _snapshot(tmp_path) == before


def test_an_unknown_revision(tmp_path: Path) -> None:
    data = git_repository(tmp_path, REALISTIC)
    result = run("diff", "--rev", "no-such-branch", "--data", str(data))
    assert result.exit_code == 1
    assert result.stderr == f"error: unknown revision 'no-such-branch' in the git repository at {tmp_path.resolve()}\n"


# -- nothing is written ------------------------------------------------------------------------

READ_COMMANDS = [
    *(["show", "--format", fmt] for fmt in ("table", "json", "csv", "markdown")),
    ["show", "--country", "UK", "--status", "committed"],
    *(["check", "--format", fmt] for fmt in ("text", "json", "github")),
    ["meetings"],
    ["parties", "--format", "json"],
    ["diff", "paris-2025-09-04", "paris-2026-01-06"],
    ["diff", "--rev", "HEAD"],
    ["diff", "--rev", "HEAD..HEAD", "--format", "json"],
    ["history", "--country", "GB"],
    ["matrix"],
    ["summary"],
]


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` (git's own included), with its bytes and modification time."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def test_no_command_writes_to_the_data_file_or_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = git_repository(tmp_path / "repo", REALISTIC)
    monkeypatch.chdir(data.parent.parent)
    before = _snapshot(tmp_path / "repo")
    for command in READ_COMMANDS:
        result = run(*command, "--data", str(data))
        assert result.exit_code == 0, (command, result.output)
    for command in (["schema"], ["report", str(tmp_path / "site"), "--data", str(data)]):
        result = run(*command)
        assert result.exit_code == 0, (command, result.output)
    assert _snapshot(tmp_path / "repo") == before


# -- the same answer every time ----------------------------------------------------------------


def _cli(args: list[str], seed: int) -> tuple[int, bytes, bytes]:
    """`python -m ledger ARGS` in a fresh process with this hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run([sys.executable, "-m", "ledger", *args], capture_output=True, env=env, check=False)
    return done.returncode, done.stdout, done.stderr


def test_output_is_identical_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    data = git_repository(tmp_path / "repo", REALISTIC)
    broken = tmp_path / "broken.yaml"  # errors and warnings from several checks, to be ordered
    broken.write_text(
        REALISTIC.replace("party: IT", "party: IE")
        .replace("meeting: paris-2025-09-04\n    kind: troops", "meeting: paris-2025-09-05\n    kind: troops")
        .replace("reliability: official", "reliability: aggregator")
        .replace("status: refused", "status: maybe")
        + "extra: 1\n",
        encoding="utf-8",
    )
    data.write_text(REALISTIC.replace("status: considering", "status: committed"), encoding="utf-8")
    commands = [
        ["show", "--data", str(data)],
        ["show", "--format", "json", "--data", str(data)],
        ["summary", "--format", "csv", "--data", str(data)],
        ["check", "--format", "json", "--data", str(broken)],
        ["check", "--data", str(broken)],
        ["diff", "paris-2025-09-04", "paris-2026-01-06", "--data", str(data)],
        ["diff", "--rev", "HEAD", "--format", "json", "--data", str(data)],
    ]
    for command in commands:
        runs = {_cli(command, seed) for seed in (0, 1, 0, 1)}  # a cold cache, then warm ones
        assert len(runs) == 1, command
        code, stdout, _ = runs.pop()
        assert code in (0, 1) and stdout, command
