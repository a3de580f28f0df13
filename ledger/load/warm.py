"""A validated ledger as plain values for the cache, and back as plain records, without pydantic.

What the cache keeps is what validation produced, never the file's raw values: each record is
the tuple of its field values in the model's order, nested records tuples too, dates ISO text
and vocabulary words their text; beside them, each record type's shape (its name, its fields,
and how each field's value comes back). marshal stores exactly these types. A hit rebuilds the
records as named tuples with the models' fields (`ledger.model.records`) from the shapes alone,
so it imports neither pydantic nor the models and builds no model class: the core and the output
read records only by their fields. `to_plain` runs after a full load, where the models are.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from ledger.model import vocabulary
from ledger.model.records import record_type

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ledger.model.models import Ledger

Shape = tuple[str, tuple[str, ...], tuple[str, ...]]  # a record type: name, fields, each field's conversion
Plain = tuple[tuple[Shape, ...], tuple[Any, ...]]  # every record type's shape, and the ledger's values
_Convert = Callable[[Any], Any]
_PLAIN_TYPES: typing.Final = (str, int, float, bool, type(None))
# A conversion is "" (none), "date", "enum:Kind" or "record:Party", after "?" when the value may
# be None and "*" when it is a tuple of such values.


def to_plain(ledger: Ledger) -> Plain:
    """The ledger as plain values and the shapes that read them back, for marshal."""
    shapes: dict[str, Shape] = {}
    flatten = _flattener(type(ledger), shapes)
    return tuple(shapes.values()), flatten(ledger)


def from_plain(plain: object) -> Ledger:
    """The ledger `to_plain` gave, as plain records; ValueError when the values are not shaped
    like one."""
    try:
        shapes, values = cast(Plain, plain)
        rebuild = _Rebuilder(shapes).record("Ledger")
        return cast("Ledger", rebuild(values))
    except (TypeError, ValueError, KeyError) as exc:
        raise ValueError(f"not a stored ledger: {exc!r}") from None


def _flattener(model: type[BaseModel], shapes: dict[str, Shape]) -> _Convert:
    """How a model's record becomes a tuple of plain values; records its shape, and those of the
    records inside it, in `shapes`."""
    names = tuple(model.model_fields)
    stored = [_stored(info.annotation, shapes) for info in model.model_fields.values()]
    shapes.setdefault(model.__name__, (model.__name__, names, tuple(tag for tag, _ in stored)))
    converts = [(name, flatten) for name, (_, flatten) in zip(names, stored, strict=True)]

    def flatten(record: Any) -> tuple[Any, ...]:
        found = [(getattr(record, name), convert) for name, convert in converts]
        return tuple(value if convert is None else convert(value) for value, convert in found)

    return flatten


def _stored(annotation: Any, shapes: dict[str, Shape]) -> tuple[str, _Convert | None]:
    """How a field's value is stored (None: as it is) and read back (its tag), from its annotation."""
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _stored(arguments[0], shapes)
    if origin is typing.Union or origin is types.UnionType:
        (inner,) = (argument for argument in arguments if argument is not type(None))
        tag, convert = _stored(inner, shapes)
        return (f"?{tag}", _or_none(convert)) if convert is not None else ("", None)
    if origin is tuple:
        item, _ = arguments  # tuple[X, ...]
        tag, convert = _stored(item, shapes)
        return (f"*{tag}", _each(convert)) if convert is not None else ("", None)
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return f"record:{annotation.__name__}", _flattener(annotation, shapes)
    if annotation is dt.date:
        return "date", dt.date.isoformat
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return f"enum:{annotation.__name__}", _value
    if annotation in _PLAIN_TYPES:
        return "", None
    raise TypeError(f"no plain form for {annotation!r}")


class _Rebuilder:
    """Plain records from stored values, one record type at a time, by the stored shapes."""

    def __init__(self, shapes: tuple[Shape, ...]) -> None:
        self.shapes = {shape[0]: shape for shape in shapes}
        self.made: dict[str, _Convert] = {}

    def record(self, name: str) -> _Convert:
        """The rebuild of one record, with what it uses bound to locals: it runs once per record,
        hundreds of thousands of times in a large ledger."""
        if name in self.made:
            return self.made[name]
        _, fields, tags = self.shapes[name]
        kind, count = record_type(name, tuple(fields)), len(fields)
        make = tuple.__new__
        always: list[tuple[int, _Convert]] = []  # fields converted whatever they hold
        unless_none: list[tuple[int, _Convert]] = []  # optional fields ("?"), checked inline

        def rebuild(values: Any) -> Any:
            if type(values) is not tuple or len(values) != count:
                raise ValueError(f"{name} expects {count} fields")
            if not (always or unless_none):
                return make(kind, values)
            items = list(values)
            for position, convert in always:
                items[position] = convert(items[position])
            for position, convert in unless_none:
                if (value := items[position]) is not None:
                    items[position] = convert(value)
            return make(kind, items)

        self.made[name] = rebuild
        if len(tags) != count:
            raise ValueError(f"{name}: {count} fields but {len(tags)} conversions")
        for position, tag in enumerate(tags):
            optional = tag.startswith("?")
            convert = self._convert(tag[1:] if optional else tag)
            if optional and convert is None:
                raise ValueError(f"nothing to convert in {tag!r}")
            if convert is not None:
                (unless_none if optional else always).append((position, convert))
        return rebuild

    def _convert(self, tag: str) -> _Convert | None:
        if not tag:
            return None
        if tag[0] in "?*":
            inner = self._convert(tag[1:])
            if inner is None:
                raise ValueError(f"nothing to convert in {tag!r}")
            return _or_none(inner) if tag[0] == "?" else _each(inner)
        if tag == "date":
            return dt.date.fromisoformat
        if tag.startswith("enum:"):
            words = getattr(vocabulary, tag.removeprefix("enum:"), None)
            if not (isinstance(words, type) and issubclass(words, enum.Enum)):
                raise ValueError(f"no vocabulary {tag!r}")
            return words._value2member_map_.__getitem__
        if tag.startswith("record:"):
            return self.record(tag.removeprefix("record:"))
        raise ValueError(f"no conversion {tag!r}")


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
