"""Rule model: plan data in and out, located errors, boolean algebra of conditions."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community.classifiers import LexiconClassifier
from socialgoals.community.messages import Author, Conversation, Intent, Message, MessageKind
from socialgoals.community.rules import (
    AllOf,
    AnyKeywords,
    AnyOf,
    Condition,
    CreateLead,
    Escalate,
    FollowUp,
    IsVip,
    Not,
    Regex,
    Rule,
    RuleSet,
    SendFlow,
    SentimentAtMost,
    Tag,
    WaitingAtLeast,
    iter_conditions,
)
from socialgoals.community.triage import Triage
from socialgoals.converters import structure, unstructure
from socialgoals.errors import DuplicateIdError, UnsafePatternError, ValidationError
from socialgoals.model import Platform
from socialgoals.testing.strategies._community_triage import (
    conditions,
    conversations,
    messages,
    rules,
)

SEEDS_RULE = {
    "id": "sales-lead",
    "when": {"any_keywords": ["price", "buy", "order", "prix", "acheter", "commander"]},
    "actions": [{"tag": "sales_lead"}, {"send_flow": "qualifier"}, {"follow_up": True}],
}


def test_the_seeds_rule_loads_as_written() -> None:
    rule = structure(SEEDS_RULE, Rule)
    assert rule.when == AnyKeywords(("price", "buy", "order", "prix", "acheter", "commander"))
    assert rule.actions == (Tag("sales_lead"), SendFlow("qualifier"), FollowUp())
    assert unstructure(rule)["actions"] == SEEDS_RULE["actions"]


@given(rules())
def test_rules_round_trip_through_plan_data(rule: Rule) -> None:
    assert structure(unstructure(rule), Rule) == rule


def test_every_problem_is_located() -> None:
    data = {
        "id": "Bad Id",
        "when": {
            "all": [
                {"any_keywords": ["prix", "*"]},
                {"regex": "(a+)+$"},
                {"sentiment_at_most": 3},
                {"nope": 1},
                {"vip": True, "kind": "dm"},
            ]
        },
        "actions": [{"tag": ""}, {"create_lead": False}, {"escalate": "Senior Agent"}],
    }
    with pytest.raises(ValidationError) as info:
        structure(data, Rule)
    # Field problems come first; the rule's own checks (its id) run once they are fixed.
    assert info.value.paths == [
        "when.all[0].any_keywords[1]",
        "when.all[1].regex",
        "when.all[2].sentiment_at_most",
        "when.all[3].nope",
        "when.all[4]",
        "actions[0].tag",
        "actions[1].create_lead",
        "actions[2].escalate",
    ]


def test_an_unsafe_regex_alone_raises_unsafe_pattern_error_with_its_path() -> None:
    data = {**SEEDS_RULE, "when": {"not": {"regex": "(\\w+\\s?)*$"}}}
    with pytest.raises(UnsafePatternError) as info:
        structure(data, Rule)
    assert info.value.paths == ["when.not.regex"]


def test_single_values_are_accepted_where_lists_are_expected() -> None:
    rule = structure({**SEEDS_RULE, "when": {"intent": "refund"}}, Rule)
    assert rule.when.intents == (Intent.REFUND,)  # type: ignore[union-attr]


def test_durations_and_flags() -> None:
    rule = structure(
        {
            **SEEDS_RULE,
            "when": {"waiting_at_least": "4h"},
            "actions": [{"follow_up": "24h"}, {"create_lead": True}],
        },
        Rule,
    )
    assert rule.when == WaitingAtLeast(timedelta(hours=4))
    assert rule.actions == (FollowUp(timedelta(hours=24)), CreateLead())


def test_rule_sets_refuse_duplicate_rule_ids_and_order_by_priority() -> None:
    r1 = Rule("a", IsVip(), [Tag("x")])
    with pytest.raises(DuplicateIdError) as info:
        RuleSet("s", [r1, r1])
    assert info.value.paths == ["rules[1].id"]
    low, high = Rule("low", IsVip(), [Tag("x")]), Rule("high", IsVip(), [Tag("y")], priority=3)
    off = Rule("off", IsVip(), [Tag("z")], priority=9, enabled=False)
    assert [r.id for r in RuleSet("s", [low, off, high]).ordered] == ["high", "low"]


def test_a_rule_needs_an_action() -> None:
    with pytest.raises(ValidationError, match="needs at least one action"):
        Rule("r", IsVip(), [])


def test_operators_build_combinators_and_paths() -> None:
    cond = (AnyKeywords(["prix"]) | Regex("\\d+")) & ~IsVip()
    assert cond == AllOf((AnyOf((AnyKeywords(("prix",)), Regex("\\d+"))), Not(IsVip())))
    assert [p for p, _ in iter_conditions(cond)] == [
        "all",
        "all[0].any",
        "all[0].any[0].any_keywords",
        "all[0].any[1].regex",
        "all[1].not",
        "all[1].not.vip",
    ]


# ------------------------------------------------------------------ boolean algebra

_NOW = datetime(2026, 3, 3, 12, tzinfo=UTC)


@functools.lru_cache(maxsize=512)
def _triage(cond: Condition) -> Triage:
    return Triage(RuleSet("t", [Rule("r", cond, [Tag("x")])]), classifiers=[LexiconClassifier()])


def holds(cond: Condition, message: Message, conversation: Conversation) -> bool:
    """Whether ``cond`` holds, evaluated the way triage does (one rule)."""
    triage = _triage(cond)
    context = Conversation(conversation.id, (*conversation.messages, message))
    return triage.decide(message, conversation=context, now=_NOW).touched


@given(conditions(), conditions(), messages(), conversations())
def test_combinators_obey_boolean_algebra(
    a: Condition, b: Condition, message: Message, conversation: Conversation
) -> None:
    va, vb = holds(a, message, conversation), holds(b, message, conversation)
    assert holds(AllOf((a, b)), message, conversation) == (va and vb)
    assert holds(AnyOf((a, b)), message, conversation) == (va or vb)
    assert holds(Not(a), message, conversation) == (not va)
    assert holds(Not(Not(a)), message, conversation) == va
    assert holds(Not(AllOf((a, b))), message, conversation) == holds(
        AnyOf((Not(a), Not(b))), message, conversation
    )


@given(conditions(), messages(), conversations())
def test_identities_of_empty_combinators(
    a: Condition, message: Message, conversation: Conversation
) -> None:
    assert holds(AllOf(()), message, conversation)
    assert not holds(AnyOf(()), message, conversation)
    assert holds(AllOf((a, AllOf(()))), message, conversation) == holds(a, message, conversation)
    assert holds(AnyOf((a, AnyOf(()))), message, conversation) == holds(a, message, conversation)


def test_sentiment_threshold_uses_the_classifiers_score() -> None:
    msg = _message("Produit nul, je suis déçu 😡")
    conv = Conversation("t1", ())
    assert holds(SentimentAtMost(-0.5), msg, conv)
    assert not holds(SentimentAtMost(-0.5), _message("Merci, super produit !"), conv)


def _message(text: str) -> Message:
    return Message(
        id="m1",
        platform=Platform.FACEBOOK,
        kind=MessageKind.COMMENT,
        thread_id="t1",
        author=Author(id="u1"),
        text=text,
        received_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )


def test_escalate_refuses_a_non_slug_role() -> None:
    with pytest.raises(ValidationError):
        Escalate("Senior Agent")


@given(st.from_type(RuleSet), st.from_type(Message))
def test_registered_type_strategies_build_valid_models(rule_set: RuleSet, message: Message) -> None:
    decision = Triage(rule_set).decide(message)
    assert set(decision.rule_ids) <= {rule.id for rule in rule_set.rules}
