"""Strict YAML → plain values, every problem with its 1-based line and column.

Stricter than YAML: duplicate keys, explicit tags and heavy alias use are errors, and plain
scalars follow YAML 1.2's core schema, so `NO` (Norway) stays a string. libyaml's C loader
builds the node tree with a resolver that only marks plain scalars; this module turns nodes into
plain values itself, which is where the rules are enforced and why positions cost nothing until
a problem needs one. It knows YAML, not ledgers: the loader gives the values their meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

import yaml
from yaml.nodes import Node, ScalarNode, SequenceNode

from ledger.characters import HIDDEN, describe_hidden
from ledger.load.hints import explain_syntax

MAX_DEPTH: Final = 32
ALIAS_BUDGET: Final = 100
MAX_SCALAR_CHARS: Final = 10_000  # above every text field's own limit; bounds keys and messages too
MAX_HIDDEN_REPORTS: Final = 100  # lines reported for hidden characters; the last one says there are more

PLAIN_TAG: Final = "!plain"
"""The tag `Composer` gives a plain (unquoted) scalar, which `plain_scalar` then types."""
_STR: Final = "tag:yaml.org,2002:str"
_SEQ: Final = "tag:yaml.org,2002:seq"
_MAP: Final = "tag:yaml.org,2002:map"
_ALLOWED_TAGS: Final = frozenset({PLAIN_TAG, _STR, _SEQ, _MAP})
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
# (`characters.HIDDEN`), so a string could read as other words than it holds: one pass finds both.
_SUSPECT: Final = re.compile(f"{_FORBIDDEN_CHAR.pattern}|{HIDDEN.pattern}")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the text, at a 1-based line and column."""

    line: int
    column: int
    code: str
    message: str


class Composer(yaml.CBaseLoader):
    """libyaml's C loader whose resolver only tells plain scalars (`PLAIN_TAG`) from quoted
    ones; typing a plain scalar is `plain_scalar`'s job. `Composer(text).get_single_node()`
    gives the node tree of one document."""

    def descend_resolver(self, *_: object) -> None:
        pass

    def ascend_resolver(self, *_: object) -> None:
        pass

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return PLAIN_TAG if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


def plain_scalar(text: str) -> object:
    """A plain scalar typed by YAML 1.2's core schema: null, booleans, numbers, else text."""
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


def compose(data: bytes) -> tuple[Node | None, list[Problem]]:
    """The node tree of UTF-8 bytes, or None and why: bad bytes, forbidden or hidden characters,
    a syntax error (with a hint for the usual slips), or nothing at all."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_col(data, exc.start)
        return None, [Problem(line, column, "encoding", f"invalid UTF-8 byte 0x{data[exc.start]:02x}")]
    problems = _suspect_characters(text)
    if problems:
        return None, problems
    try:
        node: Node | None = yaml.compose(text, Loader=Composer)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.context}: {problem}"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        begun = exc.context_mark.line + 1 if exc.context_mark else line
        explained = explain_syntax(text, exc.problem or "", line, column, begun)
        if explained:
            line, column, problem = explained
        return None, [Problem(line, column, "syntax", problem)]
    except yaml.YAMLError as exc:  # a ReaderError carries only a position
        line, column = line_col(text, getattr(exc, "position", 0))
        return None, [Problem(line, column, "syntax", str(getattr(exc, "reason", exc)))]
    if node is None:
        return None, [Problem(1, 1, "empty-file", "the file is empty; expected schema, parties, meetings, commitments")]
    return node, []


def _suspect_characters(text: str) -> list[Problem]:
    """The first character YAML forbids, which ends the load, and every line holding a hidden
    one (naming the first on the line; at most `MAX_HIDDEN_REPORTS` lines)."""
    problems: list[Problem] = []
    line, line_start, scanned, reported_line = 1, 0, 0, 0
    for match in _SUSPECT.finditer(text):
        at, char = match.start(), match.group()
        breaks = text.count("\n", scanned, at)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", scanned, at) + 1
        scanned = at
        column = at - line_start + 1
        if _FORBIDDEN_CHAR.match(char):
            return [*problems, Problem(line, column, "encoding", f"character U+{ord(char):04X} is not allowed")]
        if line == reported_line:
            continue
        reported_line = line
        if len(problems) == MAX_HIDDEN_REPORTS:
            more = "more lines hold hidden characters; check again"
            return [*problems, Problem(line, column, "invisible-character", more)]
        problems.append(Problem(line, column, "invisible-character", f"{describe_hidden(char)}: remove it"))
    return problems


def construct(root: Node, *, anchored: bool) -> tuple[Any, list[Problem]]:
    """The plain values of a node tree, and the problems met; the values are None when
    constructing had to stop (alias abuse, recursion, nesting). Only a text with an anchor
    (`anchored`) can repeat a node through aliases, so only then are uses counted."""
    construction = _Construction(anchored)
    try:
        values = construction.value(root, 0, set())
    except _Stop:
        values = None
    return values, construction.problems


class _Stop(Exception):
    """Constructing must end here; the problem is already kept."""


class _Construction:
    """One walk over a node tree: the problems found, and the alias bookkeeping."""

    def __init__(self, anchored: bool) -> None:
        self.problems: list[Problem] = []
        self.anchored = anchored
        self.alias_uses = 0
        self.seen: set[int] = set()
        self.replaying: Node | None = None  # the outermost alias being expanded, where overuse is reported

    def value(self, node: Node, depth: int, active: set[int]) -> Any:
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.report(node, "tag", f"tag '{shown}' is not allowed; write the value without a tag")
            return None
        if isinstance(node, ScalarNode):
            if self.anchored:
                self.use(node, active)
            text = node.value
            if len(text) > MAX_SCALAR_CHARS:
                return self.too_long(node, "value")
            if node.style == '"' and self.escaped_control(node):
                return None
            return plain_scalar(text) if tag == PLAIN_TAG else text
        if depth >= MAX_DEPTH:
            self.report(node, "too-deep", f"nesting is deeper than {MAX_DEPTH} levels")
            raise _Stop
        if not self.anchored:  # no anchor, no alias: every node is met once, no bookkeeping
            return self.children(node, depth + 1, active)
        key = self.use(node, active)
        active.add(key)
        try:
            return self.children(node, depth + 1, active)
        finally:
            active.discard(key)
            if self.replaying is node:
                self.replaying = None

    def children(self, node: Node, depth: int, active: set[int]) -> list[Any] | dict[str, Any]:
        """The items of a sequence, or the entries of a mapping with its keys checked."""
        if isinstance(node, SequenceNode):
            return [self.value(item, depth, active) for item in node.value]
        mapping: dict[str, Any] = {}
        first: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
                self.report(key_node, "key", "a key must be plain text")
                continue
            name = key_node.value
            if len(name) > MAX_SCALAR_CHARS:
                self.too_long(key_node, "key")
                continue
            if key_node.style == '"' and self.escaped_control(key_node):
                continue
            if name in first:
                line = first[name].start_mark.line + 1
                self.report(key_node, "duplicate-key", f"'{name}' is already set at line {line}")
                continue
            first[name] = key_node
            mapping[name] = self.value(value_node, depth, active)
        return mapping

    def use(self, node: Node, active: set[int]) -> int:
        """Note one use of a node; a node used again is an alias, and aliases have a budget,
        so a few lines cannot expand into millions of values ("billion laughs")."""
        key = id(node)
        if key in active:
            self.report(node, "alias", "an alias refers to a node that contains it")
            raise _Stop
        if key in self.seen:  # met before: this is an alias
            self.alias_uses += 1
            if self.alias_uses > ALIAS_BUDGET:
                self.report(self.replaying or node, "alias", f"aliases expand more than {ALIAS_BUDGET} times")
                raise _Stop
            if self.replaying is None and not isinstance(node, ScalarNode):
                self.replaying = node
        self.seen.add(key)
        return key

    def escaped_control(self, node: ScalarNode) -> bool:
        """A double-quoted scalar may write any character as an escape; the same rules hold."""
        bad = _ESCAPED_FORBIDDEN.search(node.value)
        if bad:
            self.report(node, "encoding", f"character U+{ord(bad.group()):04X} is not allowed, even as an escape")
            return True
        hidden = HIDDEN.search(node.value)  # raw ones stopped the load already: this is an escape
        if hidden:
            what = describe_hidden(hidden.group())
            self.report(node, "invisible-character", f"{what}, even as an escape: remove it")
        return hidden is not None

    def too_long(self, node: ScalarNode, what: str) -> None:
        length = len(node.value)
        self.report(node, "too-long", f"a {what} of {length:,} characters; at most {MAX_SCALAR_CHARS:,} are allowed")

    def report(self, node: Node, code: str, message: str) -> None:
        self.problems.append(Problem(node.start_mark.line + 1, node.start_mark.column + 1, code, message))


def line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a character (or byte) offset."""
    newline: Any = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, offset) + 1
    start = text.rfind(newline, 0, offset) + 1
    return line, offset - start + 1
