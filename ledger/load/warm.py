"""A validated ledger as plain values for the cache, and back into models without validating.

What the cache keeps is what validation produced, never the file's raw values: each record is a
pair, a bit mask of the fields the file set and a dict of every field's value, with nested
records made pairs too, dates ISO text and vocabulary words their text; marshal stores exactly
these types. Rebuilding follows the models' own annotations and makes each record as pydantic's
`model_construct` does, without running a validator: the same field values and the same set
fields as the validated record, so it is frozen and equal to it. Only the fields that need a
conversion are touched, which is what makes a rebuild faster than validating.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from pydantic import BaseModel

from ledger.model.models import Ledger

Plain = tuple[int, dict[str, Any]]
_Convert = Callable[[Any], Any]
_PLAIN_TYPES: Final = (str, int, float, bool, type(None))


def to_plain(ledger: Ledger) -> Plain:
    """The ledger as nested pairs of plain values, for marshal."""
    plain: Plain = _shape(Ledger).flatten(ledger)
    return plain


def from_plain(plain: object) -> Ledger:
    """The ledger `to_plain` gave; ValueError when the values are not shaped like one."""
    try:
        ledger = _shape(Ledger).rebuild(plain)
    except (TypeError, ValueError, KeyError) as exc:
        raise ValueError(f"not a stored ledger: {exc!r}") from None
    assert isinstance(ledger, Ledger)
    return ledger


@dataclass(frozen=True)
class _Field:
    name: str
    flatten: _Convert
    rebuild: _Convert


class _Shape:
    """One model's fields, and the few of them whose values need converting either way."""

    def __init__(self, model: type[BaseModel], converted: tuple[_Field, ...]) -> None:
        self.model = model
        self.names = tuple(model.model_fields)
        self.name_set = frozenset(self.names)
        self.converted = converted
        self.fields_sets: dict[int, frozenset[str]] = {}
        self.bits = {name: 1 << i for i, name in enumerate(self.names)}
        self.rebuild = self._rebuilder()

    def flatten(self, record: BaseModel) -> Plain:
        values = dict(record.__dict__)
        for field in self.converted:
            values[field.name] = field.flatten(values[field.name])
        bits = self.bits
        return sum(bits[name] for name in record.model_fields_set), values

    def _rebuilder(self) -> Callable[[Any], BaseModel]:
        """The rebuild of one record, with everything it uses bound to locals: it runs once per
        record, tens of thousands of times in a large ledger."""
        model, name_set, fields_sets = self.model, self.name_set, self.fields_sets
        converted = tuple((field.name, field.rebuild) for field in self.converted)
        new, set_attribute = model.__new__, object.__setattr__

        def rebuild(plain: Any) -> BaseModel:
            mask, values = plain
            if type(values) is not dict or values.keys() != name_set:
                raise ValueError(f"{model.__name__} expects the fields {', '.join(self.names)}")
            for name, convert in converted:
                values[name] = convert(values[name])
            fields_set = fields_sets.get(mask)
            if fields_set is None:
                fields_set = fields_sets[mask] = frozenset(n for i, n in enumerate(self.names) if mask >> i & 1)
            # What `model_construct` does, without its per-field search for aliases and defaults:
            # every field is there already.
            record = new(model)
            set_attribute(record, "__dict__", values)
            set_attribute(record, "__pydantic_fields_set__", set(fields_set))
            set_attribute(record, "__pydantic_extra__", None)
            set_attribute(record, "__pydantic_private__", None)
            return record

        return rebuild


@cache
def _shape(model: type[BaseModel]) -> _Shape:
    converted = []
    for name, info in model.model_fields.items():
        conversion = _conversion(info.annotation)
        if conversion is not None:
            converted.append(_Field(name, *conversion))
    return _Shape(model, tuple(converted))


def _conversion(annotation: Any) -> tuple[_Convert, _Convert] | None:
    """How a field's value becomes plain and back, from its annotation; None when it is plain."""
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _conversion(arguments[0])
    if origin is typing.Union or origin is types.UnionType:
        (inner,) = (argument for argument in arguments if argument is not type(None))
        conversion = _conversion(inner)
        return None if conversion is None else (_or_none(conversion[0]), _or_none(conversion[1]))
    if origin is tuple:
        item, _ = arguments  # tuple[X, ...]
        conversion = _conversion(item)
        return None if conversion is None else (_each(conversion[0]), _each(conversion[1]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        shape = _shape(annotation)
        return shape.flatten, shape.rebuild
    if annotation is dt.date:
        return dt.date.isoformat, dt.date.fromisoformat
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        members = annotation._value2member_map_
        return _value, members.__getitem__
    if annotation in _PLAIN_TYPES:
        return None
    raise TypeError(f"no plain form for {annotation!r}")


def _value(member: enum.Enum) -> Any:
    return member.value


def _or_none(convert: _Convert) -> _Convert:
    return lambda value: None if value is None else convert(value)


def _each(convert: _Convert) -> _Convert:
    def each(values: Any) -> tuple[Any, ...]:
        if type(values) is not tuple:
            raise ValueError("expected a tuple")
        return tuple(map(convert, values))

    return each
