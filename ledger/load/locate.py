"""Where a problem is, and what it means to the person editing: paths → `line:col`, pydantic's
errors → one message each, in the ledger's words, with "did you mean" where a near name exists.

pydantic speaks in paths (`("commitments", 3, "kind")`); the node tree the strict YAML reader
built knows where every path starts, so positions cost nothing until a problem needs one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Final

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ledger.load.hints import empty_by_comment
from ledger.load.strict_yaml import Problem
from ledger.model.models import Ledger
from ledger.model.names import aside, did_you_mean

Loc = tuple[str | int, ...]
Hint = Callable[[str], str]
"""`did you mean 'X'?` for a name, or ""."""

_QUOTED: Final = re.compile(r"'([^']*)'")
_NAME_A_PARTY: Final = "(write the code a party has under parties)"
_NAME_A_MEETING: Final = "(write the id a meeting has under meetings)"


def locate(root: Node, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
    """1-based line and column of the node at `loc`; the nearest existing ancestor when the
    path leaves the file (a missing field points at its parent). `key` asks for a mapping key."""
    node = _node_at(root, loc, key=key)
    return node.start_mark.line + 1, node.start_mark.column + 1


def _node_at(root: Node, loc: Sequence[str | int], *, key: bool = False) -> Node:
    node = root
    for depth, step in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
        elif isinstance(node, MappingNode):
            match = next((pair for pair in node.value if pair[0].value == str(step)), None)
            if match is None:
                break
            node = match[0] if (last and key) else match[1]
        else:
            break
    return node


def dotted(loc: Sequence[str | int]) -> str:
    """`commitments[3].quantity.low`, the way people read a path."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _where(loc: Sequence[str | int]) -> str:
    """`commitments[3]: ` before a message about a field of that record; nothing at top level."""
    return f"{dotted(loc)}: " if loc else ""


def validation_problems(
    errors: Sequence[ErrorDetails], root: Node, lines: Sequence[str], *, party: Hint, meeting: Hint
) -> list[Problem]:
    """One problem per cause: a list that is short only because its items failed is not also
    reported as short. `lines` are the file's, for hints; `party` and `meeting` suggest names."""
    failed_items = {tuple(e["loc"][: i + 1]) for e in errors for i, s in enumerate(e["loc"]) if isinstance(s, int)}
    problems = []
    for error in errors:
        loc: Loc = tuple(error["loc"])
        if error["type"] == "too_short" and any(item[:-1] == loc for item in failed_items):
            continue
        problems.append(_problem(error, loc, root, lines, party=party, meeting=meeting))
    return problems


def _problem(error: ErrorDetails, loc: Loc, root: Node, lines: Sequence[str], *, party: Hint, meeting: Hint) -> Problem:
    kind = error["type"]
    if kind == "missing":
        line, column = locate(root, loc[:-1])
        return Problem(line, column, "missing-field", f"{_where(loc[:-1])}missing field '{loc[-1]}'")
    if kind == "extra_forbidden":
        line, column = locate(root, loc, key=True)
        hint = aside(did_you_mean(str(loc[-1]), _fields_at(loc[:-1])))
        return Problem(line, column, "unknown-field", f"{_where(loc[:-1])}unknown field '{loc[-1]}'{hint}")
    node = _node_at(root, loc)
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if loc == ("schema",):
        return Problem(line, column, "schema", f"schema: version {error.get('input')!r} is not supported; expected 1")
    context: dict[str, Any] = dict(error.get("ctx") or {})
    if kind == "too_short":
        minimum, actual = context.get("min_length", 1), context.get("actual_length", 0)
        return Problem(line, column, "schema", f"{dotted(loc)}: needs at least {minimum} item(s), has {actual}")
    shown = error.get("input")
    explained = _explain(kind, shown, loc, context, node, lines, party=party, meeting=meeting)
    if explained:
        return Problem(line, column, "schema", f"{dotted(loc)}: {explained}")
    message = error["msg"]
    if isinstance(shown, str | int | float | bool) and len(repr(shown)) <= 60:
        message = f"{message} (got {shown!r})"
    return Problem(line, column, "schema", f"{dotted(loc)}: {message}")


def _explain(
    kind: str,
    shown: object,
    loc: Loc,
    context: dict[str, Any],
    node: Node,
    lines: Sequence[str],
    *,
    party: Hint,
    meeting: Hint,
) -> str | None:
    """What a value error means in the ledger's words, when it is a known slip."""
    if kind == "enum" and isinstance(shown, str):
        hint = did_you_mean(shown, _QUOTED.findall(str(context.get("expected", ""))))
        field = next((step for step in reversed(loc) if isinstance(step, str)), "value")
        return f"'{shown}' is not a valid {field} ({hint})" if hint else None
    if kind == "string_pattern_mismatch" and isinstance(shown, str):
        if _is_party_field(loc):
            return f"'{shown}' is not a party code " + (f"({hint})" if (hint := party(shown)) else _NAME_A_PARTY)
        if loc[-1] == "meeting":
            return f"'{shown}' is not a meeting id " + (f"({hint})" if (hint := meeting(shown)) else _NAME_A_MEETING)
    if kind == "string_type" and isinstance(shown, dict) and len(shown) == 1:
        return "text holding ': ' must be quoted, or it reads as a key and a value; put it in double quotes"
    if shown is None and isinstance(node, ScalarNode) and node.value == "" and node.start_mark.line < len(lines):
        return empty_by_comment(lines[node.start_mark.line])
    return None


def _is_party_field(loc: Loc) -> bool:
    """`party` of a commitment or an attendee, or an item of `hosts` or `signatories`."""
    return loc[-1] == "party" or (len(loc) >= 2 and loc[-2] in ("hosts", "signatories"))


def _fields_at(loc: Loc) -> list[str]:
    """Field names the model expects at a path, for "did you mean" hints."""
    model: type[BaseModel] | None = Ledger
    for step in loc:
        if isinstance(step, int) or model is None:
            continue
        field = _field_names(model).get(str(step))
        model = _model_in(field.annotation) if field else None
    return list(_field_names(model)) if model else []


def _field_names(model: type[BaseModel]) -> dict[str, FieldInfo]:
    return {info.alias or name: info for name, info in model.model_fields.items()}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside `tuple[Source, ...]` or `Quantity | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_in(argument)
        if found is not None:
            return found
    return None
