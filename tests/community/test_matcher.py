"""The one-pass keyword index and the regex safety checks."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community.matcher import (
    KeywordIndex,
    MatchLimits,
    Term,
    compile_pattern,
    pattern_problems,
    re2_available,
)
from socialgoals.community.text import normalize, normalized_tokens
from socialgoals.errors import UnsafePatternError, ValidationError
from socialgoals.testing.strategies._community_triage import keywords, triage_texts


def reference_match(term: str, text: str) -> bool:
    """A naive reference: one regex per term over the normalised text.

    Independent of the token index: word tokens are runs of ``\\w``; two word
    tokens in a row need whitespace between them, other tokens may touch.
    """
    parsed = Term.parse(term)
    parts: list[str] = []
    for i, token in enumerate(parsed.tokens):
        if i:
            both_words = re.fullmatch(r"\w+", parsed.tokens[i - 1]) and re.fullmatch(r"\w+", token)
            parts.append(r"\s+" if both_words else r"\s*")
        parts.append(re.escape(token))
    head = r"(?<!\w)" if re.match(r"\w", parsed.tokens[0]) else ""
    last = parsed.tokens[-1]
    if parsed.prefix:
        tail = r"\w*" if re.fullmatch(r"\w+", last) else ""
    else:
        tail = r"(?!\w)" if re.fullmatch(r"\w+", last) else ""
    return re.search(head + "".join(parts) + tail, normalize(text)) is not None


@given(st.lists(keywords(), min_size=1, max_size=8), triage_texts())
def test_index_agrees_with_a_naive_reference_matcher(terms: list[str], text: str) -> None:
    index = KeywordIndex(terms)
    found = {index.terms[i].text for i in index.find(normalized_tokens(text))}
    for term in terms:
        canonical = index.terms[index.id_of(term)].text
        assert (canonical in found) == reference_match(term, text), (term, text)


@given(
    st.lists(keywords(), min_size=1, max_size=8).map(
        lambda ts: [*ts, *(t.split()[0] + "*" for t in ts[:2])]
    ),
    triage_texts(),
)
def test_prefix_terms_agree_with_the_reference(terms: list[str], text: str) -> None:
    index = KeywordIndex(terms)
    found = index.find(normalized_tokens(text))
    for term in terms:
        assert (index.id_of(term) in found) == reference_match(term, text), (term, text)


@given(st.lists(keywords(), min_size=1, max_size=8), st.text() | triage_texts())
def test_scan_with_its_chunk_cache_equals_find(terms: list[str], text: str) -> None:
    index = KeywordIndex(terms)
    assert index.scan(text) == index.find(normalized_tokens(text))
    assert index.scan(text) == index.find(normalized_tokens(text))  # cached chunks now


def test_terms_are_deduplicated_by_normalised_form() -> None:
    index = KeywordIndex(["Prix", "prix", "PRÍX", "bon de commande", "Bon  de Commande"])
    assert len(index.terms) == 2
    assert index.id_of("prix") == index.id_of("PRIX") == 0


def test_phrases_and_emoji_match_on_word_boundaries() -> None:
    index = KeywordIndex(["bon de commande", "😡", "order", "command*"])
    names = lambda text: sorted(index.terms[i].text for i in index.scan(text))  # noqa: E731
    assert names("Le BON DE COMMANDE svp") == ["bon de commande", "command*"]
    assert names("trop cher😡😡") == ["😡"]
    assert names("reorder, orders") == []
    assert names("Order!") == ["order"]
    assert names("commandé hier") == ["command*"]
    assert names("bon de") == []


def test_bad_terms_are_located() -> None:
    with pytest.raises(ValidationError) as info:
        KeywordIndex(["ok", "", "a * b", "***"])
    assert info.value.paths == ["[1]", "[2]", "[3]"]


# ------------------------------------------------------------------ regex safety


@pytest.mark.parametrize(
    "pattern",
    [
        "(a+)+$",
        "(a*)*b",
        "(\\w+\\s?)*$",
        "((ab)+c)+",
        "(a{1,100})+",
        "(?:x+y)*z",
        "(.*a){20}",
        "(\\d+\\.){3}\\d+",
        "(a)\\1",
        "(?P<w>a)(?P=w)",
        "(a)?(?(1)b|c)",
    ],
)
def test_catastrophic_shapes_and_backreferences_are_refused(pattern: str) -> None:
    with pytest.raises(UnsafePatternError) as info:
        compile_pattern(pattern, path="rule_sets[0].rules[3].when.regex")
    assert info.value.paths == ["rule_sets[0].rules[3].when.regex"] * len(info.value.problems)
    assert all(p.code == "unsafe_pattern" for p in info.value.problems)


@pytest.mark.parametrize(
    "pattern",
    [
        "prix|tarif",
        "a+b+",
        "(?:ab)+",
        "\\d{2,5}",
        "[(]+x",
        "(a|b)*c",
        "cmd-\\d{4}",
        "(a+)?b",
        "(ab){40}",
    ],
)
def test_safe_patterns_pass(pattern: str) -> None:
    assert pattern_problems(pattern) == []


def test_must_hold_nested_repetition_is_refused_at_load() -> None:
    with pytest.raises(UnsafePatternError, match="nested unbounded repetition"):
        compile_pattern("(a+)+$")


def test_length_cap_and_invalid_regex() -> None:
    limits = MatchLimits(max_pattern_length=10)
    (problem,) = pattern_problems("a" * 11, path="p", limits=limits)
    assert problem.code == "too_long"
    assert problem.path == "p"
    (problem,) = pattern_problems("(unclosed")
    assert problem.code == "bad_regex"


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValidationError) as info:
        MatchLimits(max_pattern_length=0, max_terms=-1)
    assert info.value.paths == ["max_pattern_length", "max_terms"]


def test_patterns_run_on_re2_when_installed() -> None:
    compiled = compile_pattern(r"\bcmd-\d{4}\b")
    assert compiled.engine == ("re2" if re2_available() else "re")
    assert compiled.search("ma cmd-1234 svp") == "cmd-1234"
    assert compile_pattern("a", engine="re").engine == "re"


@pytest.mark.skipif(not re2_available(), reason="google-re2 (the re2 extra) is not installed")
def test_re2_engine_refuses_what_it_cannot_run() -> None:
    with pytest.raises(UnsafePatternError, match="RE2 does not support"):
        compile_pattern("(?=a)a", engine="re2")
    assert compile_pattern("(?=a)a").engine == "re"  # auto falls back on the checked pattern
