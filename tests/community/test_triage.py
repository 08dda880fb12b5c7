"""Triage: the seeds' rule, explanations, routes and SLA due times, leads, limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgoals.community.classifiers import LexiconClassifier
from socialgoals.community.escalation import EscalationMatrix
from socialgoals.community.hours import BusinessHours
from socialgoals.community.matcher import MatchLimits
from socialgoals.community.messages import (
    Author,
    Classification,
    Conversation,
    ConversationState,
    Intent,
    Message,
    MessageKind,
    Sentiment,
)
from socialgoals.community.rules import (
    AllKeywords,
    AllOf,
    AnyKeywords,
    AnyOf,
    Condition,
    CreateLead,
    Escalate,
    FollowUp,
    Hide,
    IntentIs,
    IsVip,
    MatchMode,
    MessagePriority,
    Not,
    Regex,
    Rule,
    RuleSet,
    SendFlow,
    SetIntent,
    SetPriority,
    Tag,
    UnresolvedExchangesAtLeast,
    WaitingAtLeast,
)
from socialgoals.community.triage import Triage
from socialgoals.errors import UnsafePatternError, ValidationError
from socialgoals.model import Platform
from socialgoals.testing.strategies._community_sla import business_hours, escalation_matrices
from socialgoals.testing.strategies._community_triage import (
    keywords,
    messages,
    rule_sets,
    triage_actions,
    triage_texts,
)

MONDAY = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
HOURS = BusinessHours.on_days(
    ["mon", "tue", "wed", "thu", "fri"], ["09:00-12:30", "13:30-18:00"], timezone="Europe/Paris"
)
SEEDS = RuleSet(
    "comments",
    [
        Rule(
            "sales-lead",
            AnyKeywords(["price", "buy", "order", "prix", "acheter", "commander"]),
            [Tag("sales_lead"), SendFlow("qualifier"), FollowUp()],
        )
    ],
)


def message(
    text: str,
    *,
    id: str = "m1",  # noqa: A002 - mirrors the field
    at: datetime = MONDAY,
    vip: bool = False,
    brand: bool = False,
    platform: Platform = Platform.INSTAGRAM,
    thread: str = "t1",
) -> Message:
    return Message(
        id=id,
        platform=platform,
        kind=MessageKind.COMMENT,
        thread_id=thread,
        author=Author(id="brand" if brand else "u1", name="Léa Martin", is_vip=vip, is_brand=brand),
        text=text,
        received_at=at,
    )


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("What's the PRICE?", "price"),
        ("How do I buy one 😍", "buy"),
        ("Can I order it in blue", "order"),
        ("Quel est le prix ?", "prix"),
        ("Je veux l'ACHETER !", "acheter"),
        ("Où commander ?!", "commander"),
        ("Prìx svp", "prix"),
    ],
)
def test_the_seeds_rule_works_as_written(text: str, word: str) -> None:
    decision = Triage(SEEDS).decide(message(text))
    assert decision.rule_ids == ("sales-lead",)
    assert decision.tags == ("sales_lead",)
    assert decision.actions == (Tag("sales_lead"), SendFlow("qualifier"), FollowUp())
    assert decision.follow_up
    assert decision.matches[0].conditions[0].matched == (word,)


@pytest.mark.parametrize("text", ["reorder please", "buyer beware", "prixfixe", "", "👍"])
def test_the_seeds_rule_respects_word_boundaries(text: str) -> None:
    assert not Triage(SEEDS).decide(message(text)).touched


def test_decision_routes_and_computes_due_times_in_business_hours() -> None:
    rules = RuleSet("c", [Rule("lead", AnyKeywords(["prix"]), [SetIntent(Intent.SALES_LEAD)])])
    triage = Triage(rules, matrix=EscalationMatrix.default(), hours=HOURS)
    saturday = datetime(2026, 3, 7, 15, tzinfo=UTC)
    decision = triage.decide(message("prix ?", at=saturday))
    assert decision.intent == Intent.SALES_LEAD
    assert decision.route is not None
    assert decision.route.role.id == "sales_rep"
    assert decision.route.sla.first_response == timedelta(minutes=15)
    assert decision.route.due is not None
    # Closed on Saturday: the clock starts Monday 09:00 Paris (08:00 UTC).
    assert decision.route.due.first_response == datetime(2026, 3, 9, 8, 15, tzinfo=UTC)
    text = decision.explain()
    assert "route: sales_rep under SLA lead_fast" in text
    assert "respond by 2026-03-09T09:15:00+01:00" in text


def test_untouched_messages_are_not_routed_unless_asked() -> None:
    matrix = EscalationMatrix.default()
    assert Triage(SEEDS, matrix=matrix).decide(message("bonjour")).route is None
    routed = Triage(SEEDS, matrix=matrix, route_untouched=True).decide(message("bonjour"))
    assert routed.route is not None
    assert routed.route.role.id == "community_manager"


def test_removed_messages_are_not_routed_but_escalations_are() -> None:
    rules = RuleSet(
        "c",
        [
            Rule("spam", AnyKeywords(["crypto"]), [Hide("spam")]),
            Rule("threat", AnyKeywords(["menace"]), [Hide("threat"), Escalate("legal")]),
        ],
        mode=MatchMode.ALL,
    )
    triage = Triage(rules, matrix=EscalationMatrix.default())
    assert triage.decide(message("crypto gratuit")).route is None
    decision = triage.decide(message("une menace"))
    assert decision.removed
    assert decision.route is not None
    assert decision.route.role.id == "legal"
    assert decision.route.sla.id == "urgent"  # the SLA of the matrix's row for legal
    assert decision.route.escalated
    assert decision.escalated_to == "legal"


def test_vip_warranty_and_exchanges_follow_the_matrix() -> None:
    rules = RuleSet(
        "c",
        [
            Rule(
                "warranty",
                AllOf((AnyKeywords(["garantie"]), UnresolvedExchangesAtLeast(2))),
                [SetIntent(Intent.WARRANTY_SAFETY), SetPriority(MessagePriority.HIGH)],
            )
        ],
    )
    triage = Triage(rules, matrix=EscalationMatrix.default(), hours=HOURS)
    history = [
        message("garantie ?", id="a", at=MONDAY),
        message("oui", id="b", at=MONDAY + timedelta(minutes=5), brand=True),
        message("toujours en panne", id="c", at=MONDAY + timedelta(hours=1)),
        message("on regarde", id="d", at=MONDAY + timedelta(hours=2), brand=True),
    ]
    latest = message("garantie toujours pas réglée", id="e", at=MONDAY + timedelta(hours=3))
    conv = Conversation("t1", (*history, latest))
    decision = triage.decide(latest, conversation=conv)
    assert decision.priority is MessagePriority.HIGH
    assert decision.route is not None
    assert decision.route.role.id == "senior_agent"
    assert decision.route.escalated
    assert decision.route.due is not None
    assert decision.route.due.next_response is not None  # a follow-up: next-response clock
    resolved = Conversation("t1", (*history, latest), ConversationState.RESOLVED)
    assert not triage.decide(latest, conversation=resolved).touched


def test_waiting_time_counts_business_hours_only() -> None:
    rules = RuleSet("c", [Rule("late", WaitingAtLeast(timedelta(hours=2)), [Tag("late")])])
    triage = Triage(rules, hours=HOURS)
    friday_evening = datetime(2026, 3, 6, 16, 30, tzinfo=UTC)  # 17:30 Paris, 30 min before close
    msg = message("allo ?", at=friday_evening)
    conv = Conversation("t1", (msg,))
    monday_early = datetime(2026, 3, 9, 8, 45, tzinfo=UTC)  # 45 min after Monday's opening
    assert not triage.decide(msg, conversation=conv, now=monday_early).touched
    monday_later = datetime(2026, 3, 9, 9, 31, tzinfo=UTC)
    decision = triage.decide(msg, conversation=conv, now=monday_later)
    assert decision.touched
    assert decision.matches[0].conditions[0].matched == ("2:01:00",)
    wall_clock = Triage(rules).decide(msg, conversation=conv, now=monday_early)
    assert wall_clock.touched


def test_first_match_stops_and_all_match_collects_in_priority_order() -> None:
    low = Rule("low", AnyKeywords(["prix"]), [Tag("a"), SetIntent(Intent.QUESTION)])
    high = Rule("high", AnyKeywords(["prix"]), [Tag("b"), SetIntent(Intent.SALES_LEAD)], priority=2)
    first = Triage(RuleSet("s", [low, high])).decide(message("prix"))
    assert first.rule_ids == ("high",)
    every = Triage(RuleSet("s", [low, high], mode=MatchMode.ALL)).decide(message("prix"))
    assert every.rule_ids == ("high", "low")
    assert every.tags == ("b", "a")
    assert every.intent == Intent.SALES_LEAD  # the highest-priority set_intent wins


def test_classifiers_and_given_classifications_are_combined() -> None:
    rules = RuleSet("c", [Rule("refunds", IntentIs([Intent.REFUND]), [Tag("refund")])])
    triage = Triage(rules, classifiers=[LexiconClassifier(), lambda _m: None])
    decision = triage.decide(message("Je veux un remboursement, produit nul 😡"))
    assert decision.touched
    assert decision.sentiment is Sentiment.NEGATIVE
    assert decision.classifications[0].classifier == "socialgoals.lexicon"
    legal = Classification("lawyer-bot", intent=Intent.LEGAL, confidence=0.99)
    overridden = triage.decide(message("remboursement"), classifications=[legal])
    assert overridden.intent == Intent.LEGAL
    assert not overridden.touched


def test_create_lead_gives_a_lead_request_without_personal_data() -> None:
    rules = RuleSet("c", [Rule("lead", AnyKeywords(["devis"]), [CreateLead(), Tag("b2b")])])
    msg = message("Un devis pour 50 postes ?")
    lead = Triage(rules).decide(msg).lead
    assert lead is not None
    assert (lead.message_id, lead.author_id, lead.rule_id, lead.tags) == (
        "m1",
        "u1",
        "lead",
        ("b2b",),
    )
    assert "Léa" not in repr(lead)


def test_regex_conditions_are_checked_with_the_rule_path() -> None:
    safe = RuleSet("c", [Rule("cmd", Regex(r"\bcmd-\d{4}\b"), [Tag("order")])])
    decision = Triage(safe).decide(message("Ma CMD-1234 n'est pas arrivée"))
    assert decision.matches[0].conditions[0].matched == ("cmd-1234",)
    tight = MatchLimits(max_pattern_length=5)
    with pytest.raises(UnsafePatternError) as info:
        Triage(safe, limits=tight)
    assert info.value.paths == ["rules[0].when.regex"]


def test_rule_and_keyword_caps() -> None:
    many = RuleSet("c", [Rule(f"r{i}", IsVip(), [Tag("x")]) for i in range(3)])
    with pytest.raises(ValidationError, match="more rules than the cap of 2"):
        Triage(many, limits=MatchLimits(max_rules=2))
    words = RuleSet("c", [Rule("r", AnyKeywords(["a", "b", "c d e"]), [Tag("x")])])
    with pytest.raises(ValidationError) as info:
        Triage(words, limits=MatchLimits(max_terms=2, max_term_tokens=2))
    assert [p.code for p in info.value.problems] == ["too_many", "too_long"]


def test_rules_without_keywords_are_always_evaluated() -> None:
    rules = RuleSet("c", [Rule("vip", IsVip(), [SetPriority(MessagePriority.URGENT)])])
    decision = Triage(rules).decide(message("hello", vip=True))
    assert decision.priority is MessagePriority.URGENT
    assert decision.explain().endswith("priority urgent")
    assert "no rule of 'c' matched" in Triage(rules).decide(message("hello")).explain()


def test_later_rules_see_the_intent_decided_so_far() -> None:
    rules = RuleSet(
        "c",
        [
            Rule("legal", AnyKeywords(["avocat"]), [SetIntent(Intent.LEGAL)], priority=9),
            Rule("thanks", AllOf((AnyKeywords(["merci"]), ~IntentIs([Intent.LEGAL]))), [Tag("t")]),
        ],
        mode=MatchMode.ALL,
    )
    triage = Triage(rules)
    assert triage.decide(message("merci beaucoup")).rule_ids == ("thanks",)
    assert triage.decide(message("merci, mon avocat vous écrira")).rule_ids == ("legal",)


def test_the_brands_own_messages_are_not_triaged() -> None:
    decision = Triage(SEEDS).decide(message("Le prix est de 49 €", brand=True))
    assert not decision.touched
    assert decision.actions == ()


def _keyword_conditions(vocabulary: list[str]) -> st.SearchStrategy[Condition]:
    """Condition trees that only look at keywords (the ones whose outcome is cached)."""
    words = st.lists(st.sampled_from(vocabulary), min_size=1, max_size=3)
    leaves = st.one_of(
        words.map(lambda v: AnyKeywords(tuple(v))), words.map(lambda v: AllKeywords(tuple(v)))
    )
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=3).map(lambda v: AllOf(tuple(v))),
            st.lists(children, max_size=3).map(lambda v: AnyOf(tuple(v))),
            children.map(Not),
        ),
        max_leaves=4,
    )


def _keyword_rule_sets(vocabulary: list[str]) -> st.SearchStrategy[RuleSet]:
    parts = st.tuples(
        _keyword_conditions(vocabulary),
        st.lists(triage_actions(), min_size=1, max_size=3),
        st.integers(-3, 3),
    )
    numbered = st.lists(parts, max_size=4).map(
        lambda drawn: tuple(
            Rule(f"rule-{i}", when, tuple(actions), priority=priority)
            for i, (when, actions, priority) in enumerate(drawn)
        )
    )
    return st.builds(
        RuleSet, id=st.just("rules"), rules=numbered, mode=st.sampled_from(list(MatchMode))
    )


@settings(max_examples=100, deadline=None)
@given(
    data=st.data(),
    vocabulary=st.lists(keywords(), min_size=1, max_size=5),
    matrix=st.none() | escalation_matrices(),
    hours=st.none() | business_hours(max_holidays=1),
    route_untouched=st.booleans(),
)
def test_cached_outcomes_decide_as_the_uncached_path(
    data: st.DataObject,
    vocabulary: list[str],
    matrix: EscalationMatrix | None,
    hours: BusinessHours | None,
    route_untouched: bool,
) -> None:
    rule_set = data.draw(_keyword_rule_sets(vocabulary) | rule_sets())
    pieces = st.sampled_from([*vocabulary, "merci", "😡", ",", "Prix"])
    texts = st.lists(pieces, min_size=1, max_size=6).map(" ".join) | triage_texts()
    batch = data.draw(st.lists(messages(brand=None, texts=texts), min_size=2, max_size=8))
    options = {"matrix": matrix, "hours": hours, "route_untouched": route_untouched}
    cached = Triage(rule_set, **options)  # type: ignore[arg-type]
    uncached = Triage(rule_set, cache_outcomes=False, **options)  # type: ignore[arg-type]
    for msg in [*batch, *batch]:  # the second pass reads the cache
        assert _outcome_of(cached, msg) == _outcome_of(uncached, msg)


def _outcome_of(triage: Triage, msg: Message) -> tuple[object, str]:
    """The decision and its explanation, or the error (random matrices may lack a role)."""
    try:
        decision = triage.decide(msg)
    except ValidationError as exc:
        return type(exc), str(exc)
    return decision, decision.explain()
