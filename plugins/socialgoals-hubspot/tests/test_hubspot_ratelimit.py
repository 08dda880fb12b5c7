"""Properties of the HubSpot rate-limit and Retry-After parsers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from hypothesis import given
from hypothesis import strategies as st
from socialgoals_hubspot.ratelimit import parse_rate_limit, parse_retry_after

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


@given(
    remaining=st.integers(0, 200),
    interval_ms=st.integers(1, 60_000),
    secondly=st.one_of(st.none(), st.integers(0, 20)),
)
def test_the_pause_is_the_window_only_when_nothing_remains(
    remaining: int, interval_ms: int, secondly: int | None
) -> None:
    headers = {
        "X-HubSpot-RateLimit-Max": "200",
        "X-HubSpot-RateLimit-Remaining": str(remaining),
        "X-HubSpot-RateLimit-Interval-Milliseconds": str(interval_ms),
    }
    if secondly is not None:
        headers["X-HubSpot-RateLimit-Secondly-Remaining"] = str(secondly)
    limit = parse_rate_limit(headers)
    assert limit is not None
    if remaining == 0:
        assert limit.pause() == interval_ms / 1000
    elif secondly == 0:
        assert limit.pause() == 1.0
    else:
        assert limit.pause() == 0.0


@given(seconds=st.integers(0, 10**6))
def test_retry_after_reads_seconds_and_http_dates_alike(seconds: int) -> None:
    assert parse_retry_after(str(seconds)) == float(seconds)
    when = format_datetime(NOW + timedelta(seconds=seconds), usegmt=True)
    assert parse_retry_after(when, now=NOW) == float(seconds)


def test_unusable_values_are_none() -> None:
    assert parse_retry_after(None) is None
    assert parse_retry_after("-3") is None
    assert parse_retry_after("later") is None
    assert parse_rate_limit({"Content-Type": "application/json"}) is None
