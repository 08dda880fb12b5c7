"""The baseline lexicon classifier and the combination of several answers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community.classifiers import LexiconClassifier, combine
from socialgoals.community.messages import Classification, Intent, Sentiment
from socialgoals.testing.strategies._community_triage import triage_texts

LEXICON = LexiconClassifier()


@pytest.mark.parametrize(
    ("text", "intent", "sentiment", "language"),
    [
        ("Quel est le prix de la lampe ?", Intent.SALES_LEAD, Sentiment.NEUTRAL, "fr"),
        ("How much is the price, I want to buy", Intent.SALES_LEAD, Sentiment.NEUTRAL, "en"),
        ("Je veux être remboursé, produit nul 😡", Intent.REFUND, Sentiment.NEGATIVE, "fr"),
        ("Where is my parcel? Tracking says nothing", Intent.SHIPPING, Sentiment.NEUTRAL, "en"),
        ("La batterie a brûlé, c'est dangereux", Intent.WARRANTY_SAFETY, Sentiment.NEUTRAL, "fr"),
        ("Merci, super équipe, bravo 😍", Intent.PRAISE, Sentiment.POSITIVE, "fr"),
        ("Mon avocat va porter plainte", Intent.LEGAL, Sentiment.NEUTRAL, "fr"),
    ],
)
def test_baseline_labels_obvious_cases(
    text: str, intent: Intent, sentiment: Sentiment, language: str
) -> None:
    found = LEXICON.classify(text)
    assert (found.intent, found.sentiment, found.language) == (intent, sentiment, language)


def test_negation_flips_nearby_words() -> None:
    assert LEXICON.classify("not bad at all").sentiment is Sentiment.POSITIVE
    assert LEXICON.classify("pas génial").sentiment is Sentiment.NEGATIVE


def test_spam_needs_two_signals_or_a_link() -> None:
    assert LEXICON.classify("Gagnez des bitcoin gratuit !!").is_spam
    assert LEXICON.classify("crypto giveaway at www.win-big.io").intent == Intent.SPAM
    assert not LEXICON.classify("Le concours était top").is_spam


@given(triage_texts() | st.text())
def test_scores_and_confidences_stay_in_range(text: str) -> None:
    found = LEXICON.classify(text)
    assert found.sentiment_score is not None
    assert -1 <= found.sentiment_score <= 1
    assert 0 <= found.confidence <= 1
    assert (found.sentiment is Sentiment.NEUTRAL) == (abs(found.sentiment_score) <= 0.2)


def test_combine_takes_the_most_confident_intent_and_averages_scores() -> None:
    a = Classification("a", sentiment=Sentiment.POSITIVE, intent=Intent.PRAISE, confidence=0.3)
    b = Classification("b", sentiment_score=-0.5, intent=Intent.COMPLAINT, confidence=0.7)
    c = Classification("c", is_spam=True, language="fr")
    combined = combine([a, b, c])
    assert combined.intent == Intent.COMPLAINT
    assert combined.confidence == 0.7
    assert combined.sentiment is Sentiment.POSITIVE  # the first label given
    assert combined.sentiment_score == pytest.approx(0.25)
    assert combined.is_spam
    assert combined.language == "fr"
    assert combined.classifications == (a, b, c)
    empty = combine([])
    assert (empty.intent, empty.sentiment_score, empty.is_spam) == (None, None, False)
