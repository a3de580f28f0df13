"""Records read by their fields: a model and its plain copy give the same values, and the modules
that answer commands never ask a record for more than its fields."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from ledger.load import loader, warm
from ledger.model import records
from ledger.model.vocabulary import Kind

from .support import ROOT

SHIPPED = (ROOT / "data" / "commitments.yaml").read_bytes()


def _models(value: object) -> Iterator[BaseModel]:
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _models(getattr(value, name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _models(item)


def test_values_are_what_pydantic_dumps_for_every_record_of_the_shipped_ledger() -> None:
    ledger = loader.load_bytes(SHIPPED, name="commitments.yaml").ledger
    assert ledger is not None
    plain = warm.from_plain(warm.to_plain(ledger))
    found = list(_models(ledger))
    assert len(found) > 500
    for record in found:
        assert records.values(record) == record.model_dump(mode="json", by_alias=record is not ledger)
    for section in ("parties", "meetings", "commitments"):
        for model, copy in zip(getattr(ledger, section), getattr(plain, section), strict=True):
            assert records.values(copy) == model.model_dump(mode="json", by_alias=True)


def test_a_plain_record_type_is_made_once_per_shape() -> None:
    made = records.record_type("Sample", ("kind", "day"))
    assert records.record_type("Sample", ("kind", "day")) is made
    sample = made(Kind.TROOPS, dt.date(2026, 1, 6))
    assert records.field_names(sample) == ("kind", "day")
    assert records.values(sample) == {"kind": "troops", "day": "2026-01-06"}


def test_a_value_with_no_plain_form_is_refused() -> None:
    made = records.record_type("Odd", ("what",))
    with pytest.raises(TypeError, match="no plain value for set"):
        records.values(made({1}))


ANSWERING = ("core", "output", "report", "export")
# What only a pydantic model has: a cache hit hands these modules plain records instead.
MODEL_ONLY = re.compile(r"\.model_(?:dump|copy|validate|fields_set|construct)\b|\b__pydantic_")


@pytest.mark.parametrize(
    "module",
    sorted(
        str(p.relative_to(ROOT))
        for p in [*(ROOT / "ledger").glob("cli*.py")]
        + [p for folder in ANSWERING for p in (ROOT / "ledger" / folder).rglob("*.py")]
    ),
)
def test_modules_that_answer_commands_read_records_only_by_their_fields(module: str) -> None:
    text = (ROOT / module).read_text(encoding="utf-8")
    found: list[Any] = MODEL_ONLY.findall(text)
    assert not found, f"{module} asks a record for {found}; read its fields, or ledger.model.records.values"
