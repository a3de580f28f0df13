"""Characters that hide text or reorder it: the loader refuses them, every output escapes them.

Standard library only, below both the loader and the output layer, so neither imports the other.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Characters that display as nothing, or that reorder the text around them, so that a string can
# read as other words than it holds: Unicode's bidirectional controls and every other
# default-ignorable code point (DerivedCoreProperties.txt). `check` refuses them in a data file.
BIDI_CONTROLS: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
HIDDEN: Final = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def describe_hidden(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE reorders how text displays`: what the character is and does."""
    name = unicodedata.name(char, "an unnamed format character")
    effect = "reorders how text displays" if char in BIDI_CONTROLS else "displays as nothing"
    return f"U+{ord(char):04X} {name} {effect}"
