"""Messages, authors, conversations, intents and classifications.

The words every community feature speaks: a :class:`Message` (a comment, DM,
mention, review or ad comment) arrives from a platform, gets a
:class:`Classification` (sentiment, intent, spam) from one or more
classifiers, and belongs to a :class:`Conversation`.

>>> from datetime import datetime, timezone
>>> msg = Message(
...     id="m1", platform=Platform.INSTAGRAM, kind=MessageKind.COMMENT, thread_id="t1",
...     author=Author(id="u1", name="Léa Martin"), text="Quel est le prix ?",
...     received_at=datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc))
>>> msg.author.first_name
'Léa'
>>> Intent.parse("Sales lead")
Intent('sales_lead')
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar, Final

import attrs
import cattrs

from socialgoals.converters import register_hooks
from socialgoals.errors import Problem, ValidationError, check
from socialgoals.model import SLUG_RE, Platform, require_aware

__all__ = [
    "MessageKind",
    "Intent",
    "Sentiment",
    "Author",
    "Message",
    "ConversationState",
    "Conversation",
    "Classification",
]


class MessageKind(enum.Enum):
    """What sort of message it is."""

    COMMENT = "comment"
    DM = "dm"
    MENTION = "mention"
    REVIEW = "review"
    AD_COMMENT = "ad_comment"

    @property
    def is_public(self) -> bool:
        """Whether everybody can read it (and our public reply)."""
        return self is not MessageKind.DM


_SLUGIFY: Final = re.compile(r"[^a-z0-9]+")


@attrs.frozen(repr=False, order=True)
class Intent:
    """What the author wants; a known intent or a custom one by name.

    Attributes:
        id: a lowercase slug (``sales_lead``, ``warranty_safety``...).
    """

    id: str

    SALES_LEAD: ClassVar[Intent]
    SUPPORT: ClassVar[Intent]
    SHIPPING: ClassVar[Intent]
    REFUND: ClassVar[Intent]
    WARRANTY_SAFETY: ClassVar[Intent]
    LEGAL: ClassVar[Intent]
    COMPLAINT: ClassVar[Intent]
    PRAISE: ClassVar[Intent]
    QUESTION: ClassVar[Intent]
    SPAM: ClassVar[Intent]
    CRISIS: ClassVar[Intent]
    OTHER: ClassVar[Intent]

    KNOWN: ClassVar[tuple[str, ...]] = (
        "sales_lead",
        "support",
        "shipping",
        "refund",
        "warranty_safety",
        "legal",
        "complaint",
        "praise",
        "question",
        "spam",
        "crisis",
        "other",
    )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.id, str) or not SLUG_RE.match(self.id):
            raise ValidationError(
                "must be an intent id slug such as 'sales_lead'",
                path="intent",
                value=self.id,
                code="bad_slug",
            )

    @classmethod
    def parse(cls, text: str) -> Intent:
        """Build an intent from a label ("Sales lead") or an id ("sales_lead")."""
        slug = _SLUGIFY.sub("_", text.strip().lower()).strip("_")
        return cls(slug)

    @property
    def is_known(self) -> bool:
        """Whether this is one of the built-in intents."""
        return self.id in self.KNOWN

    def __str__(self) -> str:
        return self.id

    def __repr__(self) -> str:
        return f"Intent({self.id!r})"


for _name in Intent.KNOWN:
    setattr(Intent, _name.upper(), Intent(_name))


class Sentiment(enum.Enum):
    """The tone of a message, as a classifier labels it."""

    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


def _count(path: str, value: int) -> list[Problem]:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return [Problem(path, value, "must be a whole number >= 0", code="negative")]
    return []


@attrs.frozen
class Author:
    """Who wrote a message.

    Attributes:
        id: the platform's user id (or a pseudonymous id).
        name: the display name.
        handle: the @handle, when the platform has one.
        is_vip: a VIP customer, partner or influencer (routes to senior agents).
        follower_count: their audience size, when known.
        is_brand: the brand's own account (our replies).
    """

    id: str
    name: str = ""
    handle: str | None = None
    is_vip: bool = False
    follower_count: int = 0
    is_brand: bool = False

    def __attrs_post_init__(self) -> None:
        problems = _count("follower_count", self.follower_count)
        if not isinstance(self.id, str) or not self.id:
            problems.append(Problem("id", self.id, "must be a non-empty string", code="empty"))
        check(problems)

    @property
    def first_name(self) -> str | None:
        """The first word of the display name, if there is one."""
        parts = self.name.split()
        return parts[0] if parts else None


@attrs.frozen
class Message:
    """One comment, DM, mention, review or ad comment.

    Attributes:
        id: the platform's message id.
        platform: where it was posted.
        kind: comment, DM, mention, review or ad comment.
        thread_id: the conversation (thread or DM channel) it belongs to.
        author: who wrote it.
        text: what it says (may be empty for a sticker or an image).
        received_at: when it arrived (timezone-aware).
        language: an ISO 639-1 code when known (``"fr"``, ``"en"``).
        in_reply_to: the id of the message it answers, if any.
        post_id: the post it comments, for comments and ad comments.
    """

    id: str
    platform: Platform
    kind: MessageKind
    thread_id: str
    author: Author
    text: str
    received_at: datetime
    language: str | None = None
    in_reply_to: str | None = None
    post_id: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("id", "thread_id"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                problems.append(Problem(name, value, "must be a non-empty string", code="empty"))
        text: object = self.text
        if not isinstance(text, str):
            problems.append(Problem("text", text, "must be a string", code="wrong_type"))
        try:
            require_aware(self.received_at, "received_at")
        except ValidationError as exc:
            problems.extend(exc.problems)
        check(problems)

    @property
    def from_brand(self) -> bool:
        """Whether the brand wrote it (one of our replies)."""
        return self.author.is_brand


def _chronological(messages: Iterable[Message]) -> tuple[Message, ...]:
    return tuple(sorted(messages, key=lambda m: (m.received_at, m.id)))


class ConversationState(enum.Enum):
    """Where a conversation stands."""

    OPEN = "open"
    """Waiting for us."""
    WAITING = "waiting"
    """Waiting for the customer."""
    RESOLVED = "resolved"


@attrs.frozen
class Conversation:
    """A thread of messages between a person and the brand, oldest first.

    Attributes:
        id: the thread id shared by its messages.
        messages: the messages, sorted by ``received_at`` on construction.
        state: open, waiting or resolved.

    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> def m(i, brand):
    ...     return Message(id=f"m{i}", platform=Platform.FACEBOOK, kind=MessageKind.DM,
    ...                    thread_id="t", author=Author(id="b" if brand else "u", is_brand=brand),
    ...                    text="...", received_at=t0 + timedelta(minutes=i))
    >>> Conversation("t", (m(0, False), m(1, True), m(2, False), m(3, True))).exchanges
    2
    """

    id: str
    messages: tuple[Message, ...] = attrs.field(converter=_chronological)
    state: ConversationState = ConversationState.OPEN

    def __attrs_post_init__(self) -> None:
        check(
            Problem(f"messages[{i}].thread_id", m.thread_id, f"is not this thread {self.id!r}")
            for i, m in enumerate(self.messages)
            if m.thread_id != self.id
        )

    @property
    def exchanges(self) -> int:
        """How many times the brand answered a customer message (round trips)."""
        count, waiting = 0, False
        for msg in self.messages:
            if not msg.from_brand:
                waiting = True
            elif waiting:
                count += 1
                waiting = False
        return count

    @property
    def customer_messages(self) -> tuple[Message, ...]:
        """The messages not written by the brand."""
        return tuple(m for m in self.messages if not m.from_brand)

    @property
    def last_message(self) -> Message | None:
        """The newest message, if any."""
        return self.messages[-1] if self.messages else None


@attrs.frozen
class Classification:
    """What one classifier says about a message (several may answer).

    Attributes:
        classifier: the name of the classifier (for the audit trail).
        sentiment: the tone, when the classifier judges it.
        sentiment_score: from -1 (very negative) to 1 (very positive), when known.
        intent: the most likely intent, when the classifier judges it.
        confidence: how sure the classifier is of ``intent``, 0..1.
        is_spam: whether it thinks the message is spam, when it judges it.
        language: the detected language, when it detects it.
    """

    classifier: str
    sentiment: Sentiment | None = None
    sentiment_score: float | None = None
    intent: Intent | None = None
    confidence: float = 1.0
    is_spam: bool | None = None
    language: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if self.sentiment_score is not None and not -1.0 <= self.sentiment_score <= 1.0:
            problems.append(Problem("sentiment_score", self.sentiment_score, "must be in [-1, 1]"))
        if not 0.0 <= self.confidence <= 1.0:
            problems.append(Problem("confidence", self.confidence, "must be in [0, 1]"))
        check(problems)


def _structure_intent(value: Any, _: type) -> Intent:
    if isinstance(value, Intent):
        return value
    if not isinstance(value, str):
        raise TypeError("must be an intent name such as 'sales_lead'")
    # An id is kept as written; anything else is read as a label ("Sales lead").
    return Intent(value) if SLUG_RE.match(value) else Intent.parse(value)


def _configure(converter: cattrs.Converter) -> None:
    converter.register_structure_hook(Intent, _structure_intent)
    converter.register_unstructure_hook(Intent, lambda intent: intent.id)


register_hooks(_configure)
