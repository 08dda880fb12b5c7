"""The audit trail: every automated decision, why it was taken, and what humans made of it.

A :class:`DecisionRecord` keeps what the automation decided for one message
(the rule, the conditions that matched, the actions, the role, the SLA and its
due times). Later a person adds a :class:`HumanReview`: a short note and a
resolution code, so the automation can learn what worked. An
:class:`AuditTrail` is append-only: records are frozen, :meth:`AuditTrail.record`
and :meth:`AuditTrail.review` return a new trail with one more entry, and
nothing is ever replaced or removed.

Plan / store shape (JSON)::

    {"decisions": [{"id": "d1", "decided_at": "2026-03-02T09:30:00+00:00",
                    "message_id": "m1", "conversation_id": "t1",
                    "rule_id": "sales_keywords", "conditions": ["keyword 'prix'"],
                    "actions": ["tag:sales lead", "flow:demo_qualifier"],
                    "role_id": "sales", "sla_id": "leads",
                    "due": {"first_response": "2026-03-02T10:00:00+00:00"}}],
     "reviews": [{"decision_id": "d1", "reviewer": "agent-7", "note": "good catch",
                  "resolution_code": "lead_won",
                  "reviewed_at": "2026-03-02T11:00:00+00:00"}]}

>>> from datetime import datetime, timezone
>>> t0 = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
>>> trail = AuditTrail().record(DecisionRecord(
...     id="d1", decided_at=t0, message_id="m1", conversation_id="t1",
...     rule_id="sales_keywords", conditions=("keyword 'prix'",), actions=("tag:sales lead",)))
>>> trail = trail.review(HumanReview(decision_id="d1", reviewer="agent-7",
...     note="good catch", resolution_code="lead_won", reviewed_at=t0.replace(hour=11)))
>>> trail.resolution("d1")
'lead_won'
>>> trail.unreviewed()
()
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Final

import attrs

from socialgoals.community.messages import Intent
from socialgoals.community.moderation import ModerationDecision
from socialgoals.community.rules import Action
from socialgoals.community.sla import DueTimes
from socialgoals.community.triage import Decision
from socialgoals.errors import Problem, UnknownReferenceError, ValidationError, check
from socialgoals.model import SLUG_RE, require_aware

__all__ = [
    "RESOLUTION_CODES",
    "DecisionRecord",
    "HumanReview",
    "AuditTrail",
]

RESOLUTION_CODES: Final[tuple[str, ...]] = (
    "resolved",
    "answered",
    "refunded",
    "replaced",
    "escalated_legal",
    "lead_won",
    "lead_lost",
    "false_positive",
    "no_action",
)
"""Suggested resolution codes; any slug is accepted."""


def _action_text(action: Action) -> str:
    """``"tag sales lead"``, ``"escalate senior"``, ``"hide"``: the action key and its value."""
    key = action.key
    fields = attrs.astuple(action, recurse=False)
    if not fields or fields[0] is None:
        return key
    value = fields[0]
    shown = getattr(value, "id", None) or getattr(value, "value", None) or value
    return f"{key} {shown}"


def _aware(path: str, value: datetime) -> list[Problem]:
    try:
        require_aware(value, path)
    except ValidationError as exc:
        return list(exc.problems)
    return []


def _non_empty(path: str, value: object) -> list[Problem]:
    if not isinstance(value, str) or not value.strip():
        return [Problem(path, value, "must be a non-empty string", code="empty")]
    return []


@attrs.frozen
class DecisionRecord:
    """One automated decision about one message.

    Attributes:
        id: a unique id (the caller's, e.g. the message id and the rule set).
        decided_at: when (timezone-aware).
        message_id: the message decided on.
        conversation_id: its conversation.
        decided_by: what decided (``triage``, ``moderation``, ``flow:demo_qualifier``).
        rule_id: the rule that matched, ``None`` when none did.
        conditions: the conditions that matched, in words.
        actions: the actions taken (``tag:sales lead``, ``hide``, ``escalate:senior``).
        intent: the intent decided, if any.
        priority: the priority decided, if any.
        role_id: the role the message was routed to, if any.
        sla_id: the SLA that applies, if any.
        due: its due times, if any.
        explanation: a readable summary.
    """

    id: str
    decided_at: datetime
    message_id: str
    conversation_id: str
    decided_by: str = "triage"
    rule_id: str | None = None
    conditions: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    intent: Intent | None = None
    priority: str | None = None
    role_id: str | None = None
    sla_id: str | None = None
    due: DueTimes | None = None
    explanation: str = ""

    def __attrs_post_init__(self) -> None:
        problems = _aware("decided_at", self.decided_at)
        comparable = not problems
        for name in ("id", "message_id", "conversation_id", "decided_by"):
            problems.extend(_non_empty(name, getattr(self, name)))
        if self.due is not None:
            for name in ("first_response", "next_response", "resolution"):
                due = getattr(self.due, name)
                if due is not None:
                    naive = _aware(f"due.{name}", due)
                    problems.extend(naive)
                    if comparable and not naive and due < self.decided_at:
                        problems.append(
                            Problem(f"due.{name}", due.isoformat(), "is before decided_at")
                        )
        check(problems)

    @classmethod
    def from_triage(
        cls,
        decision: Decision,
        *,
        id: str,  # noqa: A002 - the record's field is named id
        decided_at: datetime,
        conversation_id: str,
    ) -> DecisionRecord:
        """The record of a triage decision: first matching rule, evidence, actions, route."""
        route = decision.route
        return cls(
            id=id,
            decided_at=decided_at,
            message_id=decision.message_id,
            conversation_id=conversation_id,
            decided_by=f"triage:{decision.rule_set}",
            rule_id=decision.rule_ids[0] if decision.rule_ids else None,
            conditions=tuple(
                f"{m.rule_id}: {c.describe()}" for m in decision.matches for c in m.conditions
            ),
            actions=tuple(_action_text(a) for a in decision.actions),
            intent=decision.intent,
            priority=decision.priority.value,
            role_id=route.role.id if route is not None else None,
            sla_id=route.sla.id if route is not None else None,
            due=route.due if route is not None else None,
            explanation=decision.explain(),
        )

    @classmethod
    def from_moderation(
        cls,
        decision: ModerationDecision,
        *,
        id: str,  # noqa: A002 - the record's field is named id
        decided_at: datetime,
        message_id: str,
        conversation_id: str,
    ) -> DecisionRecord:
        """The record of a moderation decision (rule = the first trigger that fired)."""
        return cls(
            id=id,
            decided_at=decided_at,
            message_id=message_id,
            conversation_id=conversation_id,
            decided_by="moderation",
            rule_id=decision.matches[0].trigger_id if decision.matches else None,
            conditions=tuple(
                f"{m.trigger_id}: {c}" for m in decision.matches for c in m.conditions
            ),
            actions=(decision.action.value,),
            explanation=decision.explain(),
        )


@attrs.frozen
class HumanReview:
    """A person's note on an automated decision.

    Attributes:
        decision_id: the decision reviewed.
        reviewer: the reviewer's (pseudonymous) id.
        note: a short note.
        resolution_code: a slug (see :data:`RESOLUTION_CODES`).
        reviewed_at: when (timezone-aware, not before the decision).
    """

    decision_id: str
    reviewer: str
    note: str
    resolution_code: str
    reviewed_at: datetime

    def __attrs_post_init__(self) -> None:
        problems = _aware("reviewed_at", self.reviewed_at)
        problems.extend(_non_empty("decision_id", self.decision_id))
        problems.extend(_non_empty("reviewer", self.reviewer))
        if not isinstance(self.resolution_code, str) or not SLUG_RE.match(self.resolution_code):
            problems.append(
                Problem(
                    "resolution_code",
                    self.resolution_code,
                    "must be a slug such as 'resolved' or 'false_positive'",
                    code="bad_slug",
                )
            )
        check(problems)


@attrs.frozen
class AuditTrail:
    """Decisions and their reviews, append-only, oldest first.

    Attributes:
        decisions: the decisions (unique ids), in the order they were recorded.
        reviews: the reviews, in the order they were added; each names a decision.
    """

    decisions: tuple[DecisionRecord, ...] = ()
    reviews: tuple[HumanReview, ...] = ()

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        by_id: dict[str, DecisionRecord] = {}
        for i, record in enumerate(self.decisions):
            if record.id in by_id:
                problems.append(
                    Problem(f"decisions[{i}].id", record.id, "is used twice", code="duplicate_id")
                )
            by_id.setdefault(record.id, record)
        for i, review in enumerate(self.reviews):
            found = by_id.get(review.decision_id)
            if found is None:
                problems.append(
                    Problem(
                        f"reviews[{i}].decision_id",
                        review.decision_id,
                        "names no recorded decision",
                        code="unknown_reference",
                    )
                )
            elif review.reviewed_at < found.decided_at:
                problems.append(
                    Problem(
                        f"reviews[{i}].reviewed_at",
                        review.reviewed_at.isoformat(),
                        "is before the decision",
                    )
                )
        if problems and all(p.code == "unknown_reference" for p in problems):
            raise UnknownReferenceError(problems)
        check(problems)

    def record(self, decision: DecisionRecord) -> AuditTrail:
        """A new trail with ``decision`` appended (its id must be new)."""
        return AuditTrail((*self.decisions, decision), self.reviews)

    def review(self, review: HumanReview) -> AuditTrail:
        """A new trail with ``review`` appended (it must name a recorded decision)."""
        return AuditTrail(self.decisions, (*self.reviews, review))

    def extend(
        self, decisions: Iterable[DecisionRecord] = (), reviews: Iterable[HumanReview] = ()
    ) -> AuditTrail:
        """A new trail with many entries appended at once.

        Each new trail is validated as a whole (linear in its size), so
        appending a batch is cheaper than appending one entry at a time.
        """
        return AuditTrail((*self.decisions, *decisions), (*self.reviews, *reviews))

    def get(self, decision_id: str) -> DecisionRecord:
        """The decision with this id.

        Raises:
            UnknownReferenceError: no decision has it.
        """
        for record in self.decisions:
            if record.id == decision_id:
                return record
        raise UnknownReferenceError("no decision with this id", path="id", value=decision_id)

    def reviews_for(self, decision_id: str) -> tuple[HumanReview, ...]:
        """The reviews of one decision, oldest first."""
        return tuple(r for r in self.reviews if r.decision_id == decision_id)

    def resolution(self, decision_id: str) -> str | None:
        """The latest resolution code of a decision, ``None`` while unreviewed."""
        reviews = self.reviews_for(decision_id)
        return reviews[-1].resolution_code if reviews else None

    def unreviewed(self) -> tuple[DecisionRecord, ...]:
        """The decisions no human has reviewed yet, oldest first."""
        seen = {r.decision_id for r in self.reviews}
        return tuple(d for d in self.decisions if d.id not in seen)

    def extends(self, older: AuditTrail) -> bool:
        """Whether this trail is ``older`` with entries appended (nothing changed or removed)."""
        n, m = len(older.decisions), len(older.reviews)
        return self.decisions[:n] == older.decisions and self.reviews[:m] == older.reviews
