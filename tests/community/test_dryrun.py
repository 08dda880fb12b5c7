"""Dry run: counts add up, SLA hits and misses per role, escalations, leads, untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community.dryrun import conversations_from_messages, dry_run
from socialgoals.community.escalation import EscalationMatrix
from socialgoals.community.messages import Author, Conversation, Intent, Message, MessageKind
from socialgoals.community.rules import (
    AnyKeywords,
    CreateLead,
    Escalate,
    Hide,
    Rule,
    RuleSet,
    SetIntent,
    Tag,
)
from socialgoals.community.triage import Triage
from socialgoals.model import Platform
from socialgoals.testing.strategies._community_triage import conversations, rule_sets

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
MATRIX = EscalationMatrix.default()


def msg(thread: str, i: int, text: str, minutes: float, *, brand: bool = False) -> Message:
    return Message(
        id=f"{thread}-{i}",
        platform=Platform.FACEBOOK,
        kind=MessageKind.DM,
        thread_id=thread,
        author=Author(id="brand" if brand else f"u-{thread}", is_brand=brand),
        text=text,
        received_at=T0 + timedelta(minutes=minutes),
    )


RULES = RuleSet(
    "dms",
    [
        Rule("sales", AnyKeywords(["prix", "devis"]), [SetIntent(Intent.SALES_LEAD), CreateLead()]),
        Rule("refund", AnyKeywords(["remboursement"]), [SetIntent(Intent.REFUND), Tag("refund")]),
        Rule("legal", AnyKeywords(["avocat"]), [Escalate("legal")]),
        Rule("spam", AnyKeywords(["crypto"]), [Hide("spam")]),
    ],
)


def test_a_small_log_is_summarised() -> None:
    log = [
        # a lead answered in 10 minutes: the 15-minute SLA is hit
        Conversation("a", [msg("a", 0, "Un devis ?", 0), msg("a", 1, "Oui", 10, brand=True)]),
        # a refund answered after 9 hours: the 8-hour support SLA is missed
        Conversation(
            "b", [msg("b", 0, "remboursement svp", 0), msg("b", 1, "ok", 9 * 60, brand=True)]
        ),
        # legal, escalated by a rule (urgent: 30 min), never answered by the end of the log
        Conversation("c", [msg("c", 0, "mon avocat", 0), msg("c", 1, "allo", 30)]),
        Conversation("d", [msg("d", 0, "crypto", 0), msg("d", 1, "bonjour", 1)]),
    ]
    summary = dry_run(Triage(RULES, matrix=MATRIX), log, as_of=T0 + timedelta(hours=10))
    assert summary.messages == 6
    assert summary.touched == 4
    assert summary.untouched == ("c-1", "d-1")
    assert summary.rules == {"sales": 1, "refund": 1, "legal": 1, "spam": 1}
    assert summary.actions == {
        "set_intent": 2,
        "create_lead": 1,
        "tag": 1,
        "escalate": 1,
        "hide": 1,
    }
    assert summary.leads == 1
    assert summary.escalations == 1
    assert summary.escalations_by_role == {"legal": 1}
    assert summary.sla["sales_rep"].hit == 1
    assert summary.sla["support_agent"].missed == 1
    assert summary.sla["legal"].missed == 1
    assert "spam" not in summary.sla
    assert "SLA sales_rep: 1 hit, 0 missed, 0 active" in summary.render()


def test_messages_group_into_conversations_by_thread() -> None:
    flat = [msg("a", 0, "x", 0), msg("b", 0, "y", 1), msg("a", 1, "z", 2)]
    convs = conversations_from_messages(flat)
    assert [c.id for c in convs] == ["a", "b"]
    assert [m.id for m in convs[0].messages] == ["a-0", "a-1"]


@given(rule_sets(max_rules=3), st.lists(conversations(max_messages=4), max_size=2))
def test_counts_add_up(rule_set: RuleSet, drawn: list[Conversation]) -> None:
    log = [  # one thread per conversation
        Conversation(
            f"t{i}",
            [attrs.evolve(m, id=f"t{i}-{j}", thread_id=f"t{i}") for j, m in enumerate(c.messages)],
        )
        for i, c in enumerate(drawn)
    ]
    summary = dry_run(Triage(rule_set, matrix=MATRIX), log)
    customer = [m for c in log for m in c.messages if not m.from_brand]
    assert summary.messages == len(customer) == len(summary.decisions)
    assert summary.touched + len(summary.untouched) == summary.messages
    assert sum(summary.intents.values()) == summary.messages
    assert sum(summary.actions.values()) == sum(len(d.actions) for d in summary.decisions)
    assert sum(summary.rules.values()) == sum(len(d.matches) for d in summary.decisions)
    assert summary.leads == sum(1 for d in summary.decisions if d.lead is not None)
    assert sum(summary.escalations_by_role.values()) == summary.escalations
    routed = sum(1 for d in summary.decisions if d.route is not None)
    assert sum(s.total for s in summary.sla.values()) <= routed
    assert summary.escalations <= routed
