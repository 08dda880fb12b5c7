"""Strategies for intents, classifications and leads (``socialgoals.community``).

>>> from hypothesis import given
>>> @given(leads())
... def test_lead_key_holds_no_email(lead):
...     assert "@" not in lead.idempotency_key
>>> test_lead_key_holds_no_email()
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from socialgoals.community.leads import Consent, ConsentStatus, Contact, Lead, QualifierAnswer
from socialgoals.community.messages import Classification, Intent, Sentiment
from socialgoals.testing.strategies._community_triage import messages
from socialgoals.testing.strategies._model import aware_datetimes, platforms, slugs

__all__ = [
    "intents",
    "classifications",
    "consents",
    "contacts",
    "qualifier_answers",
    "leads",
]


def intents(*, custom: bool = True) -> st.SearchStrategy[Intent]:
    """Built-in intents and, with ``custom``, other slugs. Shrinks towards ``sales_lead``."""
    known = st.sampled_from(Intent.KNOWN).map(Intent)
    return st.one_of(known, slugs().map(Intent)) if custom else known


def classifications() -> st.SearchStrategy[Classification]:
    """What a classifier may say; every field optional. Shrinks towards an empty verdict."""
    return st.builds(
        Classification,
        classifier=slugs(),
        sentiment=st.none() | st.sampled_from(Sentiment),
        sentiment_score=st.none() | st.floats(-1.0, 1.0),
        intent=st.none() | intents(),
        confidence=st.floats(0.0, 1.0),
        is_spam=st.none() | st.booleans(),
        language=st.none() | st.sampled_from(["en", "fr"]),
    )


def consents() -> st.SearchStrategy[Consent]:
    """Consent records, dated or not. Shrinks towards an unknown, undated consent."""
    return st.builds(
        Consent,
        status=st.sampled_from(ConsentStatus),
        purpose=st.sampled_from(["", "sales follow-up", "newsletter"]),
        given_at=st.none() | aware_datetimes(),
    )


_NAMES = st.sampled_from(["Léa Martin", "Sam", "Chloé Dubois", "Ana"])


def contacts() -> st.SearchStrategy[Contact]:
    """Contacts with at least one way to reach them. Shrinks towards a handle only."""
    emails = st.builds("{}@{}.com".format, slugs(max_size=8), slugs(max_size=8))
    phones = st.integers(10**8, 10**10 - 1).map(lambda n: f"+33 {n}")
    return st.builds(
        Contact,
        name=st.none() | _NAMES,
        email=st.none() | emails,
        phone=st.none() | phones,
        handle=st.just("handle") | slugs().map(lambda s: "@" + s),
        platform_user_id=st.none() | slugs(),
    )


def qualifier_answers() -> st.SearchStrategy[QualifierAnswer]:
    """Answers to a qualifying question. Shrinks towards ``use_case`` answered empty."""
    return st.builds(
        QualifierAnswer,
        question_id=st.sampled_from(["use_case", "budget", "timing"]),
        question=st.sampled_from(["What is it for?", "Quel budget ?", "When?"]),
        answer=st.text(max_size=40),
    )


def leads() -> st.SearchStrategy[Lead]:
    """Leads with contact, consent, answers and history. Shrinks towards a bare lead."""
    return st.builds(
        Lead,
        id=slugs(),
        contact=contacts(),
        platform=platforms(),
        created_at=aware_datetimes(),
        consent=consents(),
        source_message_id=st.none() | slugs(),
        source_post_id=st.none() | slugs(),
        answers=st.lists(qualifier_answers(), max_size=4).map(tuple),
        history=st.lists(messages(), max_size=3).map(tuple),
        intent=st.none() | intents(),
        priority=st.sampled_from(["normal", "urgent", "enterprise"]),
        tags=st.lists(slugs(), max_size=3).map(tuple),
    )


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each public type of this module, for ``st.register_type_strategy``."""
    return {
        Intent: intents(),
        Classification: classifications(),
        Consent: consents(),
        Contact: contacts(),
        QualifierAnswer: qualifier_answers(),
        Lead: leads(),
    }
