"""`ledger fmt`'s core: one canonical layout that keeps comments and never changes what the file says."""

from __future__ import annotations

import random
import re
import textwrap
from collections import Counter
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from yamllint import linter
from yamllint.config import YamlLintConfig

from ledger.edit.layout import format_ledger, same_records
from ledger.errors import Diagnostic, LedgerError
from ledger.load.loader import load_bytes
from ledger.model.models import Kind, Status

from .support import MINIMAL, ROOT, ledger_of

SHIPPED = ROOT / "data" / "commitments.yaml"


def fmt(text: str) -> str:
    return format_ledger(textwrap.dedent(text), name="t.yaml").text


def test_a_ledger_in_canonical_layout() -> None:
    messy = """\
        # A ledger for this test; it describes no real meeting.
        schema: 1
        parties:
          - kind: country
            code: NO
            name: Norway    # keys follow the model's order
          - {code: IT, name: Italy, kind: country, aliases: ['Italia']}
        meetings:
          - id: rome-2026-02-01
            date: 2026-02-01
            title: Second summit
            place: Rome
            format: virtual
            sources: [{url: "https://example.org/r", publisher: Example, reliability: official}]
          - id: paris-2026-01-06
            date: 2026-01-06
            title: First summit
            place: Paris
            format: in-person
            sources:
              - url: https://example.org/p
                publisher: Example
                reliability: official
            notes: >-
              Written over two lines,
                and a more indented one.
        commitments:
          # ---- a stale heading ----
          # Norway's troops: this comment moves with the entry
          - id: no-troops-rome-2026-02-01
            party: NO
            meeting: rome-2026-02-01
            kind: troops
            status: 'conditional'
            summary: "Yes, if asked"
            conditions:
              - a UN mandate  # said twice
              - "on"
            sources:
              - url: https://example.org/a
                publisher: Example
                date: '2026-02-01'
                reliability: major
          - summary: 'Norway: "not now"'
            id: no-air-paris-2026-01-06
            party: NO
            meeting: paris-2026-01-06
            kind: air
            status: refused
            sources:
              - {url: https://example.org/b, publisher: Example, reliability: major}
          - id: it-troops-paris-2026-01-06
            party: IT
            meeting: paris-2026-01-06
            kind: troops
            status: refused
            summary: No troops
            quantity: {low: 0, high: +0, unit: troops, as_stated: "0"}
            sources:
              - url: https://example.org/c
                publisher: Example
                reliability: major
        # the end
        """
    assert fmt(messy) == textwrap.dedent("""\
        # A ledger for this test; it describes no real meeting.
        schema: 1

        parties:
          - code: "NO"
            name: Norway  # keys follow the model's order
            kind: country
          - code: IT
            name: Italy
            kind: country
            aliases: [Italia]

        meetings:
          - id: paris-2026-01-06
            date: 2026-01-06
            title: First summit
            place: Paris
            format: in-person
            sources:
              - url: https://example.org/p
                publisher: Example
                reliability: official
            notes: >-
              Written over two lines,
                and a more indented one.

          - id: rome-2026-02-01
            date: 2026-02-01
            title: Second summit
            place: Rome
            format: virtual
            sources:
              - url: https://example.org/r
                publisher: Example
                reliability: official

        commitments:

          # ---- 2026-01-06: First summit (Paris) ----
          - id: no-air-paris-2026-01-06
            party: "NO"
            meeting: paris-2026-01-06
            kind: air
            status: refused
            summary: "Norway: \\"not now\\""
            sources:
              - url: https://example.org/b
                publisher: Example
                reliability: major
          - id: it-troops-paris-2026-01-06
            party: IT
            meeting: paris-2026-01-06
            kind: troops
            status: refused
            summary: No troops
            quantity:
              low: 0
              high: 0
              unit: troops
              as_stated: "0"
            sources:
              - url: https://example.org/c
                publisher: Example
                reliability: major

          # ---- 2026-02-01: Second summit (Rome) ----
          # Norway's troops: this comment moves with the entry
          - id: no-troops-rome-2026-02-01
            party: "NO"
            meeting: rome-2026-02-01
            kind: troops
            status: conditional
            summary: Yes, if asked
            # said twice
            conditions: [a UN mandate, "on"]
            sources:
              - url: https://example.org/a
                publisher: Example
                date: 2026-02-01
                reliability: major

        # the end
        """)


# -- the shipped data ---------------------------------------------------------------------------


def _comments(text: str) -> Counter[str]:
    return Counter(line.strip() for line in text.splitlines() if line.lstrip().startswith("#"))


def test_the_shipped_file_formats_to_the_same_records_and_keeps_every_comment() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    formatted = format_ledger(text, name="data/commitments.yaml")
    assert same_records(ledger_of(formatted.text), ledger_of(text))
    assert load_bytes(formatted.text.encode(), name="t.yaml").errors == ()
    assert format_ledger(formatted.text, name="t.yaml").text == formatted.text

    heading = re.compile(r"# ---- (\d{4}-\d\d-\d\d): .* ----")
    kept, before = _comments(formatted.text), _comments(text)
    assert {c: n for c, n in kept.items() if not heading.match(c)} == {
        c: n for c, n in before.items() if not heading.match(c)
    }
    ledger = ledger_of(text)
    used = {c.meeting for c in ledger.commitments}
    meetings = sorted((m for m in ledger.meetings if m.id in used), key=lambda m: (m.date, m.id))
    headings = [m.group(1) for line in formatted.text.splitlines() if (m := heading.match(line.strip()))]
    assert headings == [m.date.isoformat() for m in meetings]

    lint = YamlLintConfig(file=str(ROOT / ".yamllint.yaml"))
    assert [str(p) for p in linter.run(formatted.text, lint, "data/commitments.yaml")] == []


def test_check_names_the_records_that_move_and_diff_is_unified() -> None:
    text = MINIMAL.replace("commitments:\n", "commitments:\n" + _commitment("it-aid", "aid")) + _commitment(
        "it-air", "air"
    )
    formatting = format_ledger(text, name="data/commitments.yaml")
    assert formatting.changed
    assert formatting.moved == {"commitments": ("it-aid",)}
    diff = formatting.diff()
    assert diff.startswith("--- a/data/commitments.yaml\n+++ b/data/commitments.yaml\n@@ ")
    assert "+  - id: it-aid\n" in diff

    unchanged = format_ledger(formatting.text, name="x.yaml")
    assert (unchanged.changed, unchanged.moved, unchanged.diff()) == (False, {}, "")


def _commitment(commitment_id: str, kind: str) -> str:
    return f"""\
  - id: {commitment_id}
    party: IT
    meeting: paris-2026-01-06
    kind: {kind}
    status: refused
    summary: No
    sources:
      - url: https://example.org/{commitment_id}
        publisher: Example
        reliability: major
"""


def test_a_file_with_errors_is_refused_in_one_line() -> None:
    text = MINIMAL.replace("party: IT", "party: XX")
    with pytest.raises(LedgerError) as caught:
        format_ledger(text, name="t.yaml")
    assert caught.value.message == (
        "cannot format t.yaml until its errors are fixed: t.yaml:22:12: error[unknown-party] party 'XX' is not defined"
    )


def test_a_missing_final_newline_shows_in_the_diff() -> None:
    text = fmt(MINIMAL)
    formatting = format_ledger(text.rstrip("\n"), name="t.yaml")
    assert formatting.text == text
    assert formatting.diff().endswith("\n\\ No newline at end of file\n+        reliability: major\n")


def test_blocks_that_cannot_move_as_written_become_one_line() -> None:
    keep = MINIMAL.replace("summary: No Italian troops on the ground", "summary: |+\n      kept\n\n")
    assert "    summary: |+" not in fmt(keep)
    indicator = MINIMAL.replace("summary: No Italian troops on the ground", "summary: >2\n       indented\n")
    assert '    summary: " indented\\n"' in fmt(indicator)


def test_a_byte_order_mark_and_crlf_give_way_to_plain_lf() -> None:
    text = "\ufeff" + MINIMAL.replace("\n", "\r\n")
    assert fmt(text) == fmt(MINIMAL)
    assert fmt(text).startswith("schema: 1\n")


def test_comments_on_an_inline_list_go_above_it() -> None:
    text = MINIMAL.replace("aliases: [Norge]", "aliases:\n      # one\n      - Norge  # two\n      - Noreg")
    assert "    # one\n    # two\n    aliases: [Norge, Noreg]\n" in fmt(text)


def test_a_comment_indented_inside_a_record_moves_with_it() -> None:
    aid = _commitment("it-aid", "aid") + "    # the aid entry ends here\n"
    formatted = fmt(MINIMAL.replace("commitments:\n", "commitments:\n" + aid))
    assert formatted.endswith("        reliability: major\n    # the aid entry ends here\n")
    assert formatted.index("id: it-troops") < formatted.index("id: it-aid")


def test_an_alias_is_written_out_in_full() -> None:
    text = MINIMAL.replace("      - url: https://example.org/m", "      - &src\n        url: https://example.org/m")
    text = text.replace(
        "      - url: https://example.org/a\n        publisher: Example\n        reliability: major", "      - *src"
    )
    assert same_records(ledger_of(fmt(text)), ledger_of(text))
    assert fmt(text).count("url: https://example.org/m") == 2


# -- any ledger ----------------------------------------------------------------------------------

_TRICKY = st.sampled_from(
    [
        *("NO", "yes", "on", "Off", "null", "~", "true", "0123", "0o17", "1_000", "12:30", "2026-01-06", ".inf"),
        *("<<", "=", "- item", "a: b", "x #y", "#z", "'q'", '"q"', "[x]", "{y}", "*a", "&b", "!t", "%p", "@x"),
        *("`x", "|", "> x", "? x", "Il n'y a", "a, b", "é€𝄞", "tab\there", "back\\slash", "a plain phrase"),
    ]
)
_TEXT = _TRICKY | st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp"), exclude_characters="\ufeff"),
    min_size=1,
    max_size=12,
).filter(str.strip)
_ORGANISATIONS = ["ON", "YES", "NULL", "OFF", "EU"]
_COUNTRIES = ["NO", "IT", "FR", "GB", "DE"]
_SLUGS = ["alpha", "yes", "on", "null", "2026", "0123", "1.5", "b-2", "no"]
_SOURCE = st.fixed_dictionaries(
    {
        "url": st.sampled_from(["https://example.org/a", "https://example.org/a#b", "https://example.org/?q=a:b"]),
        "publisher": _TEXT,
        "reliability": st.sampled_from(["official", "major", "aggregator"]),
    },
    optional={"date": st.none() | st.dates()},
)


class _Literal(str):
    """Text that PyYAML writes as a literal (`|`) block."""


class _Folded(str):
    """Text that PyYAML writes as a folded (`>`) block, folding long lines at its width."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Literal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style="|"))
_Dumper.add_representer(_Folded, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style=">"))
_NOTES = st.one_of(
    _TEXT,
    st.lists(_TEXT, min_size=1, max_size=3).map(lambda lines: _Literal("\n".join(lines))),
    st.lists(_TEXT, min_size=1, max_size=6).map(lambda words: _Folded(" ".join(words))),
)


@st.composite
def _ledgers(draw: st.DrawFn) -> dict[str, Any]:
    """A valid ledger's plain values: tricky words everywhere YAML readers disagree about."""
    codes = draw(st.lists(st.sampled_from(_ORGANISATIONS + _COUNTRIES), min_size=1, max_size=4, unique=True))
    parties = [
        {"code": code, "name": f"{code} party", "kind": "country" if code in _COUNTRIES else "organisation"}
        | ({"aliases": [f"{code} {a}" for a in draw(st.lists(_TEXT, max_size=2))]} if draw(st.booleans()) else {})
        for code in codes
    ]
    meeting_ids = draw(st.lists(st.sampled_from(_SLUGS), min_size=1, max_size=3, unique=True))
    meetings = [
        {
            "id": meeting_id,
            "date": draw(st.dates()),
            "title": draw(_TEXT),
            "place": draw(_TEXT),
            "format": "virtual",
            "hosts": draw(st.lists(st.sampled_from(codes), max_size=2)),
            "sources": draw(st.lists(_SOURCE, min_size=1, max_size=2)),
        }
        | ({"notes": draw(_NOTES)} if draw(st.booleans()) else {})
        for meeting_id in meeting_ids
    ]
    commitments = []
    for commitment_id in draw(st.lists(st.sampled_from(_SLUGS), max_size=5, unique=True)):
        commitment = {
            "id": commitment_id,
            "party": draw(st.sampled_from(codes)),
            "meeting": draw(st.sampled_from(meeting_ids)),
            "kind": draw(st.sampled_from(list(Kind))).value,
            "status": draw(st.sampled_from(list(Status))).value,
            "summary": draw(_TEXT),
            "conditions": draw(st.lists(_TEXT, max_size=3)),
            "sources": draw(st.lists(_SOURCE, min_size=1, max_size=2)),
        }
        if draw(st.booleans()):
            low = draw(st.integers(0, 10**12))
            high = draw(st.none() | st.integers(low, 10**12))
            commitment["quantity"] = {"low": low, "high": high, "unit": "EUR", "as_stated": draw(_TEXT)}
        commitments.append(commitment)
    return {"schema": 1, "parties": parties, "meetings": meetings, "commitments": commitments}


def _written(
    ledger: dict[str, Any], rng: random.Random, *, flow: bool | None, comments: bool, width: int = 10**6
) -> str:
    """The ledger as a person might write it: keys and records in any order, PyYAML's quoting,
    inline or block lists, text folded over lines at `width`, and comments on lines of their own
    or after values (inside a block they are text, as YAML says)."""

    def shuffled(value: Any) -> Any:
        if isinstance(value, dict):
            items = [(k, shuffled(v)) for k, v in value.items()]
            rng.shuffle(items)
            return dict(items)
        if isinstance(value, list):
            return [shuffled(v) for v in value]
        return value

    document = shuffled(ledger)
    for section in ("meetings", "commitments"):
        rng.shuffle(document[section])
    text = yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=width, default_flow_style=flow
    )
    if not comments:
        return text
    lines = text.splitlines()
    for number in range(len(lines) // 3):
        at = rng.randrange(len(lines))
        if rng.random() < 0.5:
            indent = rng.choice([len(lines[at]) - len(lines[at].lstrip()), rng.randrange(9)])
            lines.insert(at, f"{' ' * indent}# above {number}")
        else:
            lines[at] += f"  # after {number}"
    return "\n".join(lines) + "\n"


def _findings(diagnostics: tuple[Diagnostic, ...]) -> list[tuple[str, str, str]]:
    return sorted((d.severity, d.code, d.message) for d in diagnostics)


@settings(deadline=None)
@given(_ledgers(), st.randoms(use_true_random=False), st.sampled_from([None, False, True]))
def test_any_ledger_keeps_its_records_and_comments_and_formats_once(
    ledger: dict[str, Any], rng: random.Random, flow: bool | None
) -> None:
    text = _written(ledger, rng, flow=flow, comments=True)
    read = load_bytes(text.encode(), name="t.yaml")
    before = read.ledger
    assume(before is not None)
    assert before is not None
    formatted = format_ledger(text, name="t.yaml").text
    read_again = load_bytes(formatted.encode(), name="t.yaml")
    assert same_records(ledger_of(formatted), before)
    assert _findings(read_again.diagnostics) == _findings(read.diagnostics)  # the same warnings, if at other lines
    again = format_ledger(formatted, name="t.yaml")
    assert (again.text, again.changed, again.moved) == (formatted, False, {})
    for comment in re.findall(r"# (?:above|after) \d+", text):
        assert formatted.count(comment + "\n") + formatted.count(comment + "  #") == 1, comment


@settings(deadline=None)
@given(_ledgers(), st.randoms(use_true_random=False), st.randoms(use_true_random=False), st.sampled_from([30, 10**6]))
def test_the_layout_does_not_depend_on_the_order_written(
    ledger: dict[str, Any], first: random.Random, second: random.Random, width: int
) -> None:
    one = _written(ledger, first, flow=None, comments=False, width=width)
    assume(load_bytes(one.encode(), name="t.yaml").ledger is not None)
    two = _written(ledger, second, flow=None, comments=False, width=width)
    assert format_ledger(one, name="t.yaml").text == format_ledger(two, name="t.yaml").text
