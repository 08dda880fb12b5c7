"""Small lexicon matching shared by replies, moderation, flows and alerts.

Terms and texts are *folded* (Unicode NFKD, accents dropped, casefolded,
typographic apostrophes made plain) and matched on word boundaries, where a
word character is a letter, a digit or ``_`` (as in triage tokens). Terms
come from plan data but are escaped literals, never user regexes, so matching
is linear-time.

>>> Lexicon(("mot de passe", "card number")).find("Envoyez votre MOT DE PASSE !")
('mot de passe',)
>>> Lexicon(("prix",)).find("leprix")
()
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

__all__ = ["Lexicon", "fold"]

_APOSTROPHES: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_SPACES: Final = re.compile(r"\s+")


def fold(text: str) -> str:
    """Fold ``text`` for matching: no accents, casefolded, single spaces.

    >>> fold("  Numéro   de CARTE ")
    'numero de carte'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold()).strip()


class Lexicon:
    """A set of terms (words or phrases) found on word boundaries in folded text.

    Args:
        terms: the terms, as written in the plan (they are folded here).
    """

    __slots__ = ("_by_folded", "_pattern")

    def __init__(self, terms: Iterable[str]) -> None:
        self._by_folded: dict[str, str] = {}
        for term in terms:
            key = fold(term)
            if key:
                self._by_folded.setdefault(key, term)
        if self._by_folded:
            # Longest first so that "numero de carte" wins over "carte".
            alternatives = "|".join(
                re.escape(t) for t in sorted(self._by_folded, key=lambda t: (-len(t), t))
            )
            self._pattern: re.Pattern[str] | None = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        else:
            self._pattern = None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find(self, text: str) -> tuple[str, ...]:
        """The distinct terms found in ``text``, as written in the plan, in order of appearance."""
        if self._pattern is None:
            return ()
        found: dict[str, None] = {}
        for match in self._pattern.finditer(fold(text)):
            found.setdefault(self._by_folded[match.group(0)], None)
        return tuple(found)
