"""Completion's names for a data file, kept beside its cache entry, so TAB is answered before typer loads.

The index holds what completion would read from the file itself: each party's code, name and
aliases, and each meeting's id, with the hint shown beside it. It is written with the cache
entry, under the same key (the file's bytes and the code), so it can only describe those bytes;
`ledger.completion` still checks and quotes every value before a shell sees it.
"""

from __future__ import annotations

import marshal

from ledger import completion
from ledger.load import cache

Names = tuple[dict[str, str], dict[str, str]]  # parties' names, meetings' ids: each with its hint


def write(entry: str, data: bytes) -> None:
    """Keep the names in `data` beside its cache entry; failure only costs speed."""
    if not cache.enabled():
        return
    names = (completion.party_names(data), completion.meeting_names(data))
    cache.write_beside(entry, cache.INDEX_SUFFIX, marshal.dumps(names))


def read(entry: str) -> Names | None:
    """The names kept for this entry, or None when there are none to trust."""
    payload = cache.read_beside(entry, cache.INDEX_SUFFIX)
    if payload is None:
        return None
    try:
        names = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if type(names) is not tuple or len(names) != 2 or not all(_text_to_text(found) for found in names):
        return None
    parties, meetings = names
    return parties, meetings


def _text_to_text(found: object) -> bool:
    return type(found) is dict and all(type(k) is str and type(v) is str for k, v in found.items())
