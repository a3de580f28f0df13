"""The words the terminal and the report share: counts, intervals, dates, glyphs, changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ledger.core.diff import diff
from ledger.core.summary import GRID_STATUSES, HELD_STATUSES
from ledger.model.models import Commitment, Meeting, Quantity
from ledger.model.vocabulary import Status
from ledger.output import words

SOURCE = {"url": "https://example.org/a", "publisher": "Example", "reliability": "major"}


def _meeting(**fields: Any) -> Meeting:
    base = {"id": "brussels-2025-12-18", "date": "2025-12-18", "title": "Council", "place": "Brussels"}
    return Meeting.model_validate({**base, "format": "in-person", "sources": [SOURCE], **fields})


def _commitment(**fields: Any) -> Commitment:
    base = {"id": "fr-troops", "party": "FR", "meeting": "paris-2026-01-06", "kind": "troops", "status": "conditional"}
    return Commitment.model_validate({**base, "summary": "Troops after a ceasefire", "sources": [SOURCE], **fields})


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [(5, 5, "5 troops"), (2000, None, "≥ 2,000 troops"), (0, 15000, "≤ 15,000 troops"), (100, 200, "100–200 troops")],
)
def test_quantities_read_as_intervals(low: int, high: int | None, text: str) -> None:
    assert words.format_quantity(Quantity(low=low, high=high, unit="troops", as_stated="x")) == text
    assert words.format_interval(low, high, "troops") == text


def test_an_absent_quantity_reads_as_nothing() -> None:
    assert words.format_quantity(None) == ""


def test_counts_take_the_plural_they_are_given() -> None:
    assert [words.count_phrase(n, "meeting") for n in (0, 1, 2)] == ["0 meetings", "1 meeting", "2 meetings"]
    assert words.count_phrase(2, "party", "parties") == "2 parties"


def test_a_multi_day_meeting_reads_as_a_span() -> None:
    assert words.date_span(_meeting()) == "2025-12-18"
    assert words.date_span(_meeting(end_date="2025-12-18")) == "2025-12-18"
    assert words.date_span(_meeting(end_date="2025-12-19")) == "2025-12-18 to 2025-12-19"


def test_as_of_names_the_meeting_a_position_is_taken_at() -> None:
    meeting = _meeting()
    assert words.as_of_phrase(dt.date(2025, 12, 18), meeting) == "as of brussels-2025-12-18 (2025-12-18)"
    later = words.as_of_phrase(dt.date(2026, 1, 1), meeting)
    assert later == "as of 2026-01-01 (latest meeting: brussels-2025-12-18)"
    assert words.as_of_phrase(dt.date(2025, 1, 1), None) == "as of 2025-01-01 (before any meeting)"


def test_every_status_a_grid_shows_has_its_own_glyph() -> None:
    glyphs = [words.SYMBOLS[s] for s in (*GRID_STATUSES, Status.WITHDRAWN)]
    assert len(set(glyphs)) == len(glyphs) and words.SEVERAL not in glyphs
    assert words.legend_line(HELD_STATUSES) == (
        "✓ fulfilled  ● committed  ◐ conditional  ○ considering  » urged  ◇ view  ✗ refused"
    )
    assert words.legend(["none"], several=True) == [("·", "none"), ("+", "several")]


def test_a_quantity_change_is_one_field_that_reads_as_the_stated_interval() -> None:
    old = _commitment(quantity={"low": 1000, "high": 2000, "unit": "troops", "as_stated": "1,000 to 2,000"})
    new = _commitment(
        quantity={"low": 5000, "high": None, "unit": "troops", "as_stated": "at least 5,000"}, period="2026"
    )
    (section,) = diff({"c": {"k": old}}, {"c": {"k": new}}).sections
    (change,) = section.changed
    assert [f.field for f in change.fields][:2] == ["quantity.low", "quantity.high"]
    fields = words.field_changes(change)
    assert [f.field for f in fields] == ["quantity", "period"]
    quantity = fields[0]
    assert words.field_value(quantity.old) == "1,000–2,000 troops (1,000 to 2,000)"
    assert words.field_value(quantity.new) == "≥ 5,000 troops (at least 5,000)"


def test_a_quantity_that_appears_reads_as_nothing_before() -> None:
    new = _commitment(quantity={"low": 100, "high": 100, "unit": "EUR", "as_stated": "EUR 100"})
    (section,) = diff({"c": {"k": _commitment()}}, {"c": {"k": new}}).sections
    (field,) = words.field_changes(section.changed[0])
    assert (words.field_value(field.old) or words.NOTHING, words.field_value(field.new)) == ("—", "100 EUR (EUR 100)")


def test_field_values_read_lists_sources_and_flags() -> None:
    assert words.field_value(["after a ceasefire", "not combat"]) == "after a ceasefire; not combat"
    assert words.field_value([SOURCE]) == "Example"
    assert (
        words.field_value([SOURCE], lambda publisher, url: f"{publisher} <{url}>") == "Example <https://example.org/a>"
    )
    assert words.field_value(True) == "true"
    assert words.field_value({"text": "Oui", "lang": "fr", "speaker": None}) == "text: Oui, lang: fr"


def test_change_counts_leave_zeros_out_and_name_what_is_gone() -> None:
    old = {"c": {"a": _commitment(id="a"), "b": _commitment(id="b"), "c": _commitment(id="c")}}
    new = {"c": {"a": _commitment(id="a"), "c": _commitment(id="c", status="committed"), "d": _commitment(id="d")}}
    (section,) = diff(old, new).sections
    assert words.change_counts(section) == "1 added, 1 removed, 1 changed, 1 unchanged"
    assert words.change_counts(section, words.Verb.ENDED) == "1 added, 1 ended, 1 changed, 1 unchanged"
    (same,) = diff({"c": {}}, {"c": {}}).sections
    assert words.change_counts(same) == ""
