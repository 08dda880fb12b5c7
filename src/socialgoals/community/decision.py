"""Decisions: what triage decided for one message, and why.

A :class:`Decision` is the explainable output of
:meth:`socialgoals.community.Triage.decide`: the rules that matched with the
evidence (:class:`RuleMatch`, :class:`~socialgoals.community.ConditionMatch`),
intent, sentiment, tags, priority and ordered actions, the escalation route
with its SLA due times, and the lead to create (:class:`LeadRequest`). The
audit trail records it.

>>> Decision("m1", "comments").explain()
"message m1: no rule of 'comments' matched"
"""

from __future__ import annotations

from typing import Final

import attrs

from socialgoals.community import rules as r
from socialgoals.community._conditions import ConditionMatch
from socialgoals.community.escalation import Route
from socialgoals.community.messages import Classification, Intent, Sentiment
from socialgoals.model import Platform

__all__ = ["RuleMatch", "LeadRequest", "Decision"]

_REMOVALS: Final = (r.Hide, r.Delete, r.Ban)


@attrs.frozen
class RuleMatch:
    """One rule that matched a message.

    Attributes:
        rule_id: the rule.
        conditions: the conditions that held, with what matched.
        actions: the rule's actions, in order.
    """

    rule_id: str
    conditions: tuple[ConditionMatch, ...]
    actions: tuple[r.Action, ...]


@attrs.frozen
class LeadRequest:
    """A lead to create from a message (no personal data: ids only).

    The caller (or a bot flow) completes it into a
    :class:`~socialgoals.community.Lead` with the contact and the consent.

    Attributes:
        message_id: the message that made it a lead.
        thread_id: its conversation.
        platform: where it came from.
        author_id: the platform user id of the author.
        post_id: the post it comments, if any.
        intent: the decision's intent.
        tags: the decision's tags.
        rule_id: the rule that asked for it.
    """

    message_id: str
    thread_id: str
    platform: Platform
    author_id: str
    post_id: str | None
    intent: Intent | None
    tags: tuple[str, ...]
    rule_id: str


def _describe_action(action: r.Action) -> str:
    fields = attrs.astuple(action, recurse=False)
    if not fields or fields[0] is None:
        return action.key
    value = fields[0]
    shown = getattr(value, "id", None) or getattr(value, "value", None) or value
    return f"{action.key} {shown}"


@attrs.frozen
class Decision:
    """What triage decided for one message, and why.

    Attributes:
        message_id: the message.
        rule_set: the rule set that decided.
        matches: the rules that matched, in the order they acted.
        intent: the first ``set_intent`` of a matching rule, else the classifiers'.
        sentiment: the classifiers' sentiment label.
        sentiment_score: the classifiers' score, -1..1.
        is_spam: whether a classifier says spam.
        priority: the first ``set_priority``, else normal.
        tags: the tags added, in order, without repeats.
        actions: every action of the matching rules, in order.
        route: the role and SLA (with due times) when the message goes to a human.
        lead: the lead to create, when a rule says so.
        classifications: every classifier's answer.
    """

    message_id: str
    rule_set: str
    matches: tuple[RuleMatch, ...] = ()
    intent: Intent | None = None
    sentiment: Sentiment | None = None
    sentiment_score: float | None = None
    is_spam: bool = False
    priority: r.MessagePriority = r.MessagePriority.NORMAL
    tags: tuple[str, ...] = ()
    actions: tuple[r.Action, ...] = ()
    route: Route | None = None
    lead: LeadRequest | None = None
    classifications: tuple[Classification, ...] = ()

    @property
    def touched(self) -> bool:
        """Whether any rule matched."""
        return bool(self.matches)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The ids of the rules that matched."""
        return tuple(m.rule_id for m in self.matches)

    @property
    def escalated_to(self) -> str | None:
        """The role of an ``escalate`` action, if any."""
        return next((a.role for a in self.actions if isinstance(a, r.Escalate)), None)

    @property
    def removed(self) -> bool:
        """Whether an action hides, deletes or bans."""
        return any(isinstance(a, _REMOVALS) for a in self.actions)

    @property
    def follow_up(self) -> bool:
        """Whether the thread is marked for follow-up."""
        return any(isinstance(a, r.FollowUp) for a in self.actions)

    def explain(self) -> str:
        """The decision in words: rules, evidence, actions, intent, route and due times."""
        if not self.matches:
            lines = [f"message {self.message_id}: no rule of {self.rule_set!r} matched"]
        else:
            lines = []
            for i, match in enumerate(self.matches):
                evidence = "; ".join(c.describe() for c in match.conditions)
                head = f"message {self.message_id}: " if i == 0 else "  and "
                lines.append(f"{head}rule {match.rule_id!r} matched ({evidence})")
            lines.append("  actions: " + "; ".join(_describe_action(a) for a in self.actions))
        facts = []
        if self.intent is not None:
            facts.append(f"intent {self.intent.id}")
        if self.sentiment is not None:
            facts.append(f"sentiment {self.sentiment.value}")
        if self.priority is not r.MessagePriority.NORMAL:
            facts.append(f"priority {self.priority.value}")
        if facts:
            lines.append("  " + ", ".join(facts))
        if self.route is not None:
            route = self.route
            lines.append(f"  route: {route.role.id} under SLA {route.sla.id} ({route.reason})")
            due = route.due
            if due is not None and due.respond_by is not None:
                lines.append(f"  respond by {due.respond_by.isoformat()}")
        return "\n".join(lines)
