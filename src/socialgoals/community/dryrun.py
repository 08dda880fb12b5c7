"""Dry run: replay a conversation log through triage before going live.

:func:`dry_run` replays each customer message of each conversation, in order
and with the conversation as it stood then, through a
:class:`~socialgoals.community.triage.Triage`, and summarises what *would*
have happened: counts per action, intent and rule, escalations, leads, the
messages no rule touched, and, against the brand's actual answers in the log,
the SLA clocks hit and missed per role.

>>> from datetime import datetime, timedelta, timezone
>>> from socialgoals.community.rules import AnyKeywords, Rule, RuleSet, SetIntent, Tag
>>> from socialgoals.community.escalation import EscalationMatrix
>>> from socialgoals.community.messages import Author, MessageKind
>>> from socialgoals.model import Platform
>>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
>>> def msg(i, text, minutes, brand=False):
...     return Message(id=f"m{i}", platform=Platform.INSTAGRAM, kind=MessageKind.DM,
...                    thread_id="t1", author=Author(id="b" if brand else "u", is_brand=brand),
...                    text=text, received_at=t0 + timedelta(minutes=minutes))
>>> log = [Conversation("t1", [msg(1, "Quel est le prix ?", 0), msg(2, "49 €", 30, brand=True),
...                            msg(3, "Merci !", 31)])]
>>> rules = RuleSet("dms", [Rule("sales", AnyKeywords(["prix"]),
...                              [Tag("sales_lead"), SetIntent(Intent.SALES_LEAD)])])
>>> summary = dry_run(Triage(rules, matrix=EscalationMatrix.default()), log)
>>> summary.messages, summary.touched, summary.untouched
(2, 1, ('m3',))
>>> summary.sla["sales_rep"]
RoleSLA(hit=0, missed=1, active=0)
>>> print(summary.render())
2 messages, 1 touched by a rule, 1 untouched
rules: sales 1
actions: set_intent 1, tag 1
intents: none 1, sales_lead 1
escalations: 0; leads: 0
SLA sales_rep: 0 hit, 1 missed, 0 active
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

import attrs

from socialgoals.community.messages import Conversation, Intent, Message
from socialgoals.community.sla import SLAPolicy, SLAState
from socialgoals.community.triage import Decision, Triage

__all__ = ["RoleSLA", "DryRunSummary", "dry_run", "conversations_from_messages"]


@attrs.frozen
class RoleSLA:
    """SLA clocks of one role in a dry run.

    Attributes:
        hit: answered on time.
        missed: answered late, or unanswered past the due time.
        active: unanswered and not yet due at the end of the log.
    """

    hit: int = 0
    missed: int = 0
    active: int = 0

    @property
    def total(self) -> int:
        """All clocks of the role."""
        return self.hit + self.missed + self.active


@attrs.frozen
class DryRunSummary:
    """What a rule set would have done over a conversation log.

    Attributes:
        messages: customer messages replayed.
        touched: messages at least one rule matched.
        untouched: ids of the messages no rule matched, in log order.
        rules: matches per rule id.
        actions: actions per action kind (``tag``, ``reply``...).
        intents: messages per final intent id (``"none"`` when unknown).
        escalations: messages escalated (an ``escalate`` action or an
            escalating matrix row).
        escalations_by_role: escalations per role id.
        leads: leads that would be created.
        sla: SLA clocks per role id (one per customer wait that got a route).
        decisions: every decision, in log order.
    """

    messages: int
    touched: int
    untouched: tuple[str, ...]
    rules: dict[str, int]
    actions: dict[str, int]
    intents: dict[str, int]
    escalations: int
    escalations_by_role: dict[str, int]
    leads: int
    sla: dict[str, RoleSLA]
    decisions: tuple[Decision, ...] = attrs.field(repr=False)

    def render(self) -> str:
        """The summary as a few lines of text."""

        def counts(data: dict[str, int]) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(data.items())) or "none"

        lines = [
            (
                f"{self.messages} messages, {self.touched} touched by a rule, "
                f"{len(self.untouched)} untouched"
            ),
            f"rules: {counts(self.rules)}",
            f"actions: {counts(self.actions)}",
            f"intents: {counts(self.intents)}",
            f"escalations: {self.escalations}; leads: {self.leads}",
        ]
        lines.extend(
            f"SLA {role}: {s.hit} hit, {s.missed} missed, {s.active} active"
            for role, s in sorted(self.sla.items())
        )
        return "\n".join(lines)


def conversations_from_messages(messages: Iterable[Message]) -> list[Conversation]:
    """Group a flat message log into open conversations by thread, in first-seen order.

    >>> conversations_from_messages([])
    []
    """
    threads: dict[str, list[Message]] = {}
    for message in messages:
        threads.setdefault(message.thread_id, []).append(message)
    return [Conversation(thread, msgs) for thread, msgs in threads.items()]


def dry_run(
    triage: Triage,
    conversations: Iterable[Conversation],
    *,
    as_of: datetime | None = None,
) -> DryRunSummary:
    """Replay every customer message of ``conversations`` through ``triage``.

    Args:
        triage: the compiled rule set (with its matrix and hours).
        conversations: the log; brand messages are the answers actually given.
        as_of: the end of the log, for clocks still running (the latest
            message's time when not given).

    Returns:
        The summary; counts add up: ``touched + len(untouched) == messages``,
        the intents sum to ``messages``, the actions to the actions of the
        decisions.
    """
    convs = list(conversations)
    if as_of is None:
        times = [m.received_at for c in convs for m in c.messages]
        as_of = max(times) if times else None
    decisions: list[Decision] = []
    sla: dict[str, Counter[SLAState]] = {}
    escalations: Counter[str] = Counter()
    for conv in convs:
        msgs = conv.messages
        for i, message in enumerate(msgs):
            if message.from_brand:
                continue
            context = Conversation(conv.id, msgs[: i + 1])
            decision = triage.decide(message, conversation=context, now=message.received_at)
            decisions.append(decision)
            route = decision.route
            if route is None:
                continue
            if route.escalated or decision.escalated_to is not None:
                escalations[route.role.id] += 1
            waiting_already = i > 0 and not msgs[i - 1].from_brand
            if waiting_already or as_of is None:
                continue  # the clock started at an earlier message
            follow_up = any(m.from_brand for m in msgs[:i])
            policy = SLAPolicy.NEXT_RESPONSE if follow_up else SLAPolicy.FIRST_RESPONSE
            if route.sla.threshold(policy) is None:
                continue
            answer = next((m.received_at for m in msgs[i + 1 :] if m.from_brand), None)
            status = route.sla.status(
                policy,
                message.received_at,
                now=max(as_of, message.received_at),
                completed_at=answer,
                hours=triage.hours,
            )
            sla.setdefault(route.role.id, Counter())[status.state] += 1
    return _summarise(decisions, sla, escalations)


def _summarise(
    decisions: list[Decision], sla: dict[str, Counter[SLAState]], escalations: Counter[str]
) -> DryRunSummary:
    rules: Counter[str] = Counter()
    actions: Counter[str] = Counter()
    intents: Counter[str] = Counter()
    for decision in decisions:
        rules.update(decision.rule_ids)
        actions.update(a.key for a in decision.actions)
        intents[_intent_name(decision.intent)] += 1
    return DryRunSummary(
        messages=len(decisions),
        touched=sum(1 for d in decisions if d.touched),
        untouched=tuple(d.message_id for d in decisions if not d.touched),
        rules=dict(rules),
        actions=dict(actions),
        intents=dict(intents),
        escalations=sum(escalations.values()),
        escalations_by_role=dict(escalations),
        leads=sum(1 for d in decisions if d.lead is not None),
        sla={
            role: RoleSLA(c[SLAState.HIT], c[SLAState.MISSED], c[SLAState.ACTIVE])
            for role, c in sla.items()
        },
        decisions=tuple(decisions),
    )


def _intent_name(intent: Intent | None) -> str:
    return "none" if intent is None else intent.id
