"""How a socialgoals lead becomes HubSpot contact properties.

Standard contact properties (``email``, ``phone``, ``firstname``,
``lastname``) plus the custom ones socialgoals needs: the idempotency key
(``socialgoals_lead_key`` by default), the pseudonymous subject key
(``socialgoals_subject_key``) and, when asked, the lead's context
(:data:`CONTEXT_PROPERTIES`). Custom properties must be created in HubSpot
first (single-line text; the lead key with unique values).
"""

from __future__ import annotations

from typing import Final

from socialgoals.community import Lead

__all__ = ["lead_properties", "CONTEXT_PROPERTIES"]

CONTEXT_PROPERTIES: Final = (
    "socialgoals_platform",
    "socialgoals_intent",
    "socialgoals_priority",
    "socialgoals_tags",
    "socialgoals_source_message_id",
    "socialgoals_source_post_id",
)
"""Custom contact properties filled when the sink is built with ``context_properties=True``."""


def lead_properties(
    lead: Lead,
    *,
    key: str,
    subject_key: str | None,
    key_property: str,
    subject_property: str | None,
    context: bool = False,
) -> dict[str, str]:
    """The HubSpot contact properties for ``lead``.

    Args:
        lead: the lead.
        key: its idempotency key, stored in ``key_property``.
        subject_key: the person's pseudonymous key, stored in ``subject_property``.
        key_property: the unique property keying contacts (``email`` stores nothing extra).
        subject_property: where the subject key goes (``None``: nowhere).
        context: also fill the :data:`CONTEXT_PROPERTIES` (platform, intent,
            priority, tags, source message and post), which must exist in HubSpot.

    >>> from datetime import datetime, timezone
    >>> from socialgoals.community import Contact
    >>> from socialgoals.model import Platform
    >>> lead = Lead("l1", Contact(name="Léa Martin Dupont", email="Lea@Example.com"),
    ...             Platform.INSTAGRAM, datetime(2026, 3, 2, tzinfo=timezone.utc))
    >>> props = lead_properties(lead, key="lead_1", subject_key="subj_1",
    ...                         key_property="socialgoals_lead_key",
    ...                         subject_property="socialgoals_subject_key")
    >>> props["firstname"], props["lastname"], props["email"], props["socialgoals_lead_key"]
    ('Léa', 'Martin Dupont', 'lea@example.com', 'lead_1')
    >>> lead_properties(lead, key="lead_1", subject_key=None, key_property="email",
    ...                 subject_property=None, context=True)["socialgoals_platform"]
    'instagram'
    """
    contact = lead.contact
    props: dict[str, str] = {key_property: key} if key_property != "email" else {}
    if subject_key and subject_property:
        props[subject_property] = subject_key
    if contact.email:
        props["email"] = contact.email.strip().lower()
    if contact.phone:
        props["phone"] = contact.phone.strip()
    if contact.name:
        first, _, last = contact.name.strip().partition(" ")
        props["firstname"] = first
        if last.strip():
            props["lastname"] = last.strip()
    if context:
        values = {
            "socialgoals_platform": lead.platform.id,
            "socialgoals_intent": lead.intent.id if lead.intent else None,
            "socialgoals_priority": lead.priority,
            "socialgoals_tags": ";".join(lead.tags) if lead.tags else None,
            "socialgoals_source_message_id": lead.source_message_id,
            "socialgoals_source_post_id": lead.source_post_id,
        }
        props.update({k: v for k, v in values.items() if v})
    return props
