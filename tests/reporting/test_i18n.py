"""The message catalogue: both languages, French number conventions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.errors import ValidationError
from socialgoals.reporting import LANGUAGES, Messages


def test_every_key_is_translated_and_slots_match() -> None:
    en, fr = Messages("en"), Messages("fr")
    for key in Messages.catalogue_keys():
        assert en(key).strip()
        assert fr(key).strip()
        slots = {part.split("}")[0] for part in en(key).split("{")[1:]}
        assert slots == {part.split("}")[0] for part in fr(key).split("{")[1:]}, key


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ValidationError, match="must be one of en, fr"):
        Messages("de")


def test_french_numbers() -> None:
    fr = Messages("fr")
    assert fr.number(1234567.891, 2) == "1\u202f234\u202f567,89"
    assert fr.percent(2.5) == "2,5\u00a0%"
    assert fr.signed_percent(-3) == "-3,0\u00a0%"
    assert fr.money(8, "EUR") == "8,00\u00a0EUR"
    assert fr.compact(2500) == "2,5k"


def test_undefined_values() -> None:
    for lang, label in zip(LANGUAGES, ("n/a", "n/d"), strict=True):
        msgs = Messages(lang)
        assert msgs.number(None) == label
        assert msgs.percent(math.nan) == label
        assert msgs.auto(None) == label


@given(st.floats(-1e12, 1e12), st.sampled_from(LANGUAGES))
def test_compact_labels_are_short(value: float, lang: str) -> None:
    assert len(Messages(lang).compact(value)) <= 8


@given(st.floats(-1e9, 1e9), st.integers(0, 3))
def test_french_and_english_numbers_have_the_same_digits(value: float, digits: int) -> None:
    en, fr = Messages("en").number(value, digits), Messages("fr").number(value, digits)
    assert en.replace(",", "").replace(".", "") == fr.replace("\u202f", "").replace(",", "")
