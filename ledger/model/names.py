"""How parties are named, and the one "did you mean": every name a user or an editor may give
for a party is folded and looked up here, and every unknown name, option value or field is
answered from here. Messages differ in punctuation only; the matching is shared.
"""

from __future__ import annotations

import bisect
import difflib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING

from ledger.model.vocabulary import PartyKind

if TYPE_CHECKING:
    from ledger.model.models import Ledger


def did_you_mean(word: str, candidates: Iterable[str], *, n: int = 1, cutoff: float = 0.6) -> str:
    """`did you mean 'a' or 'b'?` for the candidates closest to `word`, or "" when none is close."""
    return phrase(difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff))


def did_you_mean_spelled(word: str, spelled: Mapping[str, str], *, n: int = 1) -> str:
    """As `did_you_mean`, matching folded keys but naming each match as it is spelled."""
    return phrase([spelled[key] for key in difflib.get_close_matches(word, list(spelled), n=n)])


def phrase(close: Iterable[str]) -> str:
    """`did you mean 'a' or 'b'?`, or "" for no names."""
    names = " or ".join(repr(name) for name in close)
    return f"did you mean {names}?" if names else ""


class Suggester:
    """`did you mean 'X'?` for many unknown references against one large set of names.

    difflib against every name for every bad reference is quadratic: thousands of ids and
    thousands of broken references took hours. So a name is compared only with its neighbours
    in sorted order, spelled forwards and backwards (a typo at either end stays close), and
    only the first `LIMIT` distinct names get a hint. Small sets compare with every name.
    `standing_for` answers a word that is another way to write one of the names (a party's
    name for its code, a meeting's date for its id) before any spelling is compared.
    """

    NEIGHBOURS = 20
    LIMIT = 50

    def __init__(self, names: Iterable[str], *, standing_for: Callable[[str], str | None] | None = None) -> None:
        self.forward = sorted(set(names))
        self.backward = sorted(name[::-1] for name in self.forward)
        self.standing_for = standing_for
        self.hints: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        meant = self.standing_for(word) if self.standing_for else None
        if meant is not None:
            return phrase([meant])
        if word not in self.hints and len(self.hints) < self.LIMIT:
            self.hints[word] = did_you_mean(word, self._near(word), cutoff=0.5)
        return self.hints.get(word, "")

    def _near(self, word: str) -> list[str]:
        if len(self.forward) <= 4 * self.NEIGHBOURS:
            return self.forward
        near: set[str] = set()
        for ordered, key, spell in ((self.forward, word, 1), (self.backward, word[::-1], -1)):
            at = bisect.bisect_left(ordered, key)
            near.update(name[::spell] for name in ordered[max(0, at - self.NEIGHBOURS) : at + self.NEIGHBOURS])
        return sorted(near)


def aside(hint: str) -> str:
    """` (did you mean 'X'?)` after a message, or nothing when there is no hint."""
    return f" ({hint})" if hint else ""


def fold(name: str) -> str:
    """Case-, accent- and punctuation-blind form of a name: `Türkiye` and `turkiye` meet."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("-", " ").replace(".", " ").replace("'", " ").split())


@cache
def _french_name(english: str) -> str | None:
    import gettext

    import pycountry  # its locale files carry the ISO names in French

    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    french = translation.gettext(english)
    return french if french != english else None


def _iso_names(code: str) -> list[str]:
    """ISO's English names for a country code, and the French one (the founding document is French)."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return []
    names = [country.name, *(getattr(country, a, None) for a in ("official_name", "common_name"))]
    english = [n for n in names if n]
    french = _french_name(country.name)
    return [*english, *([french] if french else [])]


def party_names(ledger: Ledger, *, with_iso: bool = True) -> dict[str, str]:
    """Every way to name a party (code, name, aliases, and with `with_iso` its ISO and French
    names) → its code. Names the ledger writes itself win over ISO's, so an alias is never shadowed."""
    names: dict[str, str] = {}
    for party in ledger.parties:
        for name in (party.code, party.name, *party.aliases):
            names.setdefault(fold(name), party.code)
    if with_iso:
        for party in ledger.parties:
            if party.kind is PartyKind.COUNTRY:
                for name in _iso_names(party.code):
                    names.setdefault(fold(name), party.code)
    return names
