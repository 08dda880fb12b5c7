"""The words of bot flows: questions, offers, states, events and outputs.

Re-exported by :mod:`socialgoals.community.flows`; see there for the machine.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from socialgoals.community._lexicon import fold
from socialgoals.community.leads import QualifierAnswer
from socialgoals.community.messages import Sentiment
from socialgoals.errors import Problem, check
from socialgoals.model import SLUG_RE

__all__ = [
    "Tone",
    "QualifyingQuestion",
    "Offer",
    "FlowStage",
    "HandoffReason",
    "FlowTurn",
    "FlowState",
    "FlowStart",
    "UserReply",
    "Event",
    "OutputKind",
    "FlowOutput",
    "Transition",
    "pairs",
    "slug_problems",
]


class Tone(enum.Enum):
    """The tone of the post the conversation started from."""

    FORMAL = "formal"
    FRIENDLY = "friendly"
    PLAYFUL = "playful"


def slug_problems(path: str, value: object) -> list[Problem]:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        return [Problem(path, value, "must be a slug such as 'use_case'", code="bad_slug")]
    return []


@attrs.frozen
class QualifyingQuestion:
    """One screening question.

    Attributes:
        id: a slug (``use_case``, ``budget``, ``timing``).
        text: the question (slots allowed, each with a fallback).
        quick_replies: buttons offered with it.
        free_text: whether answers outside ``quick_replies`` are accepted.
    """

    id: str
    text: str
    quick_replies: tuple[str, ...] = ()
    free_text: bool = True

    def __attrs_post_init__(self) -> None:
        problems = slug_problems("id", self.id)
        if not self.free_text and not self.quick_replies:
            problems.append(
                Problem("quick_replies", (), "needed when free_text is false", code="empty")
            )
        check(problems)

    def accepts(self, answer: str) -> bool:
        """Whether ``answer`` is a usable answer to this question."""
        if not fold(answer):
            return False
        return self.free_text or fold(answer) in {fold(q) for q in self.quick_replies}


@attrs.frozen
class Offer:
    """What the flow offers once qualified.

    Attributes:
        id: a slug (``demo``, ``guide``).
        text: the offer (slots allowed, each with a fallback).
        quick_replies: the choices ("Book a demo", "Send me the guide").
        confirmation: said when a choice is picked.
    """

    id: str
    text: str
    quick_replies: tuple[str, ...] = ("Book a demo", "Send me the guide")
    confirmation: str = "Great, a teammate will follow up with you shortly."

    def __attrs_post_init__(self) -> None:
        check(slug_problems("id", self.id))

    def choice(self, answer: str) -> str | None:
        """The quick reply ``answer`` picks, if any (folded comparison)."""
        key = fold(answer)
        return next((q for q in self.quick_replies if fold(q) == key), None)


class FlowStage(enum.Enum):
    """Where a conversation stands in a flow."""

    NEW = "new"
    QUALIFYING = "qualifying"
    OFFERED = "offered"
    COMPLETED = "completed"
    HANDED_OFF = "handed_off"

    @property
    def is_final(self) -> bool:
        """Whether the bot will say nothing more."""
        return self in (FlowStage.COMPLETED, FlowStage.HANDED_OFF)


class HandoffReason(enum.Enum):
    """Why the bot handed the conversation to a person."""

    REQUESTED = "requested"
    CONFUSION = "confusion"
    NEGATIVE_SENTIMENT = "negative_sentiment"
    QUESTION_CAP = "question_cap"
    SALES_ROUTE = "sales_route"
    OFFER_UNCLEAR = "offer_unclear"


@attrs.frozen
class FlowTurn:
    """One line of the flow's transcript."""

    speaker: str
    """``"bot"`` or ``"user"``."""
    text: str


def pairs(values: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = values.items() if isinstance(values, Mapping) else values
    return tuple(sorted((str(k), str(v)) for k, v in items))


@attrs.frozen
class FlowState:
    """The state of one conversation in one flow (immutable; each step makes a new one).

    Attributes:
        flow_id: the flow.
        conversation_id: the conversation.
        stage: new, qualifying, offered, completed or handed off.
        question_index: the question being asked (index in the flow).
        questions_asked: how many questions the bot asked, re-asks included.
        confusions: unclear answers in a row to the current question.
        answers: the answers so far.
        transcript: what was said, oldest first (personal data: not in ``repr``).
        values: slot values (``first_name``...), as sorted pairs (not in ``repr``).
        priority: ``normal``, ``urgent`` or ``enterprise``.
        handoff_reason: why it was handed off, when it was.
        chosen_offer: the offer choice, when completed.
        qualified: every question was answered and the offer made.
    """

    flow_id: str
    conversation_id: str
    stage: FlowStage = FlowStage.NEW
    question_index: int = 0
    questions_asked: int = 0
    confusions: int = 0
    answers: tuple[QualifierAnswer, ...] = ()
    transcript: tuple[FlowTurn, ...] = attrs.field(default=(), repr=False)
    values: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=pairs, repr=False)
    priority: str = "normal"
    handoff_reason: HandoffReason | None = None
    chosen_offer: str | None = None
    qualified: bool = False

    @property
    def routed_to_sales(self) -> bool:
        """Whether an urgent or enterprise answer sent it to sales."""
        return self.handoff_reason is HandoffReason.SALES_ROUTE

    @property
    def lead_ready(self) -> bool:
        """Whether the qualifier is complete (offer made) or routed to sales."""
        return self.qualified or self.routed_to_sales


@attrs.frozen
class FlowStart:
    """FlowStart the flow (a comment triggered the qualifier DM).

    Attributes:
        tone: the tone of the post, to match in the greeting.
        values: slot values such as ``first_name``.
    """

    tone: Tone = Tone.FRIENDLY
    values: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=pairs)


@attrs.frozen
class UserReply:
    """The person answered.

    Attributes:
        text: what they wrote or the quick reply they tapped.
        sentiment: a classifier's sentiment, when known.
        sentiment_score: a classifier's score in [-1, 1], when known.
    """

    text: str
    sentiment: Sentiment | None = None
    sentiment_score: float | None = None


Event = FlowStart | UserReply


class OutputKind(enum.Enum):
    """What an output asks the caller to do."""

    SAY = "say"
    ASK = "ask"
    OFFER = "offer"
    HANDOFF = "handoff"
    ROUTE_TO_SALES = "route_to_sales"
    LEAD_READY = "lead_ready"


@attrs.frozen
class FlowOutput:
    """One thing to send or do.

    Attributes:
        kind: say, ask, offer, handoff, route to sales, lead ready.
        text: the message to send (empty for route / lead outputs).
        quick_replies: buttons to show with it.
        reason: why (for handoffs and routes).
    """

    kind: OutputKind
    text: str = ""
    quick_replies: tuple[str, ...] = ()
    reason: str = ""


@attrs.frozen
class Transition:
    """The result of one step: the new state and what to send."""

    state: FlowState
    outputs: tuple[FlowOutput, ...]
