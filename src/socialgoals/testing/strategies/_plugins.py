"""Hypothesis strategies for the plugin contract: capabilities, queries, items, results.

Every strategy is valid by construction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from socialgoals.community.messages import MessageKind
from socialgoals.model import Platform
from socialgoals.protocols import (
    Action,
    DeliveryItem,
    DeliveryResult,
    DeliveryStatus,
    ItemKind,
    MessageQuery,
    MetricQuery,
    Notification,
    Severity,
    SinkCapabilities,
    SourceCapabilities,
)

__all__ = [
    "idempotency_keys",
    "source_capabilities",
    "sink_capabilities",
    "metric_queries",
    "message_queries",
    "delivery_items",
    "delivery_results",
    "notifications",
    "type_strategies",
]

_KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_-"
# Hypothesis takes naive bounds and adds the timezone given with ``timezones=``.
_MIN_TIME = datetime(2024, 1, 1)  # noqa: DTZ001 - naive bound, see above
_MAX_TIME = datetime(2027, 12, 31)  # noqa: DTZ001 - naive bound, see above
_METRICS = ("reach", "impressions", "likes", "comments", "shares", "clicks", "views")


def idempotency_keys() -> st.SearchStrategy[str]:
    """Opaque keys such as ``lead_3f2a``; shrinks towards ``"k"``."""
    return st.text(_KEY_ALPHABET, min_size=1, max_size=40).map(lambda s: "k" + s)


def source_capabilities(
    *, metrics: tuple[str, ...] = _METRICS
) -> st.SearchStrategy[SourceCapabilities]:
    """Declared capabilities; shrinks towards nothing declared and not incremental."""
    return st.builds(
        SourceCapabilities,
        platforms=st.frozensets(st.sampled_from(Platform.known()), max_size=3),
        metrics=st.frozensets(st.sampled_from(metrics), max_size=len(metrics)),
        message_kinds=st.frozensets(st.sampled_from(tuple(MessageKind))),
        incremental=st.booleans(),
        actions=st.frozensets(st.sampled_from(tuple(Action))),
    )


def sink_capabilities() -> st.SearchStrategy[SinkCapabilities]:
    """Sink capabilities; shrinks towards leads only, no erasure, batches of 1."""
    return st.builds(
        SinkCapabilities,
        accepts=st.frozensets(st.sampled_from(tuple(ItemKind)), min_size=1),
        erase=st.booleans(),
        max_batch=st.integers(min_value=1, max_value=500),
    )


def metric_queries(
    *, min_day: date = date(2024, 1, 1), max_day: date = date(2027, 12, 31)
) -> st.SearchStrategy[MetricQuery]:
    """Windows with ``start < end`` (either may be open); shrinks towards no window."""

    @st.composite
    def build(draw: st.DrawFn) -> MetricQuery:
        start = draw(st.none() | st.dates(min_value=min_day, max_value=max_day))
        end = None
        if draw(st.booleans()):
            base = start or min_day
            end = base + timedelta(days=draw(st.integers(min_value=1, max_value=400)))
        metrics = draw(st.frozensets(st.sampled_from(_METRICS), max_size=3))
        return MetricQuery(
            start=start, end=end, metrics=metrics, page_size=draw(st.integers(1, 500))
        )

    return build()


def message_queries() -> st.SearchStrategy[MessageQuery]:
    """Aware windows with ``since < until``; shrinks towards no window."""

    @st.composite
    def build(draw: st.DrawFn) -> MessageQuery:
        since = draw(
            st.none()
            | st.datetimes(
                min_value=_MIN_TIME,
                max_value=_MAX_TIME,
                timezones=st.just(UTC),
            )
        )
        until = None
        if since is not None and draw(st.booleans()):
            until = since + timedelta(minutes=draw(st.integers(min_value=1, max_value=10**6)))
        kinds = draw(st.frozensets(st.sampled_from(tuple(MessageKind))))
        return MessageQuery(since=since, until=until, kinds=kinds)

    return build()


def delivery_items(
    *, kinds: tuple[ItemKind, ...] = tuple(ItemKind)
) -> st.SearchStrategy[DeliveryItem]:
    """Items with JSON payloads; shrinks towards an empty payload and no subject."""
    payloads = st.dictionaries(
        st.text(min_size=1, max_size=10),
        st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=20),
        max_size=5,
    )
    return st.builds(
        DeliveryItem,
        kind=st.sampled_from(kinds),
        idempotency_key=idempotency_keys(),
        payload=payloads,
        subject_key=st.none() | idempotency_keys().map(lambda k: "subj_" + k),
    )


def delivery_results(*, key: str | None = None) -> st.SearchStrategy[DeliveryResult]:
    """Results of every status (permanent only when not persisted); shrinks to persisted."""
    keys = st.just(key) if key is not None else idempotency_keys()
    retry = st.none() | st.floats(min_value=0, max_value=3600)
    return st.one_of(
        st.builds(DeliveryResult.persisted, keys),
        st.builds(
            DeliveryResult,
            keys,
            st.just(DeliveryStatus.NOT_PERSISTED),
            permanent=st.booleans(),
            reason=st.sampled_from(["HTTP 400", "HTTP 429", "HTTP 408"]),
            retry_after=retry,
        ),
        st.builds(
            DeliveryResult.unknown,
            keys,
            st.sampled_from(["timeout", "HTTP 503"]),
            retry_after=retry,
        ),
    )


def notifications() -> st.SearchStrategy[Notification]:
    """Alerts; shrinks towards an INFO notification at the earliest instant."""
    return st.builds(
        Notification,
        key=idempotency_keys(),
        title=st.text(min_size=1, max_size=40).filter(str.strip),
        body=st.text(max_size=100),
        severity=st.sampled_from(tuple(Severity)),
        created_at=st.datetimes(min_value=_MIN_TIME, max_value=_MAX_TIME, timezones=st.just(UTC)),
        topic=st.sampled_from(["general", "community.spike", "delivery.dead_letter"]),
    )


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy of each contract type, for ``st.register_type_strategy``."""
    return {
        SourceCapabilities: source_capabilities(),
        SinkCapabilities: sink_capabilities(),
        MetricQuery: metric_queries(),
        MessageQuery: message_queries(),
        DeliveryItem: delivery_items(),
        DeliveryResult: delivery_results(),
        Notification: notifications(),
    }


TYPE_STRATEGIES = type_strategies
"""Alias: the function producing the ``{type: strategy}`` mapping."""
