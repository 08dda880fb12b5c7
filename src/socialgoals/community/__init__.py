"""Community management: messages, triage rules, escalation, SLAs, replies, leads.

See the guide "automate your inbox safely" in ``docs/guide/``.
"""

from __future__ import annotations

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
]
