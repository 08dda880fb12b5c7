"""The shared lexicon matcher: folding, whole words, French and emoji."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community._lexicon import Lexicon, fold


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Quel est le PRIX ?", ("prix",)),
        ("le prix😡", ("prix",)),
        ("l'IBAN svp", ("iban",)),
        ("Numéro de carte", ("numéro de carte",)),
        ("numero   de\ncarte", ("numéro de carte",)),
        ("leprix", ()),
        ("prix_total", ()),
        ("prix2", ()),
        ("", ()),
    ],
)
def test_whole_words_accent_and_case_insensitive(text: str, found: tuple[str, ...]) -> None:
    assert Lexicon(("prix", "iban", "numéro de carte")).find(text) == found


def test_typographic_apostrophes_fold() -> None:
    assert Lexicon(("c'est de notre faute",)).find("C\u2019est de notre faute") == (
        "c'est de notre faute",
    )


def test_longest_term_wins_and_duplicates_are_reported_once() -> None:
    lex = Lexicon(("carte", "numéro de carte"))
    assert lex.find("numéro de carte, carte, carte") == ("numéro de carte", "carte")


def test_empty_lexicon() -> None:
    lex = Lexicon(("", "  "))
    assert not lex
    assert lex.find("anything") == ()


@given(st.text(max_size=50))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(
    st.text(st.characters(categories=["Ll", "Lu"]), min_size=1, max_size=8),
    st.text(max_size=20),
    st.text(max_size=20),
)
def test_a_term_between_spaces_is_always_found(term: str, before: str, after: str) -> None:
    if not fold(term) or not fold(term).isalpha() or fold(term) != fold(term).strip():
        return
    assert Lexicon((term,)).find(f"{before} {term} {after}")
