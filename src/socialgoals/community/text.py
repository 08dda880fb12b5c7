"""Text normalisation and tokenisation for matching comments and DMs.

Matching must not care about case or accents ("Prix", "PRIX" and "príx" are the
same word), and word boundaries must work for French elisions ("l'achat") and
emoji ("trop cher😡" is two tokens). Everything here is pure and fast: the
triage matcher calls :func:`normalize` and :func:`tokenize` once per message.

>>> normalize("Où est ma COMMANDE ?")
'ou est ma commande ?'
>>> tokenize(normalize("L'achat était trop cher😡!"))
('l', "'", 'achat', 'etait', 'trop', 'cher', '😡', '!')
>>> words("C'est top 👍")
3
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = [
    "normalize",
    "tokenize",
    "normalized_tokens",
    "words",
    "is_emoji_only",
    "contains_link",
    "contains_email",
    "contains_phone",
    "TOKEN_PATTERN",
]

# Combining diacritics (Latin, Greek, Cyrillic), the variation selectors that turn
# a symbol into an emoji (U+FE0E/U+FE0F) and the combining enclosing keycap.
_MARKS: Final = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f]+"
)
TOKEN_PATTERN: Final = re.compile(r"\w+|[^\w\s]")
"""What a token is: a run of word characters, or any other single non-space character."""
_TOKEN: Final = TOKEN_PATTERN
_WORD: Final = re.compile(r"\w+")
_LINK: Final = re.compile(
    r"https?://|www\.|\b[a-z0-9][a-z0-9-]*\.(?:com|fr|io|net|org|co|ly|me|shop|info|biz|gl)\b",
    re.IGNORECASE,
)
_EMAIL: Final = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]*\w")
_PHONE: Final = re.compile(r"(?<![\w+])\+?\d(?:[ .\-]?\d){7,14}(?!\w)")
_EMOJI_CATEGORIES: Final = frozenset({"So", "Sk", "Mn", "Me", "Cf"})


def normalize(text: str) -> str:
    """Fold case and accents so matching ignores both; idempotent.

    Compatibility forms are unified (NFKD: ``"ﬁ"`` becomes ``"fi"``, full-width
    letters become ASCII), combining accents and emoji variation selectors are
    dropped, and the text is case-folded (``"ß"`` becomes ``"ss"``). Emoji and
    punctuation are kept; typographic apostrophes become ``'``.

    Args:
        text: any text.

    Returns:
        The folded text; ``normalize(normalize(t)) == normalize(t)``.

    >>> normalize("Ça coûte combien ? ❤️")
    'ca coute combien ? ❤'
    >>> normalize("STRASSE") == normalize("Straße")
    True
    """
    if text.isascii():
        return text.lower()
    # One pass is a fixed point: checked for every code point (and by a property test).
    folded = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold())).casefold()
    return folded.replace("\u2019", "'").replace("\u2018", "'")


def tokenize(normalized: str) -> tuple[str, ...]:
    """Split normalised text into tokens: words, and each other symbol on its own.

    A word is a run of letters, digits or ``_`` (in any script); every other
    non-space character (punctuation, an apostrophe, an emoji) is a token of
    its own, so ``"cher😡"`` gives ``("cher", "😡")`` and ``"l'achat"`` gives
    ``("l", "'", "achat")``.

    >>> tokenize("prix ?!")
    ('prix', '?', '!')
    """
    return tuple(_TOKEN.findall(normalized))


def normalized_tokens(text: str) -> tuple[str, ...]:
    """:func:`tokenize` of :func:`normalize`: the tokens matching works on.

    >>> normalized_tokens("Bon de COMMANDE")
    ('bon', 'de', 'commande')
    """
    return tuple(_TOKEN.findall(normalize(text)))


def words(text: str) -> int:
    """How many words ``text`` has (emoji and punctuation do not count).

    >>> words("Merci !! 🙏🙏")
    1
    """
    return len(_WORD.findall(text))


def is_emoji_only(text: str) -> bool:
    """Whether ``text`` has at least one emoji and nothing but emoji and spaces.

    Emoji are symbols (Unicode category ``So``/``Sk``) with their joiners,
    variation selectors and skin-tone modifiers.

    >>> is_emoji_only("😍🔥 👏🏽")
    True
    >>> is_emoji_only("top 🔥")
    False
    >>> is_emoji_only("!!")
    False
    """
    seen_symbol = False
    for char in text:
        if char.isspace():
            continue
        category = unicodedata.category(char)
        if category not in _EMOJI_CATEGORIES:
            return False
        seen_symbol = seen_symbol or category == "So"
    return seen_symbol


def contains_link(text: str) -> bool:
    """Whether ``text`` contains a URL or a bare domain name.

    >>> contains_link("voir www.example.fr"), contains_link("rdv à 9h.")
    (True, False)
    """
    return _LINK.search(text) is not None


def contains_email(text: str) -> bool:
    """Whether ``text`` contains an email address.

    >>> contains_email("écrivez à lea@example.com"), contains_email("@lea merci")
    (True, False)
    """
    return _EMAIL.search(text) is not None


def contains_phone(text: str) -> bool:
    """Whether ``text`` contains a phone number (8 to 15 digits, with separators).

    >>> contains_phone("appelez le 06 12 34 56 78"), contains_phone("commande 1234")
    (True, False)
    """
    return _PHONE.search(text) is not None
