"""socialgoals-meta: Facebook Page and Instagram insights, comments and DMs (Graph API).

A plugin for socialgoals. It provides a metric source
(:class:`MetaInsightsSource`) and a conversation source with hide and reply
actions (:class:`MetaConversationSource`), both over :class:`GraphClient`,
and :mod:`socialgoals_meta.testing`, a local fake Graph API for offline tests.
The access token comes from the caller or ``$SOCIALGOALS_META_TOKEN``.
"""

from __future__ import annotations

from socialgoals_meta.client import DEFAULT_BASE_URL, TOKEN_ENV, GraphClient
from socialgoals_meta.conversations import MetaConversationSource
from socialgoals_meta.errors import (
    GraphAPIError,
    GraphPaginationError,
    GraphPermissionError,
    GraphRateLimitError,
    GraphRequestError,
    GraphTokenError,
    GraphTransientError,
)
from socialgoals_meta.insights import MetaInsightsSource
from socialgoals_meta.metrics import Level, UnavailableMetric
from socialgoals_meta.usage import RateUsage

__all__ = [
    "DEFAULT_BASE_URL",
    "TOKEN_ENV",
    "GraphClient",
    "MetaInsightsSource",
    "MetaConversationSource",
    "Level",
    "UnavailableMetric",
    "RateUsage",
    "GraphAPIError",
    "GraphRateLimitError",
    "GraphTokenError",
    "GraphTransientError",
    "GraphPermissionError",
    "GraphRequestError",
    "GraphPaginationError",
]
