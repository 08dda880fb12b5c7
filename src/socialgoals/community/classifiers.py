"""Baseline classifiers: small English and French lexicons, not a model.

:class:`LexiconClassifier` gives every message a sentiment (with a score), an
intent, a spam flag and a language guess by counting words from short
hand-written lists. It is a *baseline*: good enough to route obvious cases and
to test a playbook end to end, wrong on irony, typos and anything subtle.
Real classifiers (a hosted model, your own) plug in through the
``socialgoals_classify_message`` hook; triage combines every answer with
:func:`combine`.

>>> classify = LexiconClassifier()
>>> c = classify.classify("Je veux un remboursement, produit nul 😡")
>>> c.intent, c.sentiment, c.language
(Intent('refund'), <Sentiment.NEGATIVE: 'negative'>, 'fr')
>>> classify.classify("Love it, thanks!").sentiment
<Sentiment.POSITIVE: 'positive'>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from socialgoals.community.messages import Classification, Intent, Message, Sentiment
from socialgoals.community.text import contains_link, normalized_tokens

__all__ = [
    "POSITIVE_WORDS",
    "NEGATIVE_WORDS",
    "INTENT_WORDS",
    "SPAM_WORDS",
    "LexiconClassifier",
    "Combined",
    "combine",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


POSITIVE_WORDS: Final = _words("""
    love loved amazing awesome great excellent perfect thanks thank happy best nice good
    beautiful recommend wonderful fantastic
    merci super genial parfait excellent top adore bravo magnifique content contente
    ravi ravie recommande bien bon bonne incroyable
    😍 ❤ 👍 🙏 😊 🥰 👏 🔥 ✨ 💯
    """)
"""Words and emoji that lean positive (normalised: no accents, lower case)."""

NEGATIVE_WORDS: Final = _words("""
    bad worst terrible awful hate broken angry disappointed scam useless late never refund
    poor horrible disgusting wrong problem issue
    nul nulle pire horrible deteste decu decue arnaque inutile retard jamais casse cassee
    probleme honte inadmissible scandaleux colere mauvais mauvaise
    😡 😠 🤬 👎 😤 😞 😢 💩
    """)
"""Words and emoji that lean negative (normalised)."""

_NEGATIONS: Final = frozenset({"not", "no", "never", "pas", "plus", "jamais", "ni"})
_NEGATION_WINDOW: Final = 2

INTENT_WORDS: Final[Mapping[Intent, frozenset[str]]] = {
    Intent.SALES_LEAD: _words(
        "price prices pricing buy order quote cost demo prix tarif tarifs acheter commander "
        "devis cout combien achat"
    ),
    Intent.REFUND: _words("refund refunds reimburse rembourser remboursement rembourse"),
    Intent.SHIPPING: _words(
        "delivery shipping shipped tracking parcel livraison livre colis suivi expedition"
    ),
    Intent.WARRANTY_SAFETY: _words(
        "warranty guarantee defective dangerous burn burned fire garantie defectueux "
        "dangereux brule brulure incendie"
    ),
    Intent.LEGAL: _words("lawyer lawsuit sue legal avocat plainte tribunal juridique"),
    Intent.SUPPORT: _words(
        "help broken bug error login password support aide panne erreur bug connexion"
    ),
    Intent.COMPLAINT: _words("complaint disappointed unacceptable reclamation decu inadmissible"),
    Intent.PRAISE: _words("love amazing thanks bravo merci adore genial"),
}
"""Words that suggest each intent (normalised); the first intent with the most hits wins."""

SPAM_WORDS: Final = _words("""
    free winner win crypto bitcoin giveaway followers promo dm click earn cash casino
    gratuit gagnez gagner gagne concours abonnes cliquez argent
    """)
"""Words that, with a link or in numbers, suggest spam (normalised)."""

_FRENCH: Final = _words(
    "le la les un une des je tu il elle nous vous est et pour pas que qui avec sur mon ma "
    "mes votre vos ce cette bonjour merci"
)
_ENGLISH: Final = _words(
    "the a an i you he she we is are and for not that who with on my your this it hello "
    "thanks please"
)


@attrs.frozen
class LexiconClassifier:
    """Sentiment, intent, spam and language from small EN/FR word lists.

    Sentiment score = (positive - negative) / (positive + negative) over the
    lexicon hits, a hit within two tokens after a negation ("pas", "not")
    counting for the other side; below ``-threshold`` is negative, above ``threshold``
    positive. Spam = a link with a spam word, or two spam words.

    Attributes:
        name: the classifier's name in classifications and audit records.
        threshold: the score beyond which the tone is not neutral.
    """

    name: str = "socialgoals.lexicon"
    threshold: float = 0.2

    def classify(self, text: str, *, language: str | None = None) -> Classification:
        """Classify a text (``language`` is kept when given, else guessed).

        >>> LexiconClassifier().classify("Not bad at all").sentiment
        <Sentiment.POSITIVE: 'positive'>
        """
        tokens = normalized_tokens(text)
        score = _sentiment_score(tokens)
        sentiment = (
            Sentiment.NEGATIVE
            if score < -self.threshold
            else Sentiment.POSITIVE
            if score > self.threshold
            else Sentiment.NEUTRAL
        )
        intent, confidence = _intent(tokens)
        spam_hits = sum(1 for t in tokens if t in SPAM_WORDS)
        is_spam = spam_hits >= 2 or (spam_hits >= 1 and contains_link(text))
        if is_spam:
            intent, confidence = Intent.SPAM, 0.6
        return Classification(
            classifier=self.name,
            sentiment=sentiment,
            sentiment_score=score,
            intent=intent,
            confidence=confidence,
            is_spam=is_spam,
            language=language or _language(tokens),
        )

    def __call__(self, message: Message) -> Classification:
        """Classify a :class:`~socialgoals.community.Message` (a triage classifier)."""
        return self.classify(message.text, language=message.language)


def _sentiment_score(tokens: Sequence[str]) -> float:
    positive = negative = 0
    negated = 0  # how many more tokens a negation applies to
    for token in tokens:
        if token in _NEGATIONS:
            negated = _NEGATION_WINDOW
            continue
        flip = negated > 0
        negated -= 1
        if token in POSITIVE_WORDS:
            negative, positive = (negative + 1, positive) if flip else (negative, positive + 1)
        elif token in NEGATIVE_WORDS:
            positive, negative = (positive + 1, negative) if flip else (positive, negative + 1)
    total = positive + negative
    return 0.0 if total == 0 else (positive - negative) / total


def _intent(tokens: Sequence[str]) -> tuple[Intent | None, float]:
    present = set(tokens)
    best: Intent | None = None
    best_hits = 0
    for intent, words in INTENT_WORDS.items():
        hits = len(words & present)
        if hits > best_hits:
            best, best_hits = intent, hits
    if best is None:
        return None, 0.0
    return best, min(0.9, 0.4 + 0.2 * best_hits)


def _language(tokens: Iterable[str]) -> str | None:
    present = set(tokens)
    french, english = len(present & _FRENCH), len(present & _ENGLISH)
    if french == english:
        return None
    return "fr" if french > english else "en"


@attrs.frozen
class Combined:
    """What several classifiers say together, as triage uses it.

    Attributes:
        sentiment: the first label given, in classifier order.
        sentiment_score: the mean of the scores given (a label alone counts
            -1, 0 or 1).
        intent: the intent with the highest confidence (first on ties).
        confidence: that intent's confidence.
        is_spam: whether any classifier says spam.
        language: the first language given.
        classifications: every answer, for the audit trail.
    """

    sentiment: Sentiment | None = None
    sentiment_score: float | None = None
    intent: Intent | None = None
    confidence: float = 0.0
    is_spam: bool = False
    language: str | None = None
    classifications: tuple[Classification, ...] = ()


_LABEL_SCORE: Final = {Sentiment.NEGATIVE: -1.0, Sentiment.NEUTRAL: 0.0, Sentiment.POSITIVE: 1.0}
_NOTHING: Final = Combined()


def combine(classifications: Sequence[Classification]) -> Combined:
    """Combine the answers of several classifiers (see :class:`Combined`).

    >>> a = Classification("a", sentiment_score=-0.5, intent=Intent.REFUND, confidence=0.4)
    >>> b = Classification("b", sentiment=Sentiment.NEGATIVE, intent=Intent.LEGAL, confidence=0.8)
    >>> c = combine([a, b])
    >>> c.intent, c.sentiment_score, c.sentiment
    (Intent('legal'), -0.75, <Sentiment.NEGATIVE: 'negative'>)
    """
    if not classifications:
        return _NOTHING
    sentiment = next((c.sentiment for c in classifications if c.sentiment is not None), None)
    scores: list[float] = []
    for c in classifications:
        if c.sentiment_score is not None:
            scores.append(c.sentiment_score)
        elif c.sentiment is not None:
            scores.append(_LABEL_SCORE[c.sentiment])
    score = sum(scores) / len(scores) if scores else None
    with_intent = [c for c in classifications if c.intent is not None]
    top = max(with_intent, key=lambda c: c.confidence) if with_intent else None
    return Combined(
        sentiment=sentiment,
        sentiment_score=score,
        intent=top.intent if top else None,
        confidence=top.confidence if top else 0.0,
        is_spam=any(c.is_spam for c in classifications),
        language=next((c.language for c in classifications if c.language), None),
        classifications=tuple(classifications),
    )
