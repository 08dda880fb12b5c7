"""Community management: messages, triage rules, escalation, SLAs, replies, leads.

See the guide "automate your inbox safely" in ``docs/guide/``.
"""

from __future__ import annotations

from socialgoals.community.escalation import (
    EscalationMatrix,
    EscalationRow,
    Role,
    Route,
)
from socialgoals.community.hours import (
    BusinessHours,
    TimeWindow,
)
from socialgoals.community.leads import Consent, ConsentStatus, Contact, Lead, QualifierAnswer
from socialgoals.community.messages import (
    Author,
    Classification,
    Conversation,
    ConversationState,
    Intent,
    Message,
    MessageKind,
    Sentiment,
)
from socialgoals.community.sla import (
    SLA,
    ConversationSLA,
    DueTimes,
    SLAPolicy,
    SLAState,
    SLAStatus,
    default_sla,
)

__all__ = [
    # messages
    "Author",
    "Classification",
    "Conversation",
    "ConversationState",
    "Intent",
    "Message",
    "MessageKind",
    "Sentiment",
    # leads
    "Consent",
    "ConsentStatus",
    "Contact",
    "Lead",
    "QualifierAnswer",
    # SLA: business hours, SLAs, escalation
    "BusinessHours",
    "TimeWindow",
    "SLA",
    "SLAPolicy",
    "SLAState",
    "SLAStatus",
    "DueTimes",
    "ConversationSLA",
    "default_sla",
    "Role",
    "EscalationRow",
    "EscalationMatrix",
    "Route",
]
