"""Leads: a person who showed buying intent, with consent and context for the CRM.

Personal data (email, phone, name) never appears in a ``repr``; the
:attr:`Lead.idempotency_key` that sinks send is derived from the lead id, not
from personal data, and :attr:`Contact.subject_key` identifies a person for
erasure requests without exposing who they are.

>>> from datetime import datetime, timezone
>>> lead = Lead(
...     id="lead-1",
...     contact=Contact(name="Léa Martin", email="Lea@Example.com"),
...     platform=Platform.INSTAGRAM,
...     created_at=datetime(2026, 3, 2, 10, tzinfo=timezone.utc),
...     consent=Consent(ConsentStatus.GRANTED, purpose="sales follow-up"),
... )
>>> "Example" in repr(lead)
False
>>> lead.contact.subject_key == Contact(email="lea@example.com ").subject_key
True
"""

from __future__ import annotations

import enum
import hashlib
import re
from datetime import datetime
from typing import Final

import attrs

from socialgoals.community.messages import Intent, Message
from socialgoals.errors import Problem, ValidationError, check
from socialgoals.model import Platform, require_aware

__all__ = [
    "ConsentStatus",
    "Consent",
    "Contact",
    "QualifierAnswer",
    "Lead",
]

_EMAIL_RE: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE: Final = re.compile(r"^\+?[0-9 ().\-]{6,20}$")


class ConsentStatus(enum.Enum):
    """Whether the person agreed to be contacted for the stated purpose."""

    GRANTED = "granted"
    DENIED = "denied"
    UNKNOWN = "unknown"


@attrs.frozen
class Consent:
    """A consent record: status, purpose and when it was given.

    Attributes:
        status: granted, denied or unknown.
        purpose: what the person agreed to ("sales follow-up", "newsletter").
        given_at: when (timezone-aware), if recorded.
    """

    status: ConsentStatus = ConsentStatus.UNKNOWN
    purpose: str = ""
    given_at: datetime | None = None

    def __attrs_post_init__(self) -> None:
        if self.given_at is not None:
            require_aware(self.given_at, "given_at")


def _redacted(value: object) -> str:
    return "None" if value is None else "'<redacted>'"


@attrs.frozen
class Contact:
    """How to reach a lead. Every field is personal data and kept out of ``repr``.

    Attributes:
        name: the person's name, if given.
        email: an email address, if given (compared case-insensitively).
        phone: a phone number, if given.
        handle: the platform handle, if known.
        platform_user_id: the platform's user id, if known.
    """

    name: str | None = attrs.field(default=None, repr=_redacted)
    email: str | None = attrs.field(default=None, repr=_redacted)
    phone: str | None = attrs.field(default=None, repr=_redacted)
    handle: str | None = attrs.field(default=None, repr=_redacted)
    platform_user_id: str | None = attrs.field(default=None, repr=_redacted)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        # Values are personal data: problems name the field, never the value.
        if self.email is not None and not _EMAIL_RE.match(self.email.strip()):
            problems.append(Problem("email", "<redacted>", "is not an email address"))
        if self.phone is not None and not _PHONE_RE.match(self.phone.strip()):
            problems.append(Problem("phone", "<redacted>", "is not a phone number"))
        if not any((self.email, self.phone, self.handle, self.platform_user_id)):
            problems.append(
                Problem(
                    "contact",
                    "<redacted>",
                    "needs at least one of email, phone, handle or platform_user_id",
                    code="missing",
                )
            )
        check(problems)

    @property
    def subject_key(self) -> str:
        """A stable pseudonymous key for this person (for erasure), not reversible."""
        ident = (
            f"email:{self.email.strip().lower()}"
            if self.email
            else f"phone:{re.sub(r'[^0-9+]', '', self.phone)}"
            if self.phone
            else f"user:{self.platform_user_id or self.handle}"
        )
        return "subj_" + hashlib.sha256(ident.encode()).hexdigest()[:32]


@attrs.frozen
class QualifierAnswer:
    """One answer to a qualifying question of a bot flow.

    Attributes:
        question_id: the flow's question id (``use_case``, ``budget``...).
        question: the question as asked.
        answer: the person's answer.
    """

    question_id: str
    question: str
    answer: str = attrs.field(repr=_redacted)


@attrs.frozen
class Lead:
    """A qualified (or to-be-qualified) prospect, ready for a CRM sink.

    Attributes:
        id: a stable id (the same lead re-sent keeps its id).
        contact: how to reach the person.
        platform: where they came from.
        created_at: when the lead was captured (timezone-aware).
        consent: their consent record.
        source_message_id: the message that started it, if any.
        source_post_id: the post that triggered it, if any.
        answers: the qualifying answers, in order.
        history: the conversation that led to it, oldest first.
        intent: the intent that made it a lead.
        priority: ``"urgent"``, ``"enterprise"``, ``"normal"``... (routing hint).
        tags: free tags ("sales lead", campaign ids...).
    """

    id: str
    contact: Contact
    platform: Platform
    created_at: datetime
    consent: Consent = Consent()
    source_message_id: str | None = None
    source_post_id: str | None = None
    answers: tuple[QualifierAnswer, ...] = ()
    history: tuple[Message, ...] = attrs.field(default=(), repr=False)
    intent: Intent | None = None
    priority: str = "normal"
    tags: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not isinstance(self.id, str) or not self.id:
            problems.append(Problem("id", self.id, "must be a non-empty string", code="empty"))
        try:
            require_aware(self.created_at, "created_at")
        except ValidationError as exc:
            problems.extend(exc.problems)
        check(problems)

    @property
    def idempotency_key(self) -> str:
        """A key sinks send so re-delivery is applied once; holds no personal data."""
        return "lead_" + hashlib.sha256(self.id.encode()).hexdigest()[:32]

    @property
    def subject_key(self) -> str:
        """The contact's pseudonymous key (see :attr:`Contact.subject_key`)."""
        return self.contact.subject_key
