"""Bot flows: a DM qualifier as a pure state machine.

A :class:`BotFlow` greets in the tone of the post, asks 2 to 4 qualifying
questions (use case, budget, timing...) with quick replies, then makes an
offer (book a demo, send a guide). :meth:`BotFlow.step` takes a
:class:`FlowState` and an event (:class:`FlowStart` or :class:`UserReply`) and
returns a :class:`Transition`: the new state and the outputs to send. It does
no I/O and reads no clock.

Guardrails: the bot never asks more than ``max_bot_questions`` questions
(re-asking an unclear answer counts); it hands off to a person, with the
handoff message, when asked to ("human", "conseiller"...), when the person
is confused twice in a row, when the sentiment turns negative, or at the
cap. Urgent or enterprise answers are routed to sales at once. A completed
qualifier (or one routed to sales) becomes a :class:`~socialgoals.community.leads.Lead`
with :meth:`BotFlow.to_lead`.

Flow texts may use slots like reply templates (``{first_name|there}``); each
slot must carry a fallback, so a flow never fails for a missing value. Flow
texts go through the template linter's private rules (never ask for a
password or PIN).

Plan shape (TOML)::

    [[community.flows]]
    id = "demo_qualifier"
    max_bot_questions = 4
    [community.flows.greetings]
    friendly = "Hi {first_name|there}! Thanks for your interest."
    formal = "Hello {first_name|there}, thank you for reaching out."
    [[community.flows.questions]]
    id = "use_case"
    text = "What would you like to use it for?"
    quick_replies = ["Social media", "Customer support", "Other"]
    [[community.flows.questions]]
    id = "timing"
    text = "When would you like to start?"
    quick_replies = ["This week (urgent)", "This quarter", "Just looking"]
    [community.flows.offer]
    id = "demo"
    text = "Would you like to book a demo or get our guide?"
    quick_replies = ["Book a demo", "Send me the guide"]

>>> flow = BotFlow.example()
>>> t = flow.start("conv-1", tone=Tone.PLAYFUL, values={"first_name": "Léa"})
>>> [o.kind.value for o in t.outputs]
['say', 'ask']
>>> t.outputs[0].text
'Hey Léa! 👋 Thanks for stopping by.'
>>> t = flow.step(t.state, UserReply("Social media"))
>>> t = flow.step(t.state, UserReply("This week (urgent)"))
>>> [o.kind.value for o in t.outputs], t.state.priority
(['route_to_sales', 'handoff', 'lead_ready'], 'urgent')
>>> t.outputs[1].text
"I'm connecting you with a person from our sales team right away."
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Final

import attrs

from socialgoals.community._flow_parts import (
    Event,
    FlowOutput,
    FlowStage,
    FlowStart,
    FlowState,
    FlowTurn,
    HandoffReason,
    Offer,
    OutputKind,
    QualifyingQuestion,
    Tone,
    Transition,
    UserReply,
    pairs,
    slug_problems,
)
from socialgoals.community._lexicon import Lexicon
from socialgoals.community._slots import Slot, parse_template, render_segments, template_problems
from socialgoals.community._template_lint import LintSeverity, lint_text
from socialgoals.community.leads import Consent, Contact, Lead, QualifierAnswer
from socialgoals.community.messages import Intent, Message, Sentiment
from socialgoals.community.templates import DEFAULT_SLOTS
from socialgoals.errors import Problem, UnsafeTemplateError, ValidationError, check
from socialgoals.model import Platform

__all__ = [
    "Tone",
    "QualifyingQuestion",
    "Offer",
    "BotFlow",
    "FlowStage",
    "HandoffReason",
    "FlowTurn",
    "FlowState",
    "FlowStart",
    "UserReply",
    "OutputKind",
    "FlowOutput",
    "Transition",
    "HANDOFF_MESSAGE",
]

HANDOFF_MESSAGE: Final = "I'm connecting you with a person right away."
"""The default handoff message (DOMAIN.md)."""

HUMAN_REQUEST_TERMS: Final = (
    "human", "a person", "real person", "an agent", "live agent", "talk to someone",
    "speak to someone", "humain", "une personne", "un conseiller", "une conseillère",
    "parler à quelqu'un",
)  # fmt: skip
CONFUSION_TERMS: Final = (
    "i don't understand", "i dont understand", "what do you mean", "confused", "huh",
    "je ne comprends pas", "je comprends pas", "c'est-à-dire", "pardon ?", "quoi ?",
)  # fmt: skip
URGENT_TERMS: Final = ("urgent", "asap", "right now", "today", "urgence", "au plus vite")
ENTERPRISE_TERMS: Final = (
    "enterprise",
    "corporate",
    "entreprise",
    "grand compte",
    "grands comptes",
)


def _flow_text_problems(path: str, text: object, allowed: frozenset[str]) -> list[Problem]:
    problems = template_problems(text, allowed=allowed, path=path)
    if problems or not isinstance(text, str):
        return problems
    problems = [
        Problem(
            path, f"{{{seg.name}}}", "flow slots need a fallback ({name|...})", code="no_fallback"
        )
        for seg in parse_template(text, allowed=allowed, path=path)
        if isinstance(seg, Slot) and seg.fallback is None
    ]
    # Flows talk in DMs: the private rules of the template linter apply.
    problems.extend(
        Problem(path, f.term, f.message, code=f.code)
        for f in lint_text(text, public=False)
        if f.severity is LintSeverity.ERROR
    )
    return problems


@attrs.frozen
class BotFlow:
    """A qualifying DM flow: greeting, 2-4 questions, offer, guardrails.

    Attributes:
        id: a slug.
        greetings: a greeting per post tone (the friendly one, or the first, stands in).
        questions: 2 to 4 qualifying questions, asked in order.
        offer: the offer made once qualified.
        max_bot_questions: the most questions the bot asks, re-asks included
            (at least the number of questions, at most 8).
        handoff_message: said when handing off to a person.
        sales_handoff_message: said when routing to sales.
        negative_score: a sentiment score at or below this hands off.
        allowed_slots: slot names flow texts may use.
        human_request_terms: words that ask for a person (EN/FR, whole words).
        confusion_terms: words that say the person is lost.
        urgent_terms: answers with these go to sales as ``urgent``.
        enterprise_terms: answers with these go to sales as ``enterprise``.
    """

    id: str
    greetings: dict[Tone, str]
    questions: tuple[QualifyingQuestion, ...]
    offer: Offer
    max_bot_questions: int = 4
    handoff_message: str = HANDOFF_MESSAGE
    sales_handoff_message: str = "I'm connecting you with a person from our sales team right away."
    negative_score: float = -0.5
    allowed_slots: tuple[str, ...] = DEFAULT_SLOTS
    human_request_terms: tuple[str, ...] = HUMAN_REQUEST_TERMS
    confusion_terms: tuple[str, ...] = CONFUSION_TERMS
    urgent_terms: tuple[str, ...] = URGENT_TERMS
    enterprise_terms: tuple[str, ...] = ENTERPRISE_TERMS
    _lexicons: dict[str, Lexicon] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        allowed = frozenset(self.allowed_slots)
        unsafe: list[Problem] = []
        texts = [(f"greetings.{tone.value}", text) for tone, text in self.greetings.items()]
        texts += [(f"questions[{i}].text", q.text) for i, q in enumerate(self.questions)]
        texts += [("offer.text", self.offer.text), ("offer.confirmation", self.offer.confirmation)]
        texts += [("handoff_message", self.handoff_message)]
        texts += [("sales_handoff_message", self.sales_handoff_message)]
        for path, text in texts:
            unsafe.extend(_flow_text_problems(path, text, allowed))
        problems = slug_problems("id", self.id)
        if not self.greetings:
            problems.append(Problem("greetings", {}, "needs at least one greeting", code="empty"))
        if not 2 <= len(self.questions) <= 4:
            problems.append(Problem("questions", len(self.questions), "must hold 2 to 4 questions"))
        ids = [q.id for q in self.questions]
        problems.extend(
            Problem(f"questions[{i}].id", qid, "is used twice", code="duplicate_id")
            for i, qid in enumerate(ids)
            if qid in ids[:i]
        )
        cap = self.max_bot_questions
        if isinstance(cap, bool) or not isinstance(cap, int) or not len(ids) <= cap <= 8:
            problems.append(Problem("max_bot_questions", cap, f"must be between {len(ids)} and 8"))
        if not -1.0 <= self.negative_score <= 1.0:
            problems.append(Problem("negative_score", self.negative_score, "must be in [-1, 1]"))
        check([*unsafe, *problems], UnsafeTemplateError if unsafe else ValidationError)
        lexicons = {
            name: Lexicon(getattr(self, f"{name}_terms"))
            for name in ("human_request", "confusion", "urgent", "enterprise")
        }
        object.__setattr__(self, "_lexicons", lexicons)

    @classmethod
    def example(cls) -> BotFlow:
        """A two-question demo qualifier (use case, timing) in the seeds' spirit."""
        return cls(
            id="demo_qualifier",
            greetings={
                Tone.FORMAL: "Hello {first_name|there}, thank you for reaching out.",
                Tone.FRIENDLY: "Hi {first_name|there}! Thanks for your interest.",
                Tone.PLAYFUL: "Hey {first_name|there}! 👋 Thanks for stopping by.",
            },
            questions=(
                QualifyingQuestion(
                    "use_case",
                    "What would you like to use it for?",
                    ("Social media", "Customer support", "Other"),
                ),
                QualifyingQuestion(
                    "timing",
                    "When would you like to start?",
                    ("This week (urgent)", "This quarter", "Just looking"),
                ),
            ),
            offer=Offer("demo", "Would you like to book a demo or get our guide?"),
        )

    # ------------------------------------------------------------------ rendering

    def _say(self, text: str, state: FlowState) -> str:
        allowed = frozenset(self.allowed_slots)
        segments = parse_template(text, allowed=allowed, path=self.id)
        return render_segments(segments, dict(state.values), {}, path=self.id)[0]

    def _greeting(self, tone: Tone) -> str:
        if tone in self.greetings:
            return self.greetings[tone]
        return self.greetings.get(Tone.FRIENDLY, next(iter(self.greetings.values())))

    # ------------------------------------------------------------------ the machine

    def start(
        self,
        conversation_id: str,
        *,
        tone: Tone = Tone.FRIENDLY,
        values: Mapping[str, str] | None = None,
    ) -> Transition:
        """Start a new conversation: greet and ask the first question."""
        state = FlowState(self.id, conversation_id)
        return self.step(state, FlowStart(tone, pairs(values or {})))

    def step(self, state: FlowState, event: Event) -> Transition:
        """Feed one event; returns the new state and the outputs to send."""
        if state.flow_id != self.id:
            raise ValidationError("belongs to another flow", path="flow_id", value=state.flow_id)
        if isinstance(event, FlowStart):
            if state.stage is not FlowStage.NEW:
                return Transition(state, ())
            state = attrs.evolve(state, values=event.values or state.values)
            greeting = self._say(self._greeting(event.tone), state)
            return self._ask(state, (FlowOutput(OutputKind.SAY, greeting),), rephrase=False)
        if state.stage.is_final:
            return Transition(state, ())
        state = attrs.evolve(state, transcript=(*state.transcript, FlowTurn("user", event.text)))
        if self._lexicons["human_request"].find(event.text):
            return self._handoff(state, HandoffReason.REQUESTED)
        negative = event.sentiment is Sentiment.NEGATIVE or (
            event.sentiment_score is not None and event.sentiment_score <= self.negative_score
        )
        if negative:
            return self._handoff(state, HandoffReason.NEGATIVE_SENTIMENT)
        if state.stage is FlowStage.NEW:
            return self._ask(state, (), rephrase=False)
        if state.stage is FlowStage.OFFERED:
            return self._offer_reply(state, event.text)
        return self._answer(state, event.text)

    def _answer(self, state: FlowState, text: str) -> Transition:
        question = self.questions[state.question_index]
        if not question.accepts(text) or self._lexicons["confusion"].find(text):
            confused = attrs.evolve(state, confusions=state.confusions + 1)
            if confused.confusions >= 2:
                return self._handoff(confused, HandoffReason.CONFUSION)
            return self._ask(confused, (), rephrase=True)
        answer = QualifierAnswer(question.id, self._say(question.text, state), text.strip())
        state = attrs.evolve(
            state,
            answers=(*state.answers, answer),
            question_index=state.question_index + 1,
            confusions=0,
        )
        priority = (
            "urgent"
            if self._lexicons["urgent"].find(text)
            else "enterprise"
            if self._lexicons["enterprise"].find(text)
            else None
        )
        if priority is not None:
            state = attrs.evolve(state, priority=priority)
            route = FlowOutput(
                OutputKind.ROUTE_TO_SALES, reason=f"{priority} answer to {question.id}"
            )
            handoff = self._handoff(state, HandoffReason.SALES_ROUTE)
            return Transition(handoff.state, (route, *handoff.outputs))
        if state.question_index >= len(self.questions):
            offer_text = self._say(self.offer.text, state)
            state = attrs.evolve(
                state,
                stage=FlowStage.OFFERED,
                qualified=True,
                transcript=(*state.transcript, FlowTurn("bot", offer_text)),
            )
            return Transition(
                state,
                (
                    FlowOutput(OutputKind.OFFER, offer_text, self.offer.quick_replies),
                    FlowOutput(OutputKind.LEAD_READY, reason="qualifier completed"),
                ),
            )
        return self._ask(state, (), rephrase=False)

    def _ask(
        self, state: FlowState, before: tuple[FlowOutput, ...], *, rephrase: bool
    ) -> Transition:
        if state.questions_asked >= self.max_bot_questions:
            handoff = self._handoff(state, HandoffReason.QUESTION_CAP)
            return Transition(handoff.state, (*before, *handoff.outputs))
        question = self.questions[state.question_index]
        text = self._say(question.text, state)
        if rephrase:
            text = f"Sorry, I wasn't clear. {text}"
        said = (*(FlowTurn("bot", o.text) for o in before), FlowTurn("bot", text))
        state = attrs.evolve(
            state,
            stage=FlowStage.QUALIFYING,
            questions_asked=state.questions_asked + 1,
            transcript=(*state.transcript, *said),
        )
        return Transition(
            state, (*before, FlowOutput(OutputKind.ASK, text, question.quick_replies))
        )

    def _offer_reply(self, state: FlowState, text: str) -> Transition:
        choice = self.offer.choice(text)
        if choice is None:
            return self._handoff(state, HandoffReason.OFFER_UNCLEAR)
        said = self._say(self.offer.confirmation, state)
        state = attrs.evolve(
            state,
            stage=FlowStage.COMPLETED,
            chosen_offer=choice,
            transcript=(*state.transcript, FlowTurn("bot", said)),
        )
        return Transition(state, (FlowOutput(OutputKind.SAY, said),))

    def _handoff(self, state: FlowState, reason: HandoffReason) -> Transition:
        sales = reason is HandoffReason.SALES_ROUTE
        text = self._say(self.sales_handoff_message if sales else self.handoff_message, state)
        state = attrs.evolve(
            state,
            stage=FlowStage.HANDED_OFF,
            handoff_reason=reason,
            transcript=(*state.transcript, FlowTurn("bot", text)),
        )
        outputs = [FlowOutput(OutputKind.HANDOFF, text, reason=reason.value)]
        if sales:
            outputs.append(FlowOutput(OutputKind.LEAD_READY, reason=reason.value))
        return Transition(state, tuple(outputs))

    # ------------------------------------------------------------------ leads

    def to_lead(
        self,
        state: FlowState,
        *,
        contact: Contact,
        platform: Platform,
        created_at: datetime,
        consent: Consent,
        history: Iterable[Message] = (),
        source_post_id: str | None = None,
        source_message_id: str | None = None,
    ) -> Lead:
        """The :class:`Lead` of a completed (or sales-routed) qualifier.

        The lead id is derived from the flow and conversation ids, so the same
        conversation always yields the same lead (sinks deduplicate on it).

        Raises:
            ValidationError: the qualifier is not complete (code ``not_ready``).
        """
        if not state.lead_ready:
            raise ValidationError(
                "the qualifier is not completed nor routed to sales",
                path="stage",
                value=state.stage.value,
                code="not_ready",
            )
        digest = hashlib.sha256(f"{self.id}\x1f{state.conversation_id}".encode()).hexdigest()
        tags = ["sales lead", f"flow:{self.id}"]
        if state.chosen_offer:
            tags.append(f"offer:{self.offer.id}")
        return Lead(
            id=f"lead-{digest[:24]}",
            contact=contact,
            platform=platform,
            created_at=created_at,
            consent=consent,
            source_message_id=source_message_id,
            source_post_id=source_post_id,
            answers=state.answers,
            history=tuple(history),
            intent=Intent.SALES_LEAD,
            priority=state.priority,
            tags=tuple(tags),
        )
