"""HubSpot's rate-limit headers and ``Retry-After``, and how long to wait.

HubSpot answers with ``X-HubSpot-RateLimit-Max`` / ``-Remaining`` /
``-Interval-Milliseconds`` (the rolling window of the app) and, depending on
the authentication, ``-Secondly`` / ``-Secondly-Remaining`` and ``-Daily`` /
``-Daily-Remaining``. :func:`parse_rate_limit` reads them into a
:class:`RateLimit`; :meth:`RateLimit.pause` says how long to wait before the
next call (the rest of the window when nothing remains).

>>> rl = parse_rate_limit({"X-HubSpot-RateLimit-Max": "100",
...     "X-HubSpot-RateLimit-Remaining": "0", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"})
>>> rl.pause()
10.0
>>> parse_rate_limit({"x-hubspot-ratelimit-remaining": "57"}).pause()
0.0
>>> parse_retry_after("7"), parse_retry_after("soon")
(7.0, None)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import attrs

from socialgoals import delivery

__all__ = ["RateLimit", "parse_rate_limit", "parse_retry_after"]

_PREFIX = "x-hubspot-ratelimit-"


def _int(headers: Mapping[str, str], name: str) -> int | None:
    raw = headers.get(_PREFIX + name)
    if raw is None:
        return None
    try:
        value = int(raw.strip())
    except ValueError:
        return None
    return value if value >= 0 else None


@attrs.frozen
class RateLimit:
    """What HubSpot said about the caller's rate limits on its last answer.

    Attributes:
        max: calls allowed per rolling interval.
        remaining: calls left in the interval.
        interval: the interval, in seconds.
        secondly_remaining: calls left this second, when reported.
        daily_remaining: calls left today, when reported.
    """

    max: int | None = None
    remaining: int | None = None
    interval: float | None = None
    secondly_remaining: int | None = None
    daily_remaining: int | None = None

    def pause(self) -> float:
        """Seconds to wait before the next call: 0 while calls remain."""
        if self.remaining == 0:
            return self.interval or 1.0
        if self.secondly_remaining == 0:
            return 1.0
        return 0.0

    @property
    def exhausted_today(self) -> bool:
        """Whether the daily quota is used up (waiting seconds will not help)."""
        return self.daily_remaining == 0


def parse_rate_limit(headers: Mapping[str, str]) -> RateLimit | None:
    """Read the ``X-HubSpot-RateLimit-*`` headers (any case); None when there are none."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if not any(k.startswith(_PREFIX) for k in lowered):
        return None
    millis = _int(lowered, "interval-milliseconds")
    return RateLimit(
        max=_int(lowered, "max"),
        remaining=_int(lowered, "remaining"),
        interval=millis / 1000.0 if millis is not None else None,
        secondly_remaining=_int(lowered, "secondly-remaining"),
        daily_remaining=_int(lowered, "daily-remaining"),
    )


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` in seconds, from delta-seconds or an HTTP date; None if unusable.

    The parsing is :func:`socialgoals.delivery.parse_retry_after`'s; this only
    makes ``now`` optional.

    Args:
        value: the header's value.
        now: the current instant, for HTTP dates (default: the system clock).
    """
    return delivery.parse_retry_after(value, now=now or datetime.now(UTC))
