"""The pure diff: keyed records in, added / removed / changed field by field out."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from ledger.core.diff import Change, Diff, Entry, FieldChange, diff
from ledger.model.models import Commitment, Party, Quantity


def commitment(key: str = "de-troops", **fields: Any) -> Commitment:
    values: dict[str, Any] = {
        "id": key,
        "party": "DE",
        "meeting": "paris-2025-09-04",
        "kind": "troops",
        "status": "refused",
        "summary": "No German ground troops",
        "sources": [{"url": "https://example.org/sz", "publisher": "SZ", "reliability": "major"}],
    }
    return Commitment.model_validate(values | fields)


def party(code: str = "IT", name: str = "Italy") -> Party:
    return Party(code=code, name=name, kind="country")  # type: ignore[arg-type]


def test_records_are_added_removed_changed_or_unchanged_by_key() -> None:
    old = {"commitments": {"a": commitment("a"), "b": commitment("b"), "c": commitment("c")}}
    new = {"commitments": {"b": commitment("b"), "c": commitment("c", status="conditional"), "d": commitment("d")}}
    (section,) = diff(old, new).sections
    assert section.name == "commitments"
    assert section.added == (Entry("d", new["commitments"]["d"]),)
    assert section.removed == (Entry("a", old["commitments"]["a"]),)
    assert section.changed == (
        Change(
            "c", old["commitments"]["c"], new["commitments"]["c"], (FieldChange("status", "refused", "conditional"),)
        ),
    )
    assert section.unchanged == 1


def test_nested_fields_are_named_by_dotted_path() -> None:
    low = {"low": 1000, "high": 1000, "unit": "troops", "as_stated": "a thousand"}
    old = {"commitments": {"k": commitment("k", quantity=low)}}
    new = {"commitments": {"k": commitment("k", quantity=low | {"low": 500, "as_stated": "500 to 1,000"})}}
    (change,) = diff(old, new).sections[0].changed
    assert change.fields == (
        FieldChange("quantity.low", 1000, 500),
        FieldChange("quantity.as_stated", "a thousand", "500 to 1,000"),
    )


def test_a_field_that_appears_changes_as_a_whole_and_lists_compare_whole() -> None:
    quantity = {"low": 5, "high": None, "unit": "aircraft", "as_stated": "at least five"}
    old = {"commitments": {"k": commitment("k")}}
    new = {"commitments": {"k": commitment("k", quantity=quantity, conditions=["a ceasefire", "a US backstop"])}}
    (change,) = diff(old, new).sections[0].changed
    assert change.fields == (
        FieldChange("quantity", None, quantity),
        FieldChange("conditions", [], ["a ceasefire", "a US backstop"]),
    )


def test_fields_limit_what_counts_and_context_is_shown_only_beside_a_change() -> None:
    restated = commitment("k2", meeting="paris-2026-01-06", summary="Still no troops", supersedes="k")
    moved = commitment("k2", meeting="paris-2026-01-06", status="conditional", location="NATO territory")
    old = {"commitments": {"k": commitment("k")}}
    limits = {"fields": ("status", "location"), "context": ("meeting",)}
    assert diff(old, {"commitments": {"k": restated}}, **limits).empty
    (change,) = diff(old, {"commitments": {"k": moved}}, **limits).sections[0].changed
    assert [f.field for f in change.fields] == ["meeting", "status", "location"]


def test_sections_keep_their_order_and_each_is_sorted_by_key() -> None:
    old: dict[str, dict[str, BaseModel]] = {"parties": {"NO": party("NO", "Norway")}, "commitments": {}}
    new: dict[str, dict[str, BaseModel]] = {
        "parties": {"NO": party("NO", "Norway"), "IT": party(), "BE": party("BE", "Belgium")},
        "commitments": {"z": commitment("z"), "a": commitment("a")},
    }
    result = diff(old, new)
    assert [s.name for s in result.sections] == ["parties", "commitments"]
    assert [e.key for e in result.sections[0].added] == ["BE", "IT"]
    assert [e.key for e in result.sections[1].added] == ["a", "z"]


def test_a_diff_is_frozen() -> None:
    result = diff({"parties": {"IT": party()}}, {"parties": {"IT": party(name="Italia")}})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.sections = ()  # type: ignore[misc]
    assert result.sections[0].changed[0].fields == (FieldChange("name", "Italy", "Italia"),)


# -- properties ------------------------------------------------------------------------------

_quantities = st.none() | st.builds(
    lambda low, extra: Quantity(low=low, high=None if extra is None else low + extra, unit="troops", as_stated="n"),
    st.integers(0, 10_000),
    st.none() | st.integers(0, 10_000),
)
_commitments = st.builds(
    lambda status, kind, quantity, conditions, location: commitment(
        "k",
        status=status,
        kind=kind,
        quantity=quantity,
        conditions=conditions,
        location=location,
    ),
    st.sampled_from(["committed", "conditional", "considering", "refused"]),
    st.sampled_from(["troops", "air", "maritime"]),
    _quantities,
    st.lists(st.sampled_from(["a ceasefire", "a US backstop", "a vote"]), max_size=2),
    st.none() | st.sampled_from(["Black Sea", "NATO territory"]),
)
_parties = st.builds(party, st.just("IT"), st.sampled_from(["Italy", "Italia", "Italian Republic"]))
_sides = st.builds(
    lambda parties, commitments: {"parties": parties, "commitments": commitments},
    st.dictionaries(st.sampled_from(["IT", "NO", "PL"]), _parties, max_size=3),
    st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), _commitments, max_size=4),
)


@given(_sides)
def test_a_ledger_compared_with_itself_is_an_empty_diff(side: Mapping[str, Mapping[str, BaseModel]]) -> None:
    result = diff(side, side)
    assert result.empty
    assert [s.unchanged for s in result.sections] == [len(records) for records in side.values()]


def _mirrored(result: Diff) -> Diff:
    return Diff(
        tuple(
            dataclasses.replace(
                s,
                added=s.removed,
                removed=s.added,
                changed=tuple(
                    Change(c.key, c.new, c.old, tuple(FieldChange(f.field, f.new, f.old) for f in c.fields))
                    for c in s.changed
                ),
            )
            for s in result.sections
        )
    )


@given(_sides, _sides)
def test_a_reversed_diff_is_the_mirror_image(
    a: Mapping[str, Mapping[str, BaseModel]], b: Mapping[str, Mapping[str, BaseModel]]
) -> None:
    assert diff(b, a) == _mirrored(diff(a, b))


WORDING = ("summary", "quote", "sources")
SOURCE_FAZ = {"url": "https://example.org/faz", "publisher": "FAZ", "reliability": "major"}


def test_new_wording_or_sources_alone_is_a_restatement_not_a_change() -> None:
    reworded = commitment(summary="Germany will not send ground troops", sources=[SOURCE_FAZ])
    (section,) = diff({"c": {"k": commitment()}}, {"c": {"k": reworded}}, restatement=WORDING).sections
    assert section.changed == ()
    assert [change.key for change in section.restated] == ["k"]
    assert [f.field for f in section.restated[0].fields] == ["summary", "sources"]
    assert section.unchanged == 0
    assert not section.empty


def test_a_change_of_position_also_shows_its_new_wording_and_sources() -> None:
    moved = commitment(status="conditional", sources=[SOURCE_FAZ])
    (section,) = diff({"c": {"k": commitment()}}, {"c": {"k": moved}}, restatement=WORDING).sections
    assert section.restated == ()
    assert [f.field for f in section.changed[0].fields] == ["status", "sources"]


def test_restatement_under_chosen_fields_leaves_out_what_neither_counts_nor_restates() -> None:
    later = commitment("k2", meeting="paris-2026-01-06", summary="Still no German ground troops")
    result = diff({"c": {"k": commitment()}}, {"c": {"k": later}}, fields=("status",), restatement=WORDING)
    (section,) = result.sections
    assert [f.field for f in section.restated[0].fields] == ["summary"]
    same_words = commitment("k2", meeting="paris-2026-01-06")
    assert diff({"c": {"k": commitment()}}, {"c": {"k": same_words}}, fields=("status",), restatement=WORDING).empty
