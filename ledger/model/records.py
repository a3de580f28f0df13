"""Reading a record by its fields, whichever kind it is: a pydantic model or its plain copy.

A cache hit answers from records that are not pydantic models (`ledger.load.warm`): named tuples
with the models' fields, in the models' order, built without importing pydantic. The core and
the output read a record only through its fields, so either kind serves them; `values` gives
either as JSON-ready plain values, as pydantic's `model_dump(mode="json")` does, without building
a serializer. Nothing here imports pydantic.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from enum import Enum
from functools import cache
from typing import Any


@cache
def record_type(name: str, fields: tuple[str, ...]) -> type[tuple[Any, ...]]:
    """The plain record type for a model `name` with these fields: immutable, equal by value."""
    made: type[tuple[Any, ...]] = namedtuple(name, fields)  # type: ignore[misc]  # the fields are data
    return made


def field_names(record: Any) -> tuple[str, ...]:
    """The fields of a plain record or of a model, in the models' order."""
    kind = type(record)
    names = getattr(kind, "_fields", None)
    return tuple(kind.model_fields) if names is None else names


def values(record: Any) -> dict[str, Any]:
    """A record as plain values: dates as ISO text, words as their text, lists for tuples, nested
    records as dicts. No record the views show has an alias, so the field names are the keys."""
    return {name: _plain(getattr(record, name)) for name in field_names(record)}


def _plain(value: Any) -> Any:
    if value is None or type(value) in (str, int, bool, float):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(type(value), "_fields") or hasattr(type(value), "model_fields"):
        return values(value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    raise TypeError(f"no plain value for {type(value).__name__}")


def stated_span(stated_on: str) -> tuple[dt.date, dt.date]:
    """The first and last day a `stated_on` allows: one day, or a whole month."""
    if len(stated_on) == len("YYYY-MM-DD"):
        day = dt.date.fromisoformat(stated_on)
        return day, day
    import calendar  # only for a month, which few records give

    year, month = int(stated_on[:4]), int(stated_on[5:7])
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
