"""socialgoals-hubspot: a HubSpot CRM lead sink (idempotent batch upsert, GDPR delete).

A plugin for socialgoals. :class:`HubSpotLeadSink` implements the
:class:`socialgoals.protocols.ErasableSink` contract; the durable outbox of
:mod:`socialgoals.delivery` feeds it. :mod:`socialgoals_hubspot.testing`
holds a local fake of the HubSpot contacts API for offline tests. The token
comes from the caller or ``$SOCIALGOALS_HUBSPOT_TOKEN``.
"""

from __future__ import annotations

from socialgoals_hubspot.properties import CONTEXT_PROPERTIES, lead_properties
from socialgoals_hubspot.ratelimit import RateLimit, parse_rate_limit, parse_retry_after
from socialgoals_hubspot.sink import DEFAULT_BASE_URL, TOKEN_ENV, HubSpotLeadSink

__all__ = [
    "HubSpotLeadSink",
    "lead_properties",
    "CONTEXT_PROPERTIES",
    "RateLimit",
    "parse_rate_limit",
    "parse_retry_after",
    "TOKEN_ENV",
    "DEFAULT_BASE_URL",
]
