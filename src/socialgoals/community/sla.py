"""Service-level agreements: how fast the team answers, counted in business time.

An :class:`SLA` has three thresholds (:class:`SLAPolicy`): the first response
to a new conversation, each next response once the customer writes again, and
the resolution of the conversation. Due times are computed in business time
with a :class:`~socialgoals.community.hours.BusinessHours` calendar (or in
wall-clock time without one), and an :class:`SLAStatus` says whether a clock is
still running (active), was met (hit) or missed, when it was missed, and how
much business and wall-clock time elapsed.

>>> from datetime import datetime, timedelta, timezone
>>> from socialgoals.community.hours import BusinessHours
>>> hours = BusinessHours.on_days(["mon", "tue", "wed", "thu", "fri"], ["09:00-18:00"],
...                               timezone="UTC")
>>> leads = SLA("leads", first_response=timedelta(minutes=30))
>>> saturday = datetime(2026, 3, 7, 11, 0, tzinfo=timezone.utc)
>>> leads.due_times(saturday, hours).first_response.isoformat()
'2026-03-09T09:30:00+00:00'
>>> status = leads.status(SLAPolicy.FIRST_RESPONSE, saturday, hours=hours,
...                       now=datetime(2026, 3, 9, 10, 0, tzinfo=timezone.utc))
>>> status.state, status.missed_at.isoformat(), status.business_elapsed
(<SLAState.MISSED: 'missed'>, '2026-03-09T09:30:00+00:00', datetime.timedelta(seconds=3600))

Defaults follow DOMAIN.md: acknowledge leads within 15-60 minutes and answer
general support within 4-12 hours, depending on the platform
(:func:`default_sla`).
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Final

import attrs

from socialgoals.community.hours import BusinessHours
from socialgoals.community.messages import Conversation, ConversationState, Intent
from socialgoals.errors import Problem, ValidationError, check
from socialgoals.model import SLUG_RE, Platform, require_aware

__all__ = [
    "SLAPolicy",
    "SLAState",
    "SLA",
    "DueTimes",
    "SLAStatus",
    "ConversationSLA",
    "DEFAULT_SLAS",
    "default_sla",
]


class SLAPolicy(enum.Enum):
    """Which clock of an SLA."""

    FIRST_RESPONSE = "first_response"
    """From the first customer message to the brand's first answer."""
    NEXT_RESPONSE = "next_response"
    """From a customer's new message (after an answer) to the next answer."""
    RESOLUTION = "resolution"
    """From the first customer message to the conversation's resolution."""


class SLAState(enum.Enum):
    """Where a clock stands."""

    ACTIVE = "active"
    """Still running and not yet overdue."""
    HIT = "hit"
    """Completed on or before its due time."""
    MISSED = "missed"
    """Completed late, or still running past its due time."""


def _positive(path: str, value: object) -> list[Problem]:
    if not isinstance(value, timedelta) or value <= timedelta(0):
        return [Problem(path, value, "must be a positive duration such as '15m'", code="range")]
    return []


def _advance(start: datetime, amount: timedelta, hours: BusinessHours | None) -> datetime:
    return start + amount if hours is None else hours.add(start, amount)


def _elapsed(start: datetime, end: datetime, hours: BusinessHours | None) -> timedelta:
    return end - start if hours is None else hours.between(start, end)


@attrs.frozen
class DueTimes:
    """When each clock of an SLA falls due for one message (``None``: no such clock).

    Attributes:
        first_response: the first answer is due (new conversations).
        next_response: the next answer is due (customer follow-ups).
        resolution: the conversation should be resolved.
    """

    first_response: datetime | None = None
    next_response: datetime | None = None
    resolution: datetime | None = None

    @property
    def respond_by(self) -> datetime | None:
        """The answer due time that applies (first or next response)."""
        return self.first_response or self.next_response


@attrs.frozen
class SLAStatus:
    """The state of one SLA clock at a given time.

    Attributes:
        policy: which clock.
        state: active, hit or missed.
        started_at: when the clock started (the customer's message).
        due_at: when it falls due (business time added to ``started_at``).
        completed_at: when it was met (answer or resolution), if it was.
        missed_at: the time of the miss (``due_at``) when missed.
        business_elapsed: business time from start to completion (or ``now``).
        wall_elapsed: wall-clock time from start to completion (or ``now``).
        business_remaining: business time left before the due time (zero
            once completed or missed).
    """

    policy: SLAPolicy
    state: SLAState
    started_at: datetime
    due_at: datetime
    completed_at: datetime | None
    missed_at: datetime | None
    business_elapsed: timedelta
    wall_elapsed: timedelta
    business_remaining: timedelta

    @property
    def is_breached(self) -> bool:
        """Whether the clock is missed."""
        return self.state is SLAState.MISSED


@attrs.frozen
class SLA:
    """Response and resolution thresholds, counted in business time.

    Attributes:
        id: a slug the escalation matrix refers to (``leads_fast``).
        first_response: time allowed for the first answer.
        next_response: time allowed for each next answer, if tracked.
        resolution: time allowed to resolve the conversation, if tracked.
        label: a human name.
    """

    id: str
    first_response: timedelta
    next_response: timedelta | None = None
    resolution: timedelta | None = None
    label: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not isinstance(self.id, str) or not SLUG_RE.match(self.id):
            problems.append(Problem("id", self.id, "must be a slug such as 'leads'", code="slug"))
        problems += _positive("first_response", self.first_response)
        for name in ("next_response", "resolution"):
            if getattr(self, name) is not None:
                problems += _positive(name, getattr(self, name))
        if not problems and self.resolution is not None and self.resolution < self.first_response:
            problems.append(
                Problem("resolution", self.resolution, "must be >= first_response", code="order")
            )
        check(problems)

    def threshold(self, policy: SLAPolicy) -> timedelta | None:
        """The time allowed by one clock (``None`` when not tracked)."""
        if policy is SLAPolicy.FIRST_RESPONSE:
            return self.first_response
        if policy is SLAPolicy.NEXT_RESPONSE:
            return self.next_response
        return self.resolution

    def due(
        self, policy: SLAPolicy, started_at: datetime, hours: BusinessHours | None = None
    ) -> datetime | None:
        """When a clock started at ``started_at`` falls due (``None`` when not tracked).

        Without ``hours`` the threshold is counted in wall-clock time.
        """
        limit = self.threshold(policy)
        start = require_aware(started_at, "started_at")
        return None if limit is None else _advance(start, limit, hours)

    def due_times(
        self,
        arrival: datetime,
        hours: BusinessHours | None = None,
        *,
        follow_up: bool = False,
        opened_at: datetime | None = None,
    ) -> DueTimes:
        """Due times for a message arriving at ``arrival``.

        Args:
            arrival: when the message arrived.
            hours: the business calendar (wall-clock time without one).
            follow_up: the message follows an answer in the same conversation
                (the next-response clock applies, not the first-response one).
            opened_at: when the conversation started (the resolution clock's
                start); ``arrival`` when not given.
        """
        # ``due()`` twice, inlined: triage calls this for every routed message.
        limit = self.next_response if follow_up else self.first_response
        start = require_aware(arrival, "started_at")
        opened = start if opened_at is None else require_aware(opened_at, "started_at")
        resolution = self.resolution
        if hours is None:
            respond = None if limit is None else start + limit
            resolve = None if resolution is None else opened + resolution
        else:
            add = hours.add
            respond = None if limit is None else add(start, limit)
            resolve = None if resolution is None else add(opened, resolution)
        if follow_up:
            return DueTimes(next_response=respond, resolution=resolve)
        return DueTimes(first_response=respond, resolution=resolve)

    def status(
        self,
        policy: SLAPolicy,
        started_at: datetime,
        *,
        now: datetime,
        completed_at: datetime | None = None,
        hours: BusinessHours | None = None,
    ) -> SLAStatus:
        """The state of one clock at ``now``.

        A clock completed at its due time exactly is hit; a running clock is
        missed once ``now`` is past its due time, and the miss is dated at the
        due time.

        Raises:
            ValueError: the SLA does not track ``policy``.
            ValidationError: ``completed_at`` or ``now`` is before ``started_at``.
        """
        limit = self.threshold(policy)
        if limit is None:
            raise ValueError(f"SLA {self.id!r} does not track {policy.value}")
        start = require_aware(started_at, "started_at")
        end = require_aware(completed_at if completed_at is not None else now, "completed_at")
        require_aware(now, "now")
        if end < start:
            name = "completed_at" if completed_at is not None else "now"
            raise ValidationError(f"is before started_at {start.isoformat()}", path=name, value=end)
        due = _advance(start, limit, hours)
        if completed_at is not None:
            state = SLAState.HIT if completed_at <= due else SLAState.MISSED
        else:
            state = SLAState.MISSED if now > due else SLAState.ACTIVE
        remaining = _elapsed(now, due, hours) if state is SLAState.ACTIVE else timedelta(0)
        return SLAStatus(
            policy=policy,
            state=state,
            started_at=start,
            due_at=due,
            completed_at=completed_at,
            missed_at=due if state is SLAState.MISSED else None,
            business_elapsed=_elapsed(start, end, hours),
            wall_elapsed=end - start,
            business_remaining=max(remaining, timedelta(0)),
        )

    def evaluate(
        self,
        conversation: Conversation,
        *,
        now: datetime,
        hours: BusinessHours | None = None,
        resolved_at: datetime | None = None,
    ) -> ConversationSLA:
        """Every clock of this SLA over a conversation, at ``now``.

        Waiting periods start at a customer message while nobody is waiting
        for us and end at the brand's next message: the first is the
        first-response clock, the others next-response clocks. The resolution
        clock runs from the first customer message to ``resolved_at`` (the last
        message's time when the conversation is resolved and no time is given).
        """
        waits: list[tuple[datetime, datetime | None]] = []
        for message in conversation.messages:
            if message.from_brand:
                if waits and waits[-1][1] is None:
                    waits[-1] = (waits[-1][0], message.received_at)
            elif not waits or waits[-1][1] is not None:
                waits.append((message.received_at, None))
        if not waits:
            return ConversationSLA()
        first = self.status(
            SLAPolicy.FIRST_RESPONSE, waits[0][0], now=now, completed_at=waits[0][1], hours=hours
        )
        nexts: tuple[SLAStatus, ...] = ()
        if self.next_response is not None:
            nexts = tuple(
                self.status(SLAPolicy.NEXT_RESPONSE, s, now=now, completed_at=e, hours=hours)
                for s, e in waits[1:]
            )
        resolution = None
        if self.resolution is not None:
            last = conversation.last_message
            if resolved_at is None and conversation.state is ConversationState.RESOLVED and last:
                resolved_at = last.received_at
            resolution = self.status(
                SLAPolicy.RESOLUTION, waits[0][0], now=now, completed_at=resolved_at, hours=hours
            )
        return ConversationSLA(first, nexts, resolution)


@attrs.frozen
class ConversationSLA:
    """The SLA clocks of one conversation.

    Attributes:
        first_response: the first answer's clock (``None``: no customer message).
        next_responses: one clock per later waiting period, oldest first.
        resolution: the resolution clock, when the SLA tracks it.
    """

    first_response: SLAStatus | None = None
    next_responses: tuple[SLAStatus, ...] = ()
    resolution: SLAStatus | None = None

    @property
    def statuses(self) -> tuple[SLAStatus, ...]:
        """Every clock, first response first."""
        found = [self.first_response, *self.next_responses, self.resolution]
        return tuple(s for s in found if s is not None)

    @property
    def misses(self) -> tuple[SLAStatus, ...]:
        """The missed clocks."""
        return tuple(s for s in self.statuses if s.state is SLAState.MISSED)


# --------------------------------------------------------------------------- defaults

_FAST_PLATFORMS: Final = ("x", "facebook", "instagram", "tiktok")


def _hours(h: float) -> timedelta:
    return timedelta(hours=h)


DEFAULT_SLAS: Final[tuple[SLA, ...]] = (
    SLA("lead_fast", timedelta(minutes=15), _hours(1), None, "Leads on fast platforms"),
    SLA("lead", timedelta(minutes=60), _hours(4), None, "Leads"),
    SLA("support_fast", _hours(4), _hours(4), _hours(24), "Support on X"),
    SLA("support", _hours(8), _hours(8), _hours(40), "Support on Facebook and Instagram"),
    SLA("support_slow", _hours(12), _hours(12), _hours(40), "Support elsewhere"),
    SLA("urgent", timedelta(minutes=30), _hours(1), _hours(8), "Crises, legal, escalations"),
)
"""The SLAs of DOMAIN.md: leads within 15-60 minutes, support within 4-12 hours.

Leads get 15 minutes on X, Facebook, Instagram and TikTok (conversational
platforms) and 60 minutes elsewhere; support gets 4 hours on X (fast customer
service), 8 on Facebook and Instagram and 12 elsewhere. Urgent matters (crises,
legal, escalations) get 30 minutes. Everything is in business time.
"""

_BY_ID: Final = {sla.id: sla for sla in DEFAULT_SLAS}


def default_sla(intent: Intent | None, platform: Platform | None = None) -> SLA:
    """The DOMAIN.md default SLA for an intent on a platform.

    >>> default_sla(Intent.SALES_LEAD, Platform.INSTAGRAM).first_response
    datetime.timedelta(seconds=900)
    >>> default_sla(Intent.SUPPORT, Platform.LINKEDIN).id
    'support_slow'
    """
    where = platform.id if platform is not None else ""
    name = intent.id if intent is not None else ""
    if name in ("crisis", "legal"):
        return _BY_ID["urgent"]
    if name == "sales_lead":
        return _BY_ID["lead_fast" if where in _FAST_PLATFORMS else "lead"]
    if where == "x":
        return _BY_ID["support_fast"]
    if where in ("facebook", "instagram"):
        return _BY_ID["support"]
    return _BY_ID["support_slow"]
