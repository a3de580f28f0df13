"""Bytes → a validated `Ledger`, with every problem as a located `Diagnostic`.

One job per module: `strict_yaml` turns bytes into plain values under the ledger's YAML rules;
this module validates them against the models and runs the cross-record `checks`; `locate` says
where each problem is and what it means; `result` holds what a load gives and reads a file
through the cache, calling on this module only on a miss. Loading touches nothing outside the call: pausing the
garbage collector and keeping results in the cache are the caller's choices (the CLI makes both).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, SequenceNode

from ledger.errors import Diagnostic, Severity
from ledger.load import checks, locate, strict_yaml
from ledger.load.result import LoadResult
from ledger.load.strict_yaml import Problem
from ledger.model.models import Commitment, Ledger, Meeting, Party

_SECTIONS: Final[dict[str, type[Party | Meeting | Commitment]]] = {
    "parties": Party,
    "meetings": Meeting,
    "commitments": Commitment,
}
_TOP_KEYS: Final = ("schema", *_SECTIONS)


Document = dict[str, Any]
"""A file's plain values, as `strict_yaml` read them: what the models validate and the cache keeps."""


def load_bytes(data: bytes, *, name: str) -> LoadResult:
    """Load a ledger from raw bytes; `name` is how diagnostics refer to the file."""
    root, problems = strict_yaml.compose(data)
    if root is None:
        return _result(name, problems)
    if not isinstance(root, MappingNode):
        shape = "a list" if isinstance(root, SequenceNode) else "a single value"
        message = f"the file must be a mapping with keys {', '.join(_TOP_KEYS)}; found {shape}"
        return _result(name, [_at(root, "top-level", message)])
    document, problems = strict_yaml.construct(root, anchored=b"&" in data)
    # A repeated key keeps its first value, so the rest of the file can still be checked;
    # any other construction problem leaves values that would only add noise.
    if document is None or any(p.code != "duplicate-key" for p in problems):
        return _result(name, problems)
    ledger, found = _validate(document, root, data, name)
    return _result(name, problems, found, ledger)


def _validate(document: Document, root: MappingNode, data: bytes, name: str) -> tuple[Ledger | None, list[Diagnostic]]:
    """The ledger, or None, and what validation and the checks found."""
    found: list[Diagnostic] = []
    subset: _Subset | None = None
    try:
        ledger = Ledger.model_validate(document)
    except ValidationError as exc:
        subset = _sound_subset(document)
        problems = locate.validation_problems(
            exc.errors(include_url=False),
            root,
            data.decode("utf-8-sig").splitlines(),
            party=checks.party_suggester(subset.ledger) if subset else _no_hint,
            meeting=checks.meeting_suggester(subset.ledger) if subset else _no_hint,
        )
        found += (_diagnostic(name, p) for p in problems)
        if subset is None:
            return None, found
        ledger = subset.ledger
    for finding in checks.run(ledger):
        if subset and finding.missing in subset.invalid_ids:
            continue  # the record exists but is invalid, and already reported
        loc = subset.original(finding.loc) if subset else finding.loc
        line, column = locate.locate(root, loc, key=finding.at_key)
        found.append(_diagnostic(name, Problem(line, column, finding.code, finding.message), finding.severity))
    return (None if subset else ledger), found


@dataclass(frozen=True, slots=True)
class _Subset:
    """The records that validated on their own, so cross-record checks can still run;
    `positions` maps each kept record back to its index in the file."""

    ledger: Ledger
    positions: dict[str, list[int]]
    invalid_ids: frozenset[str]

    def original(self, loc: locate.Loc) -> locate.Loc:
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            return (loc[0], self.positions[loc[0]][loc[1]], *loc[2:])
        return loc


def _sound_subset(document: Document) -> _Subset | None:
    """Validate record by record, keeping the good ones; None when the shell itself is broken."""
    sections: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    invalid_ids: set[str] = set()
    for section, model in _SECTIONS.items():
        items = document.get(section)
        kept: list[Any] = []
        where: list[int] = []
        for index, item in enumerate(items if isinstance(items, list) else ()):
            try:
                kept.append(model.model_validate(item))
            except ValidationError:
                if isinstance(item, dict):
                    invalid_ids.update(str(item.get(k)) for k in ("id", "code") if k in item)
                continue
            where.append(index)
        sections[section] = kept
        positions[section] = where
    try:
        ledger = Ledger.model_validate({"schema": document.get("schema"), **sections})
    except ValidationError:
        return None
    return _Subset(ledger, positions, frozenset(invalid_ids))


def _no_hint(_: str) -> str:
    return ""


def _at(node: Node, code: str, message: str) -> Problem:
    return Problem(node.start_mark.line + 1, node.start_mark.column + 1, code, message)


def _diagnostic(name: str, problem: Problem, severity: Severity = Severity.ERROR) -> Diagnostic:
    # A diagnostic is one line, whatever characters the file's own text brings into it.
    message = problem.message.replace("\r", "\\r").replace("\n", "\\n")
    return Diagnostic(name, problem.line, problem.column, problem.code, message, severity)


def _result(
    name: str, problems: list[Problem], found: Sequence[Diagnostic] = (), ledger: Ledger | None = None
) -> LoadResult:
    diagnostics = [*(_diagnostic(name, p) for p in problems), *found]
    ordered = tuple(sorted(diagnostics, key=lambda d: d.sort_key))
    return LoadResult(ledger if not any(d.severity is Severity.ERROR for d in ordered) else None, ordered)
