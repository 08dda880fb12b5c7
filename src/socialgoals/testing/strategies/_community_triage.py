"""Hypothesis strategies for triage: texts, keywords, conditions, rules, messages.

Every strategy is valid by construction. Texts shrink towards the empty
string, keywords towards ``"a"``, condition trees towards a single
``IsVip()``, rules towards one tag action, messages towards an empty comment
from a plain author at 2026-03-02 09:00 UTC on Instagram.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from hypothesis import strategies as st

from socialgoals.community import rules as r
from socialgoals.community.matcher import Term
from socialgoals.community.messages import (
    Author,
    Conversation,
    ConversationState,
    Intent,
    Message,
    MessageKind,
    Sentiment,
)
from socialgoals.model import Platform

__all__ = [
    "TRIAGE_VOCABULARY",
    "triage_texts",
    "keywords",
    "conditions",
    "triage_actions",
    "rules",
    "rule_sets",
    "authors",
    "messages",
    "conversations",
    "type_strategies",
]

TRIAGE_VOCABULARY: tuple[str, ...] = (
    "prix", "Prix", "PRIX", "príx", "acheter", "achète", "commander", "commande", "price",
    "buy", "order", "orders", "bon", "de", "la", "le", "livraison", "Livraison", "rembourser",
    "remboursé", "refund", "été", "ETE", "l'achat", "l\u2019achat", "œuvre", "straße", "strasse",
    "😡", "❤️", "❤", "👍🏽", "🇫🇷", "#promo", "@marque", "www.example.fr", "lea@example.com",
    "06 12 34 56 78", "!", "?", "...", "-", "peut-être", "ﬁn", "\uff46\uff49\uff4e", "n°1",
    "x2", "50%",
)  # fmt: skip
"""Words, variants, emoji and punctuation that stress normalisation and word boundaries."""

_SEPARATORS = st.sampled_from(["", " ", "  ", "\n", "\u00a0", ", ", "-", "'"])


def triage_texts(*, vocabulary: Sequence[str] = TRIAGE_VOCABULARY) -> st.SearchStrategy[str]:
    """Texts mixing ``vocabulary`` (case and accent variants, emoji) with random characters.

    Shrinks towards the empty string.
    """
    piece = st.one_of(st.sampled_from(list(vocabulary)), st.text(max_size=3))
    return st.lists(st.tuples(piece, _SEPARATORS), max_size=8).map(
        lambda parts: "".join(p + s for p, s in parts)
    )


def _valid_term(text: str) -> bool:
    try:
        Term.parse(text)
    except ValueError:
        return False
    return True


def keywords(*, vocabulary: Sequence[str] = TRIAGE_VOCABULARY) -> st.SearchStrategy[str]:
    """Keywords or phrases (one to three tokens), some from ``vocabulary``.

    Shrinks towards ``"a"``.
    """
    word = st.one_of(
        st.text(alphabet="abcdeéèçàùœß", min_size=1, max_size=6),
        st.sampled_from(list(vocabulary)),
    )
    return st.lists(word, min_size=1, max_size=3).map(" ".join).filter(_valid_term)


def _leaves() -> st.SearchStrategy[r.Condition]:
    words = st.lists(keywords(), min_size=1, max_size=3)
    return st.one_of(
        st.builds(r.IsVip, st.booleans()),
        words.map(lambda v: r.AnyKeywords(tuple(v))),
        words.map(lambda v: r.AllKeywords(tuple(v))),
        st.lists(st.sampled_from(list(Platform.known())), min_size=1, max_size=2).map(
            lambda v: r.PlatformIs(tuple(v))
        ),
        st.lists(st.sampled_from(list(MessageKind)), min_size=1, max_size=2).map(
            lambda v: r.KindIs(tuple(v))
        ),
        st.integers(0, 100_000).map(r.FollowersAtLeast),
        st.integers(0, 12).map(r.WordsAtLeast),
        st.integers(0, 12).map(r.WordsAtMost),
        st.builds(r.EmojiOnly, st.booleans()),
        st.sampled_from(list(r.ContentKind)).map(r.Contains),
        st.lists(st.sampled_from(["fr", "en"]), min_size=1).map(lambda v: r.LanguageIs(tuple(v))),
        st.lists(st.sampled_from(Intent.KNOWN).map(Intent), min_size=1, max_size=2).map(
            lambda v: r.IntentIs(tuple(v))
        ),
        st.lists(st.sampled_from(list(Sentiment)), min_size=1, max_size=2).map(
            lambda v: r.SentimentIs(tuple(v))
        ),
        st.floats(-1, 1).map(r.SentimentAtMost),
        st.floats(-1, 1).map(r.SentimentAtLeast),
        st.integers(0, 4).map(r.UnresolvedExchangesAtLeast),
        st.integers(0, 600).map(lambda m: r.WaitingAtLeast(timedelta(minutes=m))),
    )


def conditions(*, max_leaves: int = 4) -> st.SearchStrategy[r.Condition]:
    """Condition trees combined with all / any / not, up to ``max_leaves`` leaves.

    Shrinks towards ``IsVip(False)``.
    """
    return st.recursive(
        _leaves(),
        lambda children: st.one_of(
            st.lists(children, max_size=3).map(lambda v: r.AllOf(tuple(v))),
            st.lists(children, max_size=3).map(lambda v: r.AnyOf(tuple(v))),
            children.map(r.Not),
        ),
        max_leaves=max_leaves,
    )


_SLUGS = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


def triage_actions() -> st.SearchStrategy[r.Action]:
    """Any action of a rule. Shrinks towards ``Tag("a")``."""
    reason = st.sampled_from(["spam", "threat", "doxxing", "off-topic harassment"])
    return st.one_of(
        _SLUGS.map(r.Tag),
        st.sampled_from(Intent.KNOWN).map(lambda i: r.SetIntent(Intent(i))),
        st.sampled_from(list(r.MessagePriority)).map(r.SetPriority),
        _SLUGS.map(r.Reply),
        _SLUGS.map(r.SendFlow),
        reason.map(r.Hide),
        reason.map(r.Delete),
        reason.map(r.Ban),
        st.sampled_from(["community_manager", "senior_agent", "legal"]).map(r.Escalate),
        _SLUGS.map(r.Assign),
        st.just(r.CreateLead()),
        st.sampled_from(["slack:#crisis", "email:support"]).map(r.Notify),
        st.one_of(st.none(), st.integers(0, 72).map(lambda h: timedelta(hours=h))).map(r.FollowUp),
    )


def rules(*, id: str | None = None) -> st.SearchStrategy[r.Rule]:  # noqa: A002 - mirrors the field
    """Rules with a condition tree and one to four actions.

    Shrinks towards a rule ``a`` on ``IsVip(False)`` tagging ``a``.
    """
    ids = st.just(id) if id is not None else _SLUGS
    return st.builds(
        r.Rule,
        id=ids,
        when=conditions(),
        actions=st.lists(triage_actions(), min_size=1, max_size=4),
        priority=st.integers(-5, 5),
        enabled=st.booleans(),
    )


def rule_sets(*, max_rules: int = 4) -> st.SearchStrategy[r.RuleSet]:
    """Rule sets of up to ``max_rules`` rules with unique ids, first- or all-match.

    Shrinks towards an empty first-match rule set ``rules``.
    """
    parts = st.tuples(
        conditions(), st.lists(triage_actions(), min_size=1, max_size=3), st.integers(-3, 3)
    )
    numbered = st.lists(parts, max_size=max_rules).map(
        lambda drawn: tuple(
            r.Rule(f"rule-{i}", when, tuple(actions), priority=priority)
            for i, (when, actions, priority) in enumerate(drawn)
        )
    )
    return st.builds(
        r.RuleSet, id=st.just("rules"), rules=numbered, mode=st.sampled_from(list(r.MatchMode))
    )


def authors() -> st.SearchStrategy[Author]:
    """Authors, some VIP, with follower counts. Shrinks towards a plain ``u0``."""
    return st.builds(
        Author,
        id=st.integers(0, 999).map(lambda i: f"u{i}"),
        name=st.sampled_from(["", "Léa Martin", "Sam", "Élodie"]),
        is_vip=st.booleans(),
        follower_count=st.integers(0, 1_000_000),
    )


_T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def messages(
    *,
    thread_id: str = "t1",
    texts: st.SearchStrategy[str] | None = None,
    brand: bool | None = False,
) -> st.SearchStrategy[Message]:
    """Messages in one thread within a fortnight of 2026-03-02 09:00 UTC.

    Args:
        thread_id: their thread.
        texts: the texts (:func:`triage_texts` by default).
        brand: ``False`` customer messages, ``True`` brand replies, ``None`` either.

    Shrinks towards an empty Instagram comment from ``u0`` at the start time.
    """
    author = (
        authors()
        if brand is False
        else st.builds(Author, id=st.just("brand"), is_brand=st.just(True))
        if brand
        else st.one_of(authors(), st.builds(Author, id=st.just("brand"), is_brand=st.just(True)))
    )
    return st.builds(
        Message,
        id=st.integers(0, 999_999).map(lambda i: f"m{i}"),
        platform=st.sampled_from([Platform.INSTAGRAM, Platform.FACEBOOK, Platform.X]),
        kind=st.sampled_from(list(MessageKind)),
        thread_id=st.just(thread_id),
        author=author,
        text=texts if texts is not None else triage_texts(),
        received_at=st.integers(0, 14 * 24 * 60).map(lambda m: _T0 + timedelta(minutes=m)),
        language=st.sampled_from([None, "fr", "en"]),
    )


def conversations(
    *, thread_id: str = "t1", max_messages: int = 6
) -> st.SearchStrategy[Conversation]:
    """Conversations of customer messages and brand replies with unique ids.

    Shrinks towards an empty open conversation.
    """
    return st.lists(messages(thread_id=thread_id, brand=None), max_size=max_messages).map(
        lambda msgs: Conversation(
            thread_id,
            [attrs.evolve(m, id=f"{thread_id}-m{i}") for i, m in enumerate(msgs)],
            ConversationState.OPEN,
        )
    )


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each public triage type, for ``st.register_type_strategy``."""
    return {
        r.Rule: rules(),
        r.RuleSet: rule_sets(),
        Author: authors(),
        Message: messages(),
        Conversation: conversations(),
    }


TYPE_STRATEGIES = type_strategies
"""Alias: the function producing the ``{type: strategy}`` mapping."""
