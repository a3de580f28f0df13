"""How one value is written in the data file: plain when every reader agrees, else double-quoted.

A YAML 1.1 reader (PyYAML's `safe_load`, many editors and linters) and a YAML 1.2 reader (the
loader among them) must read the text back as the same value, so `NO`, `yes`, `on`, `0123`,
`1e3` and `2026-01-06` in a text field are quoted.
Double quotes are the one style that can hold any text: escapes are written here, once.
"""

from __future__ import annotations

import re

from yaml.nodes import ScalarNode
from yaml.resolver import BaseResolver, Resolver

from ledger.load.strict_yaml import plain_scalar  # the loader's own typing of a plain scalar

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}:")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_TO_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}
# YAML 1.2's core schema as the specification writes it: the plain words a 1.2 reader types.
_CORE_SCHEMA = re.compile(
    r"null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN"
)
_YAML_1_1 = Resolver()  # PyYAML's YAML 1.1 rules: yes, on, NO, 0123, 2026-01-06, 1_000, ...


def scalar_text(value: object, *, date: bool = False, flow: bool = False) -> str:
    """A value as the loader will read it back, in the one style every YAML reader agrees on."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    text = str(value)
    if (date and _ISO_DATE.fullmatch(text)) or _plain_is_safe(text, flow=flow):
        return text
    return '"' + _TO_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text) + '"'


def _float_text(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return ".nan" if value != value else ("-.inf" if value < 0 else ".inf")
    text = repr(value)
    if "." not in text:  # YAML 1.1 reads `1e+20` as text: it wants a dot
        mantissa, _, exponent = text.partition("e")
        text = f"{mantissa}.0" + (f"e{exponent}" if exponent else "")
    return text


def _plain_is_safe(text: str, *, flow: bool) -> bool:
    """Whether `text`, unquoted, reads as this same text to the loader, to YAML 1.1 and to YAML 1.2."""
    if not text or text != text.strip() or _UNPRINTABLE.search(text) or text[0] in _INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or (flow and not _FLOW_INDICATORS.isdisjoint(text)):
        return False
    if _CORE_SCHEMA.fullmatch(text) or not isinstance(plain_scalar(text), str):
        return False
    tag: str = _YAML_1_1.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == BaseResolver.DEFAULT_SCALAR_TAG
