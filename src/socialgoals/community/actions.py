"""Actions of triage rules: what a rule does when its condition holds.

Each action is a small frozen class; in plan files an action is a table with
one key naming it (``{ tag = "sales_lead" }``, ``{ send_flow = "qualifier" }``,
``{ follow_up = "24h" }``, ``{ create_lead = true }``). They are re-exported by
:mod:`socialgoals.community.rules`, which holds the plan-data hooks.

>>> Escalate("legal")
Escalate(role='legal')
>>> Tag("")
Traceback (most recent call last):
...
socialgoals.errors.ValidationError: tag: must be a non-empty string (got '')
"""

from __future__ import annotations

import enum
from datetime import timedelta
from typing import ClassVar, TypeAlias

import attrs

from socialgoals.community.messages import Intent
from socialgoals.errors import Problem, ValidationError, check
from socialgoals.model import SLUG_RE

__all__ = [
    "MessagePriority",
    "Tag",
    "SetIntent",
    "SetPriority",
    "Reply",
    "SendFlow",
    "Hide",
    "Delete",
    "Ban",
    "Escalate",
    "Assign",
    "CreateLead",
    "Notify",
    "FollowUp",
    "Action",
    "slug_problems",
]


class MessagePriority(enum.Enum):
    """How urgently a human should look at a message."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


def _text(key: str, value: str) -> list[Problem]:
    if not isinstance(value, str) or not value.strip():
        return [Problem(key, value, "must be a non-empty string", code="empty")]
    return []


def slug_problems(key: str, value: str) -> list[Problem]:
    """A problem at ``key`` unless ``value`` is an id slug such as ``qualifier``."""
    if not isinstance(value, str) or not SLUG_RE.match(value):
        return [Problem(key, value, "must be an id such as 'qualifier'", code="bad_slug")]
    return []


@attrs.frozen
class Tag:
    """Add a tag to the conversation (``sales_lead``, ``refund``...)."""

    tag: str
    key: ClassVar[str] = "tag"

    def __attrs_post_init__(self) -> None:
        check(_text(self.key, self.tag))


@attrs.frozen
class SetIntent:
    """Set the message's intent (overrides the classifiers)."""

    intent: Intent
    key: ClassVar[str] = "set_intent"


@attrs.frozen
class SetPriority:
    """Set how urgently a human should look at it."""

    priority: MessagePriority
    key: ClassVar[str] = "set_priority"


@attrs.frozen
class Reply:
    """Reply automatically with a reply template (by id)."""

    template: str
    key: ClassVar[str] = "reply"

    def __attrs_post_init__(self) -> None:
        check(slug_problems(self.key, self.template))


@attrs.frozen
class SendFlow:
    """Start a qualifying DM flow (by id)."""

    flow: str
    key: ClassVar[str] = "send_flow"

    def __attrs_post_init__(self) -> None:
        check(slug_problems(self.key, self.flow))


@attrs.frozen
class Hide:
    """Hide the comment, with the reason recorded for the audit trail and appeals."""

    reason: str
    key: ClassVar[str] = "hide"

    def __attrs_post_init__(self) -> None:
        check(_text(self.key, self.reason))


@attrs.frozen
class Delete:
    """Delete the comment, with the reason recorded."""

    reason: str
    key: ClassVar[str] = "delete"

    def __attrs_post_init__(self) -> None:
        check(_text(self.key, self.reason))


@attrs.frozen
class Ban:
    """Ban the author, with the reason recorded (threats, doxxing)."""

    reason: str
    key: ClassVar[str] = "ban"

    def __attrs_post_init__(self) -> None:
        check(_text(self.key, self.reason))


@attrs.frozen
class Escalate:
    """Hand the conversation to a role of the escalation matrix (by role id)."""

    role: str
    key: ClassVar[str] = "escalate"

    def __attrs_post_init__(self) -> None:
        check(slug_problems(self.key, self.role))


@attrs.frozen
class Assign:
    """Assign the conversation to a person or a queue."""

    assignee: str
    key: ClassVar[str] = "assign"

    def __attrs_post_init__(self) -> None:
        check(_text(self.key, self.assignee))


@attrs.frozen
class CreateLead:
    """Create a lead from the message (``create_lead = true`` in plan files)."""

    key: ClassVar[str] = "create_lead"


@attrs.frozen
class Notify:
    """Notify a channel (``"slack:#crisis"``, ``"email:support"``...)."""

    channel: str
    key: ClassVar[str] = "notify"

    def __attrs_post_init__(self) -> None:
        check(_text(self.key, self.channel))


@attrs.frozen
class FollowUp:
    """Mark the thread for follow-up, optionally after a delay (``"24h"``)."""

    after: timedelta | None = None
    key: ClassVar[str] = "follow_up"

    def __attrs_post_init__(self) -> None:
        if self.after is not None and self.after < timedelta(0):
            raise ValidationError("must not be negative", path=self.key, value=self.after)


Action: TypeAlias = (
    Tag
    | SetIntent
    | SetPriority
    | Reply
    | SendFlow
    | Hide
    | Delete
    | Ban
    | Escalate
    | Assign
    | CreateLead
    | Notify
    | FollowUp
)
"""Any action of a rule."""
