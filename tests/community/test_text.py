"""Normalisation and tokenisation: idempotent, accent- and case-blind, French and emoji."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community.text import (
    contains_email,
    contains_link,
    contains_phone,
    is_emoji_only,
    normalize,
    normalized_tokens,
    tokenize,
    words,
)
from socialgoals.testing.strategies._community_triage import triage_texts


@given(st.text())
def test_normalize_is_idempotent_on_any_text(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(triage_texts())
def test_normalize_is_idempotent_on_french_and_emoji(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert tokenize(normalize(once)) == tokenize(once)


@given(st.text())
def test_normalize_ignores_case(text: str) -> None:
    assert normalize(text.upper()) == normalize(normalize(text).upper())


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Prix", "PRIX"),
        ("été", "ETE"),
        ("Straße", "STRASSE"),
        ("remboursé", "rembourse"),
        ("ﬁn", "fin"),
        ("\uff46\uff49\uff4e", "fin"),
        ("l\u2019achat", "l'achat"),
        ("❤️", "❤"),
        ("e\u0301te\u0301", "été"),  # decomposed input
    ],
)
def test_accent_case_and_compatibility_variants_fold_together(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("L'achat était trop cher😡!", ("l", "'", "achat", "etait", "trop", "cher", "😡", "!")),
        ("peut-être", ("peut", "-", "etre")),
        ("#promo @marque", ("#", "promo", "@", "marque")),
        ("prix?!", ("prix", "?", "!")),
        ("  ", ()),
        ("œuvre", ("œuvre",)),
    ],
)
def test_tokens_split_words_elisions_and_emoji(text: str, tokens: tuple[str, ...]) -> None:
    assert normalized_tokens(text) == tokens


def test_emoji_only_detection() -> None:
    assert is_emoji_only("👍🏽 🇫🇷 ❤️")
    assert is_emoji_only("👨‍👩‍👧")  # a ZWJ family is one emoji of several code points
    assert not is_emoji_only("")
    assert not is_emoji_only("ok 👍")
    assert not is_emoji_only("?!")


def test_contains_link_email_phone() -> None:
    assert contains_link("https://x.co/abc")
    assert contains_link("rdv sur example.com")
    assert not contains_link("à 9h. Merci")
    assert contains_email("lea.martin+promo@example.co.uk")
    assert not contains_email("@lea_martin")
    assert contains_phone("+33 6 12 34 56 78")
    assert contains_phone("0612345678")
    assert not contains_phone("commande 123456")


def test_words_count_only_words() -> None:
    assert words("Merci beaucoup !! 🙏") == 2
    assert words("") == 0
