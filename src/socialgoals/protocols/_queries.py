"""What sources are asked for, and the actions conversation sources perform."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from socialgoals.community.messages import Message, MessageKind
from socialgoals.errors import Problem, ValidationError, check
from socialgoals.model import require_aware
from socialgoals.protocols._capabilities import Action
from socialgoals.protocols._common import frozenset_converter as _frozenset_converter

__all__ = ["MetricQuery", "MessageQuery", "ActionRequest", "ActionResult"]


@attrs.frozen
class MetricQuery:
    """What a metric source is asked for.

    Attributes:
        start: the first day wanted (inclusive), or ``None`` for the beginning.
        end: the day after the last day wanted (exclusive), or ``None``.
        metrics: the metric ids wanted (empty: every metric it has).
        page_size: a hint for sources that page through an API.

    >>> q = MetricQuery(start=date(2026, 3, 1), end=date(2026, 4, 1))
    >>> q.wants(date(2026, 3, 31), "reach"), q.wants(date(2026, 4, 1), "reach")
    (True, False)
    """

    start: date | None = None
    end: date | None = None
    metrics: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_converter)
    page_size: int = 100

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, datetime) or not isinstance(value, date)):
                problems.append(Problem(name, value, "must be a date", code="wrong_type"))
        if (
            isinstance(self.start, date)
            and isinstance(self.end, date)
            and not isinstance(self.start, datetime)
            and not isinstance(self.end, datetime)
            and self.end <= self.start
        ):
            problems.append(Problem("end", self.end, f"must be after start {self.start}"))
        if isinstance(self.page_size, bool) or not isinstance(self.page_size, int):
            problems.append(Problem("page_size", self.page_size, "must be a whole number"))
        elif self.page_size < 1:
            problems.append(Problem("page_size", self.page_size, "must be >= 1"))
        check(problems)

    def wants(self, day: date, metric: str) -> bool:
        """Whether an observation of ``metric`` on ``day`` is asked for."""
        if self.start is not None and day < self.start:
            return False
        if self.end is not None and day >= self.end:
            return False
        return not self.metrics or metric in self.metrics


@attrs.frozen
class MessageQuery:
    """What a conversation source is asked for.

    Attributes:
        since: only messages received at or after this instant (aware), or ``None``.
        until: only messages received before this instant (aware), or ``None``.
        kinds: the message kinds wanted (empty: all it has).
        page_size: a hint for sources that page through an API.
    """

    since: datetime | None = None
    until: datetime | None = None
    kinds: frozenset[MessageKind] = attrs.field(default=frozenset(), converter=_frozenset_converter)
    page_size: int = 100

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is None:
                continue
            try:
                require_aware(value, name)
            except (ValidationError, AttributeError, TypeError):
                problems.append(Problem(name, value, "must be a timezone-aware datetime"))
        if not problems and self.since and self.until and self.until <= self.since:
            problems.append(Problem("until", self.until, "must be after since"))
        if isinstance(self.page_size, bool) or not isinstance(self.page_size, int):
            problems.append(Problem("page_size", self.page_size, "must be a whole number"))
        elif self.page_size < 1:
            problems.append(Problem("page_size", self.page_size, "must be >= 1"))
        check(problems)

    def wants(self, message: Message) -> bool:
        """Whether ``message`` is asked for."""
        if self.since is not None and message.received_at < self.since:
            return False
        if self.until is not None and message.received_at >= self.until:
            return False
        return not self.kinds or message.kind in self.kinds


@attrs.frozen
class ActionRequest:
    """An action to perform on a platform message.

    Attributes:
        action: reply, hide, unhide, delete or ban.
        message_id: the message acted on (for ``ban``: one of the author's messages).
        text: the reply text (``reply`` only).
        reason: why (kept in the audit trail; required for hide, delete and ban).
    """

    action: Action
    message_id: str
    text: str | None = None
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        action: object = self.action
        if not isinstance(action, Action):
            problems.append(Problem("action", action, "must be an Action"))
        message_id: object = self.message_id
        if not isinstance(message_id, str) or not message_id:
            problems.append(Problem("message_id", message_id, "must be a non-empty string"))
        if self.action is Action.REPLY and not self.text:
            problems.append(Problem("text", self.text, "a reply needs a text"))
        if self.action in (Action.HIDE, Action.DELETE, Action.BAN) and not self.reason:
            problems.append(Problem("reason", self.reason, "a moderation action needs a reason"))
        check(problems)


@attrs.frozen
class ActionResult:
    """What happened when a source performed an action.

    Attributes:
        done: whether the platform confirmed the action.
        platform_id: the id the platform gave (e.g. the reply's id), if any.
        detail: a short explanation (no personal data).
    """

    done: bool
    platform_id: str | None = None
    detail: str = ""
