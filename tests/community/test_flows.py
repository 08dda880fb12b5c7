"""Bot flows: the state machine, guardrails, sales routing, leads, plan round trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community import (
    Author,
    Consent,
    ConsentStatus,
    Contact,
    Intent,
    Message,
    MessageKind,
    Sentiment,
)
from socialgoals.community.flows import (
    HANDOFF_MESSAGE,
    BotFlow,
    FlowStage,
    FlowStart,
    FlowState,
    HandoffReason,
    Offer,
    OutputKind,
    QualifyingQuestion,
    Tone,
    UserReply,
)
from socialgoals.converters import structure, unstructure
from socialgoals.errors import UnsafeTemplateError, ValidationError
from socialgoals.model import Platform
from socialgoals.testing.strategies._community_replies import bot_flows, user_replies

FLOW = BotFlow.example()
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def kinds(transition: object) -> list[str]:
    return [o.kind.value for o in transition.outputs]  # type: ignore[attr-defined]


def run(flow: BotFlow, *replies: str) -> FlowState:
    state = flow.start("c1").state
    for text in replies:
        state = flow.step(state, UserReply(text)).state
    return state


def test_greeting_matches_the_tone_and_falls_back_to_friendly() -> None:
    values = {"first_name": "Léa"}
    formal = FLOW.start("c", tone=Tone.FORMAL, values=values)
    assert formal.outputs[0].text == "Hello Léa, thank you for reaching out."
    assert FLOW.start("c").outputs[0].text == "Hi there! Thanks for your interest."
    only_friendly = attrs.evolve(FLOW, greetings={Tone.FRIENDLY: "Yo {first_name|you}"})
    assert only_friendly.start("c", tone=Tone.FORMAL).outputs[0].text == "Yo you"


def test_happy_path_asks_then_offers_then_completes() -> None:
    t = FLOW.start("c1")
    assert kinds(t) == ["say", "ask"]
    assert t.outputs[1].quick_replies == ("Social media", "Customer support", "Other")
    t = FLOW.step(t.state, UserReply("Customer support"))
    assert kinds(t) == ["ask"]
    t = FLOW.step(t.state, UserReply("This quarter"))
    assert kinds(t) == ["offer", "lead_ready"]
    assert t.outputs[0].quick_replies == ("Book a demo", "Send me the guide")
    assert t.state.stage is FlowStage.OFFERED
    t = FLOW.step(t.state, UserReply("book a DEMO"))
    assert t.state.stage is FlowStage.COMPLETED
    assert t.state.chosen_offer == "Book a demo"
    assert [a.answer for a in t.state.answers] == ["Customer support", "This quarter"]
    assert FLOW.step(t.state, UserReply("thanks")).outputs == ()


@pytest.mark.parametrize(
    "text", ["Can I talk to a human?", "je veux un conseiller", "LIVE AGENT please"]
)
def test_handoff_on_request(text: str) -> None:
    t = FLOW.step(FLOW.start("c").state, UserReply(text))
    assert kinds(t) == ["handoff"]
    assert t.outputs[0].text == HANDOFF_MESSAGE
    assert t.state.handoff_reason is HandoffReason.REQUESTED


def test_handoff_on_negative_sentiment() -> None:
    state = FLOW.start("c").state
    t = FLOW.step(state, UserReply("this is useless", sentiment=Sentiment.NEGATIVE))
    assert t.state.handoff_reason is HandoffReason.NEGATIVE_SENTIMENT
    t = FLOW.step(state, UserReply("meh", sentiment_score=-0.7))
    assert t.state.handoff_reason is HandoffReason.NEGATIVE_SENTIMENT
    assert t.outputs[0].text == "I'm connecting you with a person right away."


def test_confusion_rephrases_once_then_hands_off() -> None:
    strict = attrs.evolve(
        FLOW,
        questions=(
            QualifyingQuestion("size", "How big is your team?", ("1-10", "11-50"), free_text=False),
            FLOW.questions[1],
        ),
    )
    t = strict.step(strict.start("c").state, UserReply("je ne comprends pas"))
    assert kinds(t) == ["ask"]
    assert t.outputs[0].text == "Sorry, I wasn't clear. How big is your team?"
    assert t.state.questions_asked == 2
    t = strict.step(t.state, UserReply("banana"))
    assert t.state.handoff_reason is HandoffReason.CONFUSION


def test_question_cap_hands_off() -> None:
    capped = attrs.evolve(FLOW, max_bot_questions=2)
    state = capped.start("c").state
    state = capped.step(state, UserReply("")).state  # unclear: re-ask, second question asked
    t = capped.step(state, UserReply("Other"))
    assert t.state.handoff_reason is HandoffReason.QUESTION_CAP
    assert t.state.questions_asked == 2


@pytest.mark.parametrize(
    ("answer", "priority"),
    [
        ("This week (urgent)", "urgent"),
        ("ASAP please", "urgent"),
        ("Enterprise plan", "enterprise"),
    ],
)
def test_urgent_or_enterprise_answers_go_to_sales(answer: str, priority: str) -> None:
    t = FLOW.step(FLOW.start("c").state, UserReply(answer))
    assert kinds(t) == ["route_to_sales", "handoff", "lead_ready"]
    assert t.state.priority == priority
    assert t.state.routed_to_sales
    assert t.state.lead_ready


def test_offer_not_understood_hands_off() -> None:
    state = run(FLOW, "Other", "This quarter", "hmm maybe later")
    assert state.stage is FlowStage.HANDED_OFF
    assert state.handoff_reason is HandoffReason.OFFER_UNCLEAR
    assert state.lead_ready  # the qualifier itself was completed


def test_a_reply_before_start_starts_the_flow() -> None:
    t = FLOW.step(FlowState(FLOW.id, "c"), UserReply("hello"))
    assert kinds(t) == ["ask"]
    assert t.state.stage is FlowStage.QUALIFYING
    assert FLOW.step(t.state, FlowStart()).outputs == ()


def test_state_of_another_flow_is_refused() -> None:
    with pytest.raises(ValidationError):
        FLOW.step(FlowState("other", "c"), UserReply("x"))


def test_completed_qualifier_becomes_a_lead() -> None:
    state = run(FLOW, "Social media", "This quarter", "Send me the guide")
    history = (
        Message(
            id="m1",
            platform=Platform.INSTAGRAM,
            kind=MessageKind.DM,
            thread_id="c1",
            author=Author(id="u1", name="Léa"),
            text="Quel est le prix ?",
            received_at=T0,
        ),
    )
    consent = Consent(ConsentStatus.GRANTED, purpose="sales follow-up", given_at=T0)
    lead = FLOW.to_lead(
        state,
        contact=Contact(name="Léa", email="lea@example.com"),
        platform=Platform.INSTAGRAM,
        created_at=T0,
        consent=consent,
        history=history,
        source_post_id="post-9",
        source_message_id="m1",
    )
    assert [a.question_id for a in lead.answers] == ["use_case", "timing"]
    assert lead.answers[0].question == "What would you like to use it for?"
    assert lead.history == history
    assert lead.source_post_id == "post-9"
    assert lead.consent == consent
    assert lead.intent == Intent.SALES_LEAD
    assert lead.priority == "normal"
    assert "offer:demo" in lead.tags
    again = FLOW.to_lead(
        state,
        contact=Contact(email="lea@example.com"),
        platform=Platform.INSTAGRAM,
        created_at=T0,
        consent=consent,
    )
    assert again.id == lead.id  # stable per conversation


def test_unfinished_qualifier_is_not_a_lead() -> None:
    with pytest.raises(ValidationError) as info:
        FLOW.to_lead(
            FLOW.start("c").state,
            contact=Contact(handle="@lea"),
            platform=Platform.X,
            created_at=T0,
            consent=Consent(),
        )
    assert info.value.problems[0].code == "not_ready"


def test_flow_validation() -> None:
    with pytest.raises(ValidationError) as info:
        BotFlow(
            id="Bad",
            greetings={},
            questions=(FLOW.questions[0],) * 5,
            offer=FLOW.offer,
            max_bot_questions=2,
            negative_score=-2,
        )
    assert set(info.value.paths) == {
        "id",
        "greetings",
        "questions",
        "questions[1].id",
        "questions[2].id",
        "questions[3].id",
        "questions[4].id",
        "max_bot_questions",
        "negative_score",
    }


@pytest.mark.parametrize("text", ["Hi {first_name}", "Hi {first_name.__class__|x}", "{0}"])
def test_flow_texts_are_safe_templates_with_fallbacks(text: str) -> None:
    with pytest.raises(UnsafeTemplateError) as info:
        structure(
            {**unstructure(FLOW), "greetings": {"playful": text}},
            BotFlow,
        )
    assert info.value.paths == ["greetings.playful"]


def test_question_without_choices_must_accept_free_text() -> None:
    with pytest.raises(ValidationError, match="quick_replies"):
        QualifyingQuestion("q", "?", free_text=False)


def test_plan_shape_loads_and_round_trips() -> None:
    data = {
        "id": "demo_qualifier",
        "max_bot_questions": 4,
        "greetings": {"friendly": "Hi {first_name|there}!", "formal": "Hello {first_name|there}."},
        "questions": [
            {"id": "use_case", "text": "What for?", "quick_replies": ["Social", "Support"]},
            {"id": "budget", "text": "Budget?", "quick_replies": ["<1k", "1k-10k", "Enterprise"]},
        ],
        "offer": {"id": "demo", "text": "Book a demo?"},
    }
    flow = structure(data, BotFlow)
    assert flow.offer == Offer("demo", "Book a demo?")
    assert structure(json.loads(json.dumps(unstructure(flow))), BotFlow) == flow
    state = run(flow, "Social", "<1k")
    assert structure(json.loads(json.dumps(unstructure(state))), FlowState) == state


# --------------------------------------------------------------------------- properties

TERMINAL = {FlowStage.OFFERED, FlowStage.COMPLETED, FlowStage.HANDED_OFF}


@given(bot_flows(), st.lists(user_replies(), max_size=12), st.sampled_from(Tone))
def test_never_more_than_max_questions_and_always_ends_in_handoff_or_offer(
    flow: BotFlow, replies: list[UserReply], tone: Tone
) -> None:
    t = flow.start("c", tone=tone, values={"first_name": "Jo"})
    asked = kinds(t).count("ask")
    for i, reply in enumerate(replies):
        t = flow.step(t.state, reply)
        asked += kinds(t).count("ask")
        assert asked == t.state.questions_asked <= flow.max_bot_questions
        if i + 1 >= flow.max_bot_questions:
            assert t.state.stage in TERMINAL
        if OutputKind.HANDOFF.value in kinds(t):
            assert t.state.stage is FlowStage.HANDED_OFF
    assert len(t.state.answers) <= len(flow.questions)


@given(bot_flows(), st.lists(user_replies(), max_size=8))
def test_flows_are_pure_and_deterministic(flow: BotFlow, replies: list[UserReply]) -> None:
    def play() -> list[object]:
        t = flow.start("c")
        seen: list[object] = [t]
        for reply in replies:
            t = flow.step(t.state, reply)
            seen.append(t)
        return seen

    assert play() == play()


@given(bot_flows())
def test_flows_round_trip(flow: BotFlow) -> None:
    assert structure(unstructure(flow), BotFlow) == flow


def test_routing_and_handoff_words_are_configurable() -> None:
    custom = attrs.evolve(FLOW, urgent_terms=("très vite",), human_request_terms=("humano",))
    t = custom.step(custom.start("c").state, UserReply("Tres VITE"))
    assert t.state.priority == "urgent"
    assert t.state.routed_to_sales
    t = custom.step(custom.start("c").state, UserReply("un humano por favor"))
    assert t.state.handoff_reason is HandoffReason.REQUESTED
    # The default words no longer apply.
    t = custom.step(custom.start("c").state, UserReply("Can I talk to a human?"))
    assert t.state.stage is FlowStage.QUALIFYING


def test_flow_texts_never_ask_for_passwords() -> None:
    question = QualifyingQuestion("pw", "What is your password?")
    with pytest.raises(UnsafeTemplateError) as info:
        attrs.evolve(FLOW, questions=(FLOW.questions[0], question))
    assert info.value.paths == ["questions[1].text"]
