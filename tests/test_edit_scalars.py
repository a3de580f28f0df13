"""How a value is written: plain when YAML 1.1, YAML 1.2 and the loader all read it back, else quoted."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ledger.edit import tree
from ledger.edit.scalars import scalar_text


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("NO", '"NO"'),  # Norway: a boolean to YAML 1.1
        ("yes", '"yes"'),
        ("on", '"on"'),
        ("null", '"null"'),
        ("~", '"~"'),
        ("0123", '"0123"'),  # octal to YAML 1.1, 123 to YAML 1.2
        ("1e3", '"1e3"'),  # a number to YAML 1.2, text to YAML 1.1
        ("0x1F", '"0x1F"'),
        ("1_000", '"1_000"'),
        ("12:30", '"12:30"'),  # sexagesimal to YAML 1.1
        ("2026-01-06", '"2026-01-06"'),  # a date to YAML 1.1, in a text field
        (".inf", '".inf"'),
        ("<<", '"<<"'),
        ("a: b", '"a: b"'),
        ("x #y", '"x #y"'),
        ("#y", '"#y"'),
        ("- item", '"- item"'),
        ("ends:", '"ends:"'),
        (" padded", '" padded"'),
        ("tab\there", '"tab\\there"'),
        ('say "hi"', 'say "hi"'),
        ("Il n'y a pas", "Il n'y a pas"),
        ("a#b, c:d", "a#b, c:d"),
        ("plusieurs milliers", "plusieurs milliers"),
        ("Türkiye €5", "Türkiye €5"),
    ],
)
def test_text_is_plain_only_when_every_reader_agrees(text: str, written: str) -> None:
    assert scalar_text(text) == written


def test_in_an_inline_list_flow_indicators_are_quoted() -> None:
    assert [scalar_text(t, flow=True) for t in ("a, b", "[x]", "k:v", "plain")] == ['"a, b"', '"[x]"', '"k:v"', "plain"]


def test_a_date_field_holds_a_plain_date_and_other_values_keep_their_type() -> None:
    assert [scalar_text(v, date=True) for v in ("2026-01-06", "6 Jan")] == ["2026-01-06", "6 Jan"]
    values = (None, True, 5, 1.0, 1e20, float("-inf"))
    assert [scalar_text(v) for v in values] == ["null", "true", "5", "1.0", "1.0e+20", "-.inf"]


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30), st.booleans())
def test_quoted_or_plain_text_reads_back_the_same_in_yaml_1_1_and_the_loader(text: str, flow: bool) -> None:
    written = scalar_text(text, flow=flow)
    document = f"k: [{written}]\n" if flow else f"k: {written}\n"
    as_1_1 = yaml.safe_load(document)["k"]
    assert as_1_1 == ([text] if flow else text)
    value = tree.parse(document).root.members[0].value
    if isinstance(value, tree.Sequence):
        value = value.items[0].value
    assert isinstance(value, tree.Scalar)
    assert value.value == text
