"""Moderation policy: triggers, severity, removal records, engage, plan round trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community import Classification, Intent, Sentiment
from socialgoals.community.moderation import (
    NEGATIVE_RESPONSE_STEPS,
    Detector,
    ModerationAction,
    ModerationPolicy,
    ModerationReason,
    ModerationTrigger,
    RemovalRecord,
)
from socialgoals.converters import structure, unstructure
from socialgoals.errors import UnsafePatternError, ValidationError
from socialgoals.testing.strategies._community_replies import moderation_policies

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
POLICY = ModerationPolicy.default()


@pytest.mark.parametrize(
    ("text", "action", "reason"),
    [
        ("I will kill you if this happens again", ModerationAction.BAN, "threat"),
        ("JE VAIS TE TUER", ModerationAction.BAN, "threat"),
        ("Je sais ou tu habites", ModerationAction.BAN, "threat"),  # accents folded
        ("Her address is 4 Main Street", ModerationAction.BAN, "doxxing"),
        ("Get free followers now", ModerationAction.HIDE, "spam"),
        ("abonnés gratuits ici", ModerationAction.HIDE, "spam"),
        ("Call me on 06 12 34 56 78", ModerationAction.HIDE, "personal_data"),
        ("write to jo@example.com", ModerationAction.HIDE, "personal_data"),
        ("J'habite au 12 rue des Lilas", ModerationAction.HIDE, "personal_data"),
    ],
)
def test_default_policy_triggers(text: str, action: ModerationAction, reason: str) -> None:
    decision = POLICY.evaluate(text)
    assert decision.action is action
    assert reason in decision.reasons


@pytest.mark.parametrize(
    "text",
    [
        "The product broke after two days, not happy",
        "What is the price of the blue one?",
        "Tip: it works better with the lid closed",
        "I killed it at the gym today",  # no threat phrase
        "Order 12345 still not here",  # an order number is not a phone number
    ],
)
def test_acceptable_messages_stay_up(text: str) -> None:
    decision = POLICY.evaluate(text)
    assert decision.action is ModerationAction.ALLOW
    assert decision.matches == ()
    assert decision.removal_record(message_id="m", at=T0) is None


def test_classifier_inputs() -> None:
    spam = Classification("lexicon", is_spam=True)
    assert POLICY.evaluate("hello", [spam]).action is ModerationAction.HIDE
    hate = Classification("plugin", intent=Intent("hate_speech"))
    decision = POLICY.evaluate("...", [hate])
    assert decision.action is ModerationAction.DELETE
    assert decision.matches[0].conditions == ("classifier 'plugin': intent hate_speech",)


def test_repeated_harassment_needs_prior_offences() -> None:
    angry = Classification("lexicon", sentiment=Sentiment.NEGATIVE, sentiment_score=-0.9)
    assert POLICY.evaluate("you again", [angry], prior_offences=1).action is ModerationAction.ALLOW
    decision = POLICY.evaluate("you again", [angry], prior_offences=2)
    assert decision.action is ModerationAction.DELETE
    assert "2 prior offences >= 2" in decision.matches[0].conditions


def test_most_severe_action_wins_and_every_match_is_kept() -> None:
    decision = POLICY.evaluate(
        "free followers! I will kill you", [Classification("c", is_spam=True)]
    )
    assert decision.action is ModerationAction.BAN
    assert [m.trigger_id for m in decision.matches] == ["threats", "spam"]
    assert decision.explain().startswith("ban (threats: keyword 'i will kill you'; spam: ")


def test_genuine_complaints_are_engaged_with_the_playbook() -> None:
    complaint = Classification("lexicon", sentiment=Sentiment.NEGATIVE, intent=Intent.COMPLAINT)
    decision = POLICY.evaluate("My order arrived broken", [complaint])
    assert decision.action is ModerationAction.ALLOW
    assert decision.engage
    assert [s.id for s in decision.guidance] == [
        "clarify",
        "empathise",
        "resolve_or_escalate",
        "take_offline",
    ]
    assert decision.guidance == NEGATIVE_RESPONSE_STEPS
    assert not POLICY.evaluate(
        "Love it!", [Classification("c", sentiment=Sentiment.POSITIVE)]
    ).engage


def test_removal_record_keeps_reason_time_and_appeal_path() -> None:
    decision = POLICY.evaluate("Her address is 4 Main Street")
    record = decision.removal_record(message_id="m1", at=T0, author_id="u1")
    assert record is not None
    assert record.action is ModerationAction.BAN
    assert record.reasons == (ModerationReason.DOXXING, ModerationReason.PERSONAL_DATA)
    assert record.removed_at == T0
    assert record.appeal_path == POLICY.appeal_path
    assert "doxxing: keyword 'her address is'" in record.conditions
    data = json.loads(json.dumps(unstructure(record)))
    assert structure(data, RemovalRecord) == record
    with pytest.raises(ValidationError) as info:
        decision.removal_record(message_id="m1", at=datetime(2026, 3, 2))
    assert info.value.problems[0].code == "naive_datetime"


def test_removal_record_refuses_allow_and_empty_appeal() -> None:
    with pytest.raises(ValidationError) as info:
        RemovalRecord("m", ModerationAction.ALLOW, (), (), T0, " ")
    assert info.value.paths == ["action", "appeal_path"]


def test_trigger_validation() -> None:
    with pytest.raises(ValidationError) as info:
        ModerationTrigger(
            "Bad id",
            ModerationReason.SPAM,
            ModerationAction.ALLOW,
            max_sentiment_score=3.0,
            min_prior_offences=-1,
        )
    assert set(info.value.paths) == {"id", "action", "max_sentiment_score", "min_prior_offences"}
    with pytest.raises(ValidationError, match="at least one condition"):
        ModerationTrigger("t", ModerationReason.SPAM, ModerationAction.HIDE)


def test_policy_refuses_duplicate_triggers() -> None:
    trigger = ModerationTrigger("t", ModerationReason.SPAM, ModerationAction.HIDE, spam=True)
    with pytest.raises(ValidationError) as info:
        ModerationPolicy(triggers=(trigger, trigger))
    assert info.value.paths == ["triggers[1].id"]


def test_plan_shape_loads() -> None:
    data = {
        "appeal_path": "Write to moderation@example.com within 30 days",
        "triggers": [
            {"id": "threats", "reason": "threat", "action": "ban", "keywords": ["je vais te tuer"]},
            {
                "id": "repeated_spam",
                "reason": "spam",
                "action": "hide",
                "spam": True,
                "min_prior_offences": 2,
            },
            {"id": "dox", "reason": "doxxing", "action": "ban", "detectors": ["phone"]},
        ],
    }
    policy = structure(data, ModerationPolicy)
    assert policy.triggers[2].detectors == (Detector.PHONE,)
    assert (
        policy.evaluate("spam", [Classification("c", is_spam=True)]).action
        is ModerationAction.ALLOW
    )
    bad = {"triggers": [{"id": "x", "reason": "nope", "action": "ban", "keywords": ["a"]}]}
    with pytest.raises(ValidationError) as info:
        structure(bad, ModerationPolicy)
    assert info.value.paths == ["triggers[0].reason"]


def test_default_policy_round_trips() -> None:
    data = json.loads(json.dumps(unstructure(POLICY)))
    assert structure(data, ModerationPolicy) == POLICY


@given(moderation_policies())
def test_policies_round_trip(policy: ModerationPolicy) -> None:
    assert structure(unstructure(policy), ModerationPolicy) == policy


@given(moderation_policies(), st.text(max_size=80), st.integers(0, 4), st.booleans())
def test_action_is_the_most_severe_match_and_removals_are_recorded(
    policy: ModerationPolicy, text: str, prior: int, spam: bool
) -> None:
    decision = policy.evaluate(text, [Classification("c", is_spam=spam)], prior_offences=prior)
    expected = max((m.action.severity for m in decision.matches), default=0)
    assert decision.action.severity == expected
    record = decision.removal_record(message_id="m", at=T0)
    assert (record is None) == (not decision.matches)
    if record is not None:
        assert record.reasons
        assert record.appeal_path == policy.appeal_path
    # More prior offences never make moderation milder.
    harsher = policy.evaluate(text, [Classification("c", is_spam=spam)], prior_offences=prior + 1)
    assert harsher.action.severity >= decision.action.severity


def test_pattern_triggers_run_on_normalised_text() -> None:
    trigger = ModerationTrigger(
        "promo_spam", ModerationReason.SPAM, ModerationAction.HIDE, patterns=(r"\bgagnez \d+ ?€",)
    )
    match = trigger.match("GAGNEZ 500 € maintenant")
    assert match is not None
    assert match.conditions == ("pattern '\\\\bgagnez \\\\d+ ?€'",)
    assert trigger.match("gagnez du temps") is None


@pytest.mark.parametrize("pattern", ["(a+)+$", "(\\w+\\s?)*$", "(x)\\1"])
def test_unsafe_patterns_are_refused_at_load_with_their_path(pattern: str) -> None:
    data = {
        "triggers": [{"id": "x", "reason": "spam", "action": "hide", "patterns": ["ok", pattern]}]
    }
    with pytest.raises(UnsafePatternError) as info:
        structure(data, ModerationPolicy)
    assert info.value.paths == ["triggers[0].patterns[1]"]
