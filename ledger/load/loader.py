"""Bytes → strict YAML → validated `Ledger`, with every problem as a located `Diagnostic`.

The loader is stricter than YAML: duplicate keys, unknown fields, explicit tags and heavy alias
use are errors, and plain scalars follow YAML 1.2's core schema, so `NO` (Norway) stays a string.
libyaml's C parser builds the node tree; this module turns nodes into plain values itself, which
is where the rules above are enforced and why positions cost nothing until an error needs one.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ledger.errors import Diagnostic, Severity
from ledger.load import cache, checks, warm
from ledger.load import index as completion_index
from ledger.model.models import Commitment, Ledger, Meeting, Party
from ledger.model.names import aside, did_you_mean
from ledger.output.escape import HIDDEN, describe_hidden
from ledger.paths import read_bounded

MAX_DEPTH: Final = 32
ALIAS_BUDGET: Final = 100
MAX_SCALAR_CHARS: Final = 10_000  # above every text field's own limit; bounds keys and messages too
MAX_HIDDEN_REPORTS: Final = 100  # lines reported for hidden characters; the last one says there are more

_PLAIN: Final = "!plain"
_STR: Final = "tag:yaml.org,2002:str"
_SEQ: Final = "tag:yaml.org,2002:seq"
_MAP: Final = "tag:yaml.org,2002:map"
_ALLOWED_TAGS: Final = frozenset({_PLAIN, _STR, _SEQ, _MAP})
# YAML 1.2 core schema, the only implicit types we accept; everything else is a string.
_SPECIAL_WORDS: Final[dict[str, object]] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
}  # fmt: skip
_INT: Final = re.compile(r"[-+]?[0-9]+")
_FLOAT: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NUMBER_START: Final = frozenset("0123456789+-.")
# Characters YAML forbids in a stream, plus a byte-order mark anywhere but the very start, and
# the line breaks libyaml knows but editors do not (NEL, U+2028, U+2029): they would shift every
# line number after them. NEL is also what cp1252's "…" becomes when misread as Latin-1.
_FORBIDDEN_CHAR: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# The same characters, and carriage returns, written as double-quoted escapes (`\e`, `\x9b`, `\r`):
# they would reach terminals and CI logs. Tabs and line feeds stay allowed.
_ESCAPED_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# Either of the above, or a character that displays as nothing or reorders the text around it
# (`escape.HIDDEN`), so a string could read as other words than it holds: one pass finds both.
_SUSPECT: Final = re.compile(f"{_FORBIDDEN_CHAR.pattern}|{HIDDEN.pattern}")
_SECTIONS: Final[dict[str, type[Party | Meeting | Commitment]]] = {
    "parties": Party,
    "meetings": Meeting,
    "commitments": Commitment,
}
_TOP_KEYS: Final = ("schema", *_SECTIONS)

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading a file gave: the ledger when it is sound, and every problem found."""

    ledger: Ledger | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.WARNING)


def read_file(path: Path) -> bytes:
    """The file's bytes, refusing what is missing, not a regular file, or too large to be a ledger."""
    return read_bounded(path)


def load_path(path: Path) -> LoadResult:
    """Read and load a data file from disk; bytes loaded before come back from the cache."""
    data = read_file(path)
    name = str(path)
    entry = cache.key(data)
    with _collector_paused():
        stored = cache.read(entry, name)
        if stored is not None:
            plain, diagnostics = stored
            try:
                return LoadResult(None if plain is None else warm.from_plain(plain), diagnostics)
            except ValueError:
                pass  # a damaged entry: load the file itself
        result = _Load(name).run(data)
    cache.write(entry, None if result.ledger is None else warm.to_plain(result.ledger), result.diagnostics)
    completion_index.write(entry, data)
    return result


def load_bytes(data: bytes, *, name: str) -> LoadResult:
    """Load a ledger from raw bytes; `name` is how diagnostics refer to the file."""
    with _collector_paused():
        return _Load(name).run(data)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading creates millions of objects and no cycles,
    and the collector's passes over them cost more than the parse itself. What survives is the
    ledger, kept to the end of the run, so it is frozen: later passes no longer re-scan it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


class _Composer(CParser):
    """libyaml's parser with a resolver that only marks plain scalars; typing is ours."""

    def descend_resolver(self, *_: object) -> None:
        pass

    def ascend_resolver(self, *_: object) -> None:
        pass

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


class _Stop(Exception):
    """Constructing must end here (alias abuse, recursion); the diagnostic is already kept."""


class _Load:
    """One load of one file: collects diagnostics as it goes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.diagnostics: list[Diagnostic] = []
        self.alias_uses = 0
        self.seen: set[int] = set()
        self.document: dict[str, Any] | None = None  # the plain values validated, for the cache
        self.anchored = False  # only a file with an anchor can repeat a value through aliases
        self.replaying: Node | None = None  # the outermost alias being expanded, where overuse is reported

    def run(self, data: bytes) -> LoadResult:
        self.anchored = b"&" in data
        root = self._compose(data)
        if root is None:
            return self._result(None)
        if not isinstance(root, MappingNode):
            found = "a list" if isinstance(root, SequenceNode) else "a single value"
            self._report(
                root,
                "top-level",
                f"the file must be a mapping with keys {', '.join(_TOP_KEYS)}; found {found}",
            )
            return self._result(None)
        try:
            document = self.document = self._construct(root, 0, set())
        except _Stop:
            return self._result(None)
        # A repeated key keeps its first value, so the rest of the file can still be checked;
        # any other construction problem leaves values that would only add noise.
        if any(d.code != "duplicate-key" for d in self.diagnostics):
            return self._result(None)
        ledger = self._validate(document, root)
        return self._result(ledger)

    # -- text → node tree -------------------------------------------------------------

    def _compose(self, data: bytes) -> Node | None:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = _line_col(data, exc.start)
            self._add(line, column, "encoding", f"invalid UTF-8 byte 0x{data[exc.start]:02x}")
            return None
        if self._suspect_characters(text):
            return None
        try:
            node: Node | None = _Composer(text).get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.problem:
                problem = f"{exc.context}: {exc.problem}"
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            self._add(line, column, "syntax", problem)
            return None
        except yaml.YAMLError as exc:  # a ReaderError carries only a position
            position = getattr(exc, "position", 0)
            line, column = _line_col(text, position)
            self._add(line, column, "syntax", str(getattr(exc, "reason", exc)))
            return None
        if node is None:
            self._add(1, 1, "empty-file", "the file is empty; expected schema, parties, meetings, commitments")
        return node

    def _suspect_characters(self, text: str) -> bool:
        """Report the first character YAML forbids, which ends the load, and every line holding
        a hidden one (naming the first on the line; at most `MAX_HIDDEN_REPORTS` lines)."""
        line, line_start, scanned, reported_line, reported = 1, 0, 0, 0, 0
        for match in _SUSPECT.finditer(text):
            at, char = match.start(), match.group()
            breaks = text.count("\n", scanned, at)
            if breaks:
                line += breaks
                line_start = text.rfind("\n", scanned, at) + 1
            scanned = at
            column = at - line_start + 1
            if _FORBIDDEN_CHAR.match(char):
                self._add(line, column, "encoding", f"character U+{ord(char):04X} is not allowed")
                return True
            if line == reported_line:
                continue
            reported_line, reported = line, reported + 1
            if reported > MAX_HIDDEN_REPORTS:
                self._add(line, column, "invisible-character", "more lines hold hidden characters; check again")
                return True
            self._add(line, column, "invisible-character", f"{describe_hidden(char)}: remove it")
        return reported > 0

    # -- node tree → plain values -----------------------------------------------------

    def _construct(self, node: Node, depth: int, active: set[int]) -> Any:
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self._report(node, "tag", f"tag '{shown}' is not allowed; write the value without a tag")
            return None
        if isinstance(node, ScalarNode):
            if self.anchored:
                self._use(node, active)
            value = node.value
            if len(value) > MAX_SCALAR_CHARS:
                return self._too_long(node, "value")
            if node.style == '"' and self._escaped_control(node):
                return None
            return _scalar(value) if tag == _PLAIN else value
        if depth >= MAX_DEPTH:
            self._report(node, "too-deep", f"nesting is deeper than {MAX_DEPTH} levels")
            raise _Stop
        if not self.anchored:  # no anchor, no alias: every node is met once, no bookkeeping
            return self._children(node, depth + 1, active)
        key = self._use(node, active)
        active.add(key)
        try:
            return self._children(node, depth + 1, active)
        finally:
            active.discard(key)
            if self.replaying is node:
                self.replaying = None

    def _children(self, node: Node, depth: int, active: set[int]) -> list[Any] | dict[str, Any]:
        """The items of a sequence, or the entries of a mapping with its keys checked."""
        if isinstance(node, SequenceNode):
            return [self._construct(item, depth, active) for item in node.value]
        mapping: dict[str, Any] = {}
        first: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
                self._report(key_node, "key", "a key must be plain text")
                continue
            name = key_node.value
            if len(name) > MAX_SCALAR_CHARS:
                self._too_long(key_node, "key")
                continue
            if key_node.style == '"' and self._escaped_control(key_node):
                continue
            if name in first:
                line = first[name].start_mark.line + 1
                self._report(key_node, "duplicate-key", f"'{name}' is already set at line {line}")
                continue
            first[name] = key_node
            mapping[name] = self._construct(value_node, depth, active)
        return mapping

    def _use(self, node: Node, active: set[int]) -> int:
        """Note one use of a node; a node used again is an alias, and aliases have a budget,
        so a few lines cannot expand into millions of values ("billion laughs")."""
        key = id(node)
        if key in active:
            self._report(node, "alias", "an alias refers to a node that contains it")
            raise _Stop
        if key in self.seen:  # met before: this is an alias
            self.alias_uses += 1
            if self.alias_uses > ALIAS_BUDGET:
                self._report(self.replaying or node, "alias", f"aliases expand more than {ALIAS_BUDGET} times")
                raise _Stop
            if self.replaying is None and not isinstance(node, ScalarNode):
                self.replaying = node
        self.seen.add(key)
        return key

    def _escaped_control(self, node: ScalarNode) -> bool:
        """A double-quoted scalar may write any character as an escape; the same rules hold."""
        bad = _ESCAPED_FORBIDDEN.search(node.value)
        if bad:
            self._report(node, "encoding", f"character U+{ord(bad.group()):04X} is not allowed, even as an escape")
            return True
        hidden = HIDDEN.search(node.value)  # raw ones stopped the load already: this is an escape
        if hidden:
            what = describe_hidden(hidden.group())
            self._report(node, "invisible-character", f"{what}, even as an escape: remove it")
        return hidden is not None

    def _too_long(self, node: ScalarNode, what: str) -> None:
        length = len(node.value)
        self._report(node, "too-long", f"a {what} of {length:,} characters; at most {MAX_SCALAR_CHARS:,} are allowed")

    # -- plain values → models --------------------------------------------------------

    def _validate(self, document: dict[str, Any], root: MappingNode) -> Ledger | None:
        subset: _Subset | None = None
        try:
            ledger = Ledger.model_validate(document)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                self._report_validation(error, root)
            subset = _sound_subset(document)
            if subset is None:
                return None
            ledger = subset.ledger
        for finding in checks.run(ledger):
            if subset and finding.missing in subset.invalid_ids:
                continue  # the record exists but is invalid, and already reported
            loc = subset.original(finding.loc) if subset else finding.loc
            line, column = _locate(root, loc, key=finding.at_key)
            self._add(line, column, finding.code, finding.message, finding.severity)
        return None if subset else ledger

    def _report_validation(self, error: Any, root: MappingNode) -> None:
        loc: Loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "missing":
            line, column = _locate(root, loc[:-1])
            self._add(line, column, "missing-field", f"{_where(loc[:-1])}missing field '{loc[-1]}'")
            return
        if kind == "extra_forbidden":
            line, column = _locate(root, loc, key=True)
            self._add(line, column, "unknown-field", f"{_where(loc[:-1])}unknown field '{loc[-1]}'{_suggest(loc)}")
            return
        line, column = _locate(root, loc)
        message = error["msg"]
        if loc == ("schema",):
            self._add(line, column, "schema", f"schema: version {error.get('input')!r} is not supported; expected 1")
            return
        if kind == "too_short":
            context = error.get("ctx", {})
            minimum, actual = context.get("min_length", 1), context.get("actual_length", 0)
            self._add(line, column, "schema", f"{_dotted(loc)}: needs at least {minimum} item(s), has {actual}")
            return
        shown = error.get("input")
        if isinstance(shown, str | int | float | bool) and len(repr(shown)) <= 60:
            message = f"{message} (got {shown!r})"
        self._add(line, column, "schema", f"{_dotted(loc)}: {message}")

    # -- diagnostics --------------------------------------------------------------------

    def _report(self, node: Node, code: str, message: str) -> None:
        self._add(node.start_mark.line + 1, node.start_mark.column + 1, code, message)

    def _add(self, line: int, column: int, code: str, message: str, severity: Severity = Severity.ERROR) -> None:
        # A diagnostic is one line, whatever characters the file's own text brings into it.
        one_line = message.replace("\r", "\\r").replace("\n", "\\n")
        self.diagnostics.append(Diagnostic(self.name, line, column, code, one_line, severity))

    def _result(self, ledger: Ledger | None) -> LoadResult:
        ordered = tuple(sorted(self.diagnostics, key=lambda d: d.sort_key))
        return LoadResult(ledger if not any(d.severity is Severity.ERROR for d in ordered) else None, ordered)


@dataclass(frozen=True, slots=True)
class _Subset:
    """The records that validated on their own, so cross-record checks can still run;
    `positions` maps each kept record back to its index in the file."""

    ledger: Ledger
    positions: dict[str, list[int]]
    invalid_ids: frozenset[str]

    def original(self, loc: Loc) -> Loc:
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            return (loc[0], self.positions[loc[0]][loc[1]], *loc[2:])
        return loc


def _sound_subset(document: dict[str, Any]) -> _Subset | None:
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


def _scalar(text: str) -> object:
    """Type a plain scalar by YAML 1.2's core schema: null, booleans, numbers, else text."""
    if text in _SPECIAL_WORDS:
        return _SPECIAL_WORDS[text]
    if text[0] in _NUMBER_START:
        if _INT.fullmatch(text):
            try:
                return int(text)
            except ValueError:  # over Python's 4300-digit limit
                return text
        if _FLOAT.fullmatch(text):
            return float(text)
    if text in (".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"):
        return float(text.replace(".", "", 1))
    return text


def _locate(root: Node, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
    """1-based line and column of the node at `loc`; the nearest existing ancestor when the
    path leaves the file (a missing field points at its parent). `key` asks for a mapping key."""
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
    return node.start_mark.line + 1, node.start_mark.column + 1


def _dotted(loc: Sequence[str | int]) -> str:
    """`commitments[3].quantity.low`, the way people read a path."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _where(loc: Sequence[str | int]) -> str:
    """`commitments[3]: ` before a message about a field of that record; nothing at top level."""
    return f"{_dotted(loc)}: " if loc else ""


def _suggest(loc: Loc) -> str:
    fields = _fields_at(loc[:-1])
    return aside(did_you_mean(str(loc[-1]), fields))


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


def _line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    newline: Any = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, offset) + 1
    start = text.rfind(newline, 0, offset) + 1
    return line, offset - start + 1
