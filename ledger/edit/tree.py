"""A data file as a tree of values that keeps its comments, so records can move with theirs.

The loader's own parser (`strict_yaml.Composer`) builds the nodes and its own rules
(`strict_yaml.plain_scalar`) type plain scalars, so a value here is exactly what `ledger check`
reads. A round-trip YAML library would bring a second parser with its own reading of plain
scalars and keys, and a new dependency, for the one thing needed here that the loader's nodes
do not give: where each comment belongs.

A comment belongs to a member (a mapping key or a sequence item). A comment after a value
belongs to the last member that started on or before its line. A comment on a line of its own
goes above the first member that starts below it, unless it closes a block: indented deeper than
that member, it goes below the last member of the block above that is indented no deeper than
the comment, when there is one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import re
from dataclasses import dataclass, field

from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode
from yaml.resolver import BaseResolver

from ledger.errors import LedgerError
from ledger.load.strict_yaml import Composer, plain_scalar  # one definition of how the file reads

# A block scalar's header without an indentation digit or `+` (keep) chomping: its lines can be
# copied to another indentation, and the blank lines a layout adds after it do not change it.
_MOVABLE_BLOCK = re.compile(r"([|>])(-?)(?:[ \t]+#.*)?[ \t]*$")


@dataclass(frozen=True, slots=True)
class Block:
    """A literal (`|`) or folded (`>`) scalar as written: its header and its lines without
    their indentation. Copying the lines keeps the author's line breaks and fold points."""

    header: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Scalar:
    value: object
    block: Block | None = None


@dataclass(slots=True)
class Member:
    """A key and its value, or (key None) a sequence item, with the comments that belong to it."""

    key: str | None
    value: Value
    above: list[str] = field(default_factory=list)
    inline: str | None = None
    below: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Mapping:
    members: tuple[Member, ...]


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Member, ...]


Value = Scalar | Mapping | Sequence


@dataclass(frozen=True, slots=True)
class Document:
    """The top-level mapping, the comments above its first key and those after its last value."""

    head: tuple[str, ...]
    root: Mapping
    tail: tuple[str, ...]


def parse(text: str) -> Document:
    """The tree of a text the loader has accepted (so it is one mapping, with no syntax errors)."""
    text = text.removeprefix("\ufeff")
    node = Composer(text).get_single_node()
    if not isinstance(node, MappingNode):
        raise LedgerError("the text is not a ledger: its top level is not a mapping")
    builder = _Builder(text.splitlines())
    root = builder.value(node)
    assert isinstance(root, Mapping)
    head, tail = builder.attach_comments()
    return Document(tuple(head), root, tuple(tail))


def from_plain(value: object) -> Value:
    """A tree for plain values (dicts, lists, text, numbers, dates), as a new entry is built."""
    if isinstance(value, dict):
        return Mapping(tuple(Member(str(k), from_plain(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return Sequence(tuple(Member(None, from_plain(v)) for v in value))
    if isinstance(value, enum.Enum):
        return Scalar(value.value)
    if isinstance(value, dt.date):
        return Scalar(value.isoformat())  # the loader reads a date as its ISO text
    return Scalar(value)


Position = tuple[int, int]


class _Builder:
    """Builds members in document order, noting where each starts and which text is inside a
    scalar, so that a `#` outside every scalar is known to start a comment."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.starts: list[int] = []  # the line each member starts on, in document order
        self.columns: list[int] = []  # and its column: a key's, or an item's dash
        self.members: list[Member] = []
        self.spans: list[tuple[Position, Position]] = []
        self.seen: set[int] = set()

    def value(self, node: ScalarNode | CollectionNode) -> Value:
        # An alias repeats a node: its comments stay with the node where it is written.
        first = id(node) not in self.seen
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, first)
        # Inside `[…]` or `{…}` comments belong to the member that holds the whole collection.
        owns = first and not node.flow_style
        if isinstance(node, MappingNode):
            members = []
            for key, value in node.value:
                if first:
                    self._span(key)
                members.append(self._member(key.value, value, key, key.start_mark.column, owns=owns))
            return Mapping(tuple(members))
        dash = node.start_mark.column  # a block sequence starts at its first dash; all are aligned
        return Sequence(tuple(self._member(None, item, item, dash, owns=owns) for item in node.value))

    def _member(
        self, key: str | None, node: ScalarNode | CollectionNode, start: Node, column: int, *, owns: bool
    ) -> Member:
        """A member; with `owns`, one that comments can belong to."""
        slot = len(self.members)
        if owns:
            self.starts.append(start.start_mark.line)
            self.columns.append(column)
            self.members.append(Member(key, Scalar(None)))  # a place kept in document order
        member = Member(key, self.value(node))
        if owns:
            self.members[slot] = member
        return member

    def _scalar(self, node: ScalarNode, first: bool) -> Scalar:
        block = self._block(node) if node.style in ("|", ">") else None
        if first:
            self._span(node, body_only=node.style in ("|", ">"))
        value = node.value if node.tag == BaseResolver.DEFAULT_SCALAR_TAG else plain_scalar(node.value)
        return Scalar(value, block)

    def _span(self, node: Node, *, body_only: bool = False) -> None:
        """Mark a scalar's text; a block scalar's header line stays outside, for its comment."""
        start = (node.start_mark.line + 1, 0) if body_only else (node.start_mark.line, node.start_mark.column)
        self.spans.append((start, (node.end_mark.line, node.end_mark.column)))

    def _block(self, node: ScalarNode) -> Block | None:
        """The block's lines, unindented, when they can be moved as they are; else None, and the
        value is written on one line instead."""
        header = _MOVABLE_BLOCK.match(self.lines[node.start_mark.line], node.start_mark.column)
        if header is None:
            return None
        last = node.end_mark.line if node.end_mark.column > 0 else node.end_mark.line - 1
        body = self.lines[node.start_mark.line + 1 : last + 1]
        written = [line for line in body if line.strip(" ")]
        if not written:
            return None
        indent = len(written[0]) - len(written[0].lstrip(" "))
        while body and not body[-1][indent:]:  # trailing empty lines are not part of the value
            body.pop()
        return Block(header.group(1) + header.group(2), tuple(line[indent:] for line in body))

    def attach_comments(self) -> tuple[list[str], list[str]]:
        """Give every comment to its member; return the file's head and tail comments."""
        head: list[str] = []
        tail: list[str] = []
        for line, column, text, own_line in self._comments():
            below = bisect.bisect_right(self.starts, line)  # the first member after the comment's line
            if not own_line:
                if below == 0:
                    head.append(text)
                elif self.members[below - 1].inline is None:
                    self.members[below - 1].inline = text
                else:
                    self.members[below - 1].above.append(text)
            elif below == 0:
                head.append(text)
            else:
                self._attach_own_line(text, column, below, tail)
        return head, tail

    def _attach_own_line(self, text: str, column: int, below: int, tail: list[str]) -> None:
        """A comment on its own line, before member `below` (or at the end of the file)."""
        following = self.columns[below] if below < len(self.members) else 0
        owner = below - 1
        while self.columns[owner] > column:  # a top-level key, at column 0, ends the search
            owner -= 1
        if column > following and self.columns[owner] > following:
            self.members[owner].below.append(text)  # it closes a block deeper than what follows
        elif below < len(self.members):
            self.members[below].above.append(text)
        else:
            tail.append(text)

    def _comments(self) -> list[tuple[int, int, str, bool]]:
        """Each comment's line and column, its text from `#`, and whether it has the line to itself."""
        found = []
        for number, line in enumerate(self.lines):
            column = line.find("#")
            while column >= 0:
                if (column == 0 or line[column - 1] in " \t") and not self._inside_scalar((number, column)):
                    found.append((number, column, line[column:].rstrip(), not line[:column].strip()))
                    break
                column = line.find("#", column + 1)
        return found

    def _inside_scalar(self, position: Position) -> bool:
        at = bisect.bisect_right(self.spans, (position, (1 << 62, 0))) - 1
        return at >= 0 and self.spans[at][0] <= position < self.spans[at][1]
