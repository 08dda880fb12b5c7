"""Which Graph API insights metrics exist, how to ask for them, and which Meta retired.

Meta retires metrics regularly: Instagram ``impressions`` (and ``plays``,
``clips_replays_count``, ``ig_reels_aggregated_all_plays_count``,
``video_views``) gave way to ``views`` in v22.0, for every version from
2025-04-21; Facebook Page ``impressions`` metrics gave way to ``media_view``
ones and ``page_fans`` metrics to ``page_follows`` ones in 2025. Asking for a
retired metric fails or returns nothing, so the source never asks: it
reports the metric as :class:`UnavailableMetric`, with its replacement when
there is one.

>>> wanted, unavailable = check_metrics(Level.IG_USER, ["reach", "impressions"])
>>> wanted
('reach',)
>>> [(u.metric, u.replacement, u.reason) for u in unavailable]
[('impressions', 'views', 'deprecated by Meta in v22.0 (all versions from 2025-04-21)')]
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from socialgoals.model import Platform

__all__ = [
    "Level",
    "Deprecation",
    "UnavailableMetric",
    "DEPRECATED",
    "TOTAL_VALUE_METRICS",
    "check_metrics",
]


class Level(enum.Enum):
    """The kind of Graph object an insights metric is read from."""

    PAGE = "page"
    """A Facebook Page: ``GET /{page-id}/insights``."""
    IG_USER = "ig_user"
    """An Instagram professional account: ``GET /{ig-user-id}/insights``."""
    IG_MEDIA = "ig_media"
    """One Instagram post, reel or story: ``GET /{media-id}/insights``."""

    @property
    def platform(self) -> Platform:
        """Facebook for pages, Instagram otherwise."""
        return Platform.FACEBOOK if self is Level.PAGE else Platform.INSTAGRAM


@attrs.frozen
class Deprecation:
    """A metric Meta retired.

    Attributes:
        reason: when and where it was retired, in a sentence.
        replacement: the metric to ask for instead, if there is one.
    """

    reason: str
    replacement: str | None = None


@attrs.frozen
class UnavailableMetric:
    """A metric that was asked for but cannot be read, and why.

    Attributes:
        level: where it was asked for.
        metric: the metric name.
        reason: why it is unavailable.
        replacement: the metric to use instead, if there is one.
    """

    level: Level
    metric: str
    reason: str
    replacement: str | None = None


_V22: Final = "deprecated by Meta in v22.0 (all versions from 2025-04-21)"
_V21: Final = "deprecated by Meta in v21.0 (all versions from 2025-01-08)"
_PAGE_2025: Final = "deprecated by Meta for all versions in 2025 (impressions -> views)"
_FANS: Final = "deprecated by Meta for all versions from 2025-11-15 (fans -> follows)"

DEPRECATED: Final[Mapping[tuple[Level, str], Deprecation]] = {
    (Level.IG_USER, "impressions"): Deprecation(_V22, "views"),
    (Level.IG_MEDIA, "impressions"): Deprecation(_V22, "views"),
    (Level.IG_MEDIA, "plays"): Deprecation(_V22, "views"),
    (Level.IG_MEDIA, "clips_replays_count"): Deprecation(_V22, "views"),
    (Level.IG_MEDIA, "ig_reels_aggregated_all_plays_count"): Deprecation(_V22, "views"),
    (Level.IG_MEDIA, "video_views"): Deprecation("deprecated by Meta", "views"),
    (Level.IG_USER, "profile_views"): Deprecation(_V21),
    (Level.IG_USER, "website_clicks"): Deprecation(_V21),
    (Level.IG_USER, "email_contacts"): Deprecation(_V21),
    (Level.IG_USER, "phone_call_clicks"): Deprecation(_V21),
    (Level.IG_USER, "text_message_clicks"): Deprecation(_V21),
    (Level.IG_USER, "get_direction_links"): Deprecation(_V21),
    (Level.PAGE, "page_impressions"): Deprecation(_PAGE_2025, "page_media_view"),
    (Level.PAGE, "page_impressions_unique"): Deprecation(
        _PAGE_2025, "page_total_media_view_unique"
    ),
    (Level.PAGE, "page_impressions_paid_unique"): Deprecation(_PAGE_2025),
    (Level.PAGE, "page_impressions_viral_unique"): Deprecation(_PAGE_2025),
    (Level.PAGE, "page_impressions_nonviral_unique"): Deprecation(_PAGE_2025),
    (Level.PAGE, "page_posts_impressions"): Deprecation(_PAGE_2025),
    (Level.PAGE, "page_posts_impressions_unique"): Deprecation(_PAGE_2025),
    (Level.PAGE, "page_posts_impressions_paid"): Deprecation(_PAGE_2025),
    (Level.PAGE, "page_posts_impressions_organic_unique"): Deprecation(_PAGE_2025),
    (Level.PAGE, "page_fans"): Deprecation(_FANS, "page_follows"),
    (Level.PAGE, "page_fans_city"): Deprecation(_FANS, "page_follows_city"),
    (Level.PAGE, "page_fans_country"): Deprecation(_FANS, "page_follows_country"),
    (Level.PAGE, "page_fans_locale"): Deprecation(_FANS),
    (Level.PAGE, "page_fan_adds"): Deprecation(_FANS),
    (Level.PAGE, "page_fan_adds_unique"): Deprecation(_FANS),
    (Level.PAGE, "page_fan_removes"): Deprecation(_FANS),
    (Level.PAGE, "page_fan_removes_unique"): Deprecation(_FANS),
}
"""Retired metrics by level and name."""

TOTAL_VALUE_METRICS: Final[frozenset[str]] = frozenset(
    {
        "views",
        "accounts_engaged",
        "total_interactions",
        "likes",
        "comments",
        "shares",
        "saves",
        "replies",
        "profile_links_taps",
        "follows_and_unfollows",
    }
)
"""Instagram account metrics that only exist with ``metric_type=total_value``.

They come as one total for the asked window (no daily series), so the source
asks for them one day at a time.
"""


def check_metrics(
    level: Level,
    metrics: Iterable[str],
    deprecated: Mapping[tuple[Level, str], Deprecation] = DEPRECATED,
) -> tuple[tuple[str, ...], tuple[UnavailableMetric, ...]]:
    """Split ``metrics`` into those to ask for and those Meta retired.

    Returns:
        the metrics to request, in order without duplicates, and the
        unavailable ones with their reason and replacement.
    """
    wanted: list[str] = []
    unavailable: list[UnavailableMetric] = []
    for metric in dict.fromkeys(metrics):
        gone = deprecated.get((level, metric))
        if gone is None:
            wanted.append(metric)
        else:
            unavailable.append(UnavailableMetric(level, metric, gone.reason, gone.replacement))
    return tuple(wanted), tuple(unavailable)
