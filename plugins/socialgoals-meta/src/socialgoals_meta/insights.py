"""Facebook Page and Instagram insights as socialgoals ``Observation`` rows.

:class:`MetaInsightsSource` reads:

- daily Page metrics: ``GET /{page-id}/insights?metric=...&period=day&since&until``;
- daily Instagram account metrics: ``GET /{ig-user-id}/insights``, time series
  (``values`` with ``end_time``) or, for metrics Meta only serves as totals
  (``views``...), one ``metric_type=total_value`` call per day;
- lifetime metrics of each Instagram media: ``GET /{media-id}/insights``,
  dated the last day of the window asked for.

A value Meta does not give (an empty ``data`` list, no ``values``, a ``null``
value) is *missing*: no Observation, never a zero. Metrics Meta retired are
never requested and are listed in :attr:`MetaInsightsSource.unavailable`
with their replacement. Daily values are dated in the account's day: Meta
closes a day at ``end_time`` (midnight, Pacific time by default).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, ClassVar, Final
from zoneinfo import ZoneInfo

from socialgoals.errors import Problem, ValidationError, check
from socialgoals.model import Observation, Platform
from socialgoals.protocols import MetricQuery, SourceCapabilities
from socialgoals.redaction import get_logger
from socialgoals_meta._times import parse_graph_time
from socialgoals_meta.client import DEFAULT_BASE_URL, GraphClient
from socialgoals_meta.metrics import (
    DEPRECATED,
    TOTAL_VALUE_METRICS,
    Deprecation,
    Level,
    UnavailableMetric,
    check_metrics,
)

__all__ = [
    "MetaInsightsSource",
    "DEFAULT_PAGE_METRICS",
    "DEFAULT_IG_METRICS",
    "DEFAULT_MEDIA_METRICS",
    "MAX_WINDOW_DAYS",
]

_log = get_logger(__name__)

DEFAULT_PAGE_METRICS: Final = (
    "page_total_media_view_unique",
    "page_media_view",
    "page_post_engagements",
)
"""Page metrics read when none are configured."""
DEFAULT_IG_METRICS: Final = ("reach", "follower_count", "views", "accounts_engaged")
"""Instagram account metrics read when none are configured."""
DEFAULT_MEDIA_METRICS: Final = ("reach", "views", "likes", "comments", "shares", "saved")
"""Instagram media metrics read when none are configured."""
MAX_WINDOW_DAYS: Final = 90
"""The longest ``since``/``until`` window per call (Meta allows about 93 days)."""
SOURCE_NAME: Final = "meta"


def _number(value: object) -> float | None:
    """A finite number, or None for missing and non-numeric values (breakdowns)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _windows(since: date, until: date, days: int) -> Iterator[tuple[date, date]]:
    start = since
    while start < until:
        end = min(start + timedelta(days=days), until)
        yield start, end
        start = end


class MetaInsightsSource:
    """A metric source for one Facebook Page and/or one Instagram account.

    Args:
        page_id: the Facebook Page id, if Page metrics are wanted.
        ig_user_id: the Instagram professional account id, if wanted.
        page_metrics: Page metrics to read (daily).
        ig_metrics: Instagram account metrics to read (daily).
        media_metrics: Instagram media metrics to read (lifetime).
        include_media: whether to read media insights too.
        timezone: the zone in which Meta closes its days (``end_time``).
        client: a ready :class:`GraphClient` (else one is built from ``token``).
        token: the access token (default ``$SOCIALGOALS_META_TOKEN``).
        base_url: the Graph API root with its version.
        deprecated: the table of retired metrics (extend it when Meta retires more).
        default_days: how many days a query without ``start`` reads.
        today: gives the current date, for queries without ``end`` (default:
            today in ``timezone``; tests pin it).

    >>> source = MetaInsightsSource(ig_user_id="17841400000", ig_metrics=["reach", "impressions"],
    ...                             token="t", base_url="http://127.0.0.1:9/v23.0")
    >>> [(u.metric, u.replacement) for u in source.unavailable]
    [('impressions', 'views')]
    >>> source.close()
    """

    name: ClassVar[str] = SOURCE_NAME
    platforms: ClassVar[frozenset[Platform]] = frozenset({Platform.FACEBOOK, Platform.INSTAGRAM})

    def __init__(
        self,
        *,
        page_id: str | None = None,
        ig_user_id: str | None = None,
        page_metrics: Sequence[str] = DEFAULT_PAGE_METRICS,
        ig_metrics: Sequence[str] = DEFAULT_IG_METRICS,
        media_metrics: Sequence[str] = DEFAULT_MEDIA_METRICS,
        include_media: bool = False,
        timezone: str | tzinfo = "America/Los_Angeles",
        client: GraphClient | None = None,
        token: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        deprecated: Mapping[tuple[Level, str], Deprecation] = DEPRECATED,
        default_days: int = 28,
        today: Callable[[], date] | None = None,
    ) -> None:
        problems: list[Problem] = []
        if not page_id and not ig_user_id:
            problems.append(
                Problem("page_id", page_id, "give a page_id, an ig_user_id or both", code="missing")
            )
        for path, value in (("page_id", page_id), ("ig_user_id", ig_user_id)):
            if value is not None and (not isinstance(value, str) or not value.strip()):
                problems.append(Problem(path, value, "must be a non-empty id"))
        tz: tzinfo | None = None
        try:
            tz = ZoneInfo(timezone) if isinstance(timezone, str) else timezone
        except (ValueError, KeyError):
            problems.append(Problem("timezone", timezone, "is not a known IANA timezone"))
        check(problems)
        assert tz is not None
        self.page_id = page_id
        self.ig_user_id = ig_user_id
        self.include_media = include_media
        self.tz = tz
        self.default_days = default_days
        self._today = today or self._local_today
        unavailable: list[UnavailableMetric] = []
        self._metrics: dict[Level, tuple[str, ...]] = {}
        for level, wanted, enabled in (
            (Level.PAGE, page_metrics, bool(page_id)),
            (Level.IG_USER, ig_metrics, bool(ig_user_id)),
            (Level.IG_MEDIA, media_metrics, bool(ig_user_id) and include_media),
        ):
            if not enabled:
                continue
            ok, retired = check_metrics(level, wanted, deprecated)
            self._metrics[level] = ok
            unavailable.extend(retired)
        self.unavailable: tuple[UnavailableMetric, ...] = tuple(unavailable)
        """Metrics asked for that Meta retired, with their replacement."""
        for gone in self.unavailable:
            hint = f"; use {gone.replacement!r}" if gone.replacement else ""
            _log.warning("metric %r is unavailable: %s%s", gone.metric, gone.reason, hint)
        self._own_client = client is None
        self.client = client or GraphClient(token, base_url=base_url)

    def __repr__(self) -> str:
        return f"MetaInsightsSource(page_id={self.page_id!r}, ig_user_id={self.ig_user_id!r})"

    def close(self) -> None:
        """Close the HTTP client if this source built it."""
        if self._own_client:
            self.client.close()

    @property
    def metrics(self) -> Mapping[Level, tuple[str, ...]]:
        """The metrics this source requests, per level."""
        return dict(self._metrics)

    @property
    def capabilities(self) -> SourceCapabilities:
        """Facebook and/or Instagram, the configured metrics, incremental by day."""
        platforms = {level.platform for level, metrics in self._metrics.items() if metrics}
        metrics = {m for wanted in self._metrics.values() for m in wanted}
        return SourceCapabilities(platforms=platforms, metrics=metrics, incremental=True)

    # ------------------------------------------------------------------ reading

    def observations(self, query: MetricQuery | None = None) -> Iterator[Observation]:
        """The observations ``query`` asks for (a missing value is no observation).

        Without ``query.end`` the window ends today (included); without
        ``query.start`` it spans ``default_days`` days.

        Raises:
            GraphAPIError: a subclass naming what Meta refused.
        """
        query = query or MetricQuery()
        until = query.end or self._today() + timedelta(days=1)
        since = query.start or until - timedelta(days=self.default_days)
        wanted = query.metrics
        for observation in self.read(since, until, metrics=wanted):
            if query.wants(observation.date, observation.metric):
                yield observation

    def read(
        self, since: date, until: date, *, metrics: frozenset[str] = frozenset()
    ) -> Iterator[Observation]:
        """Every available value for the days ``since`` (included) to ``until`` (excluded).

        Args:
            since: the first day.
            until: the day after the last day.
            metrics: only these metrics (empty: every configured metric).

        Raises:
            ValidationError: ``since`` is not before ``until``, or not dates.
            GraphAPIError: a subclass naming what Meta refused.
        """
        _check_window(since, until)
        chosen = {
            level: tuple(m for m in wanted if not metrics or m in metrics)
            for level, wanted in self._metrics.items()
        }
        if self.page_id and chosen.get(Level.PAGE):
            page_metrics = chosen[Level.PAGE]
            yield from self._daily(Level.PAGE, self.page_id, page_metrics, since, until)
        if self.ig_user_id and chosen.get(Level.IG_USER):
            ig_metrics = chosen[Level.IG_USER]
            series = tuple(m for m in ig_metrics if m not in TOTAL_VALUE_METRICS)
            totals = tuple(m for m in ig_metrics if m in TOTAL_VALUE_METRICS)
            if series:
                yield from self._daily(Level.IG_USER, self.ig_user_id, series, since, until)
            if totals:
                yield from self._totals(self.ig_user_id, totals, since, until)
        if self.ig_user_id and chosen.get(Level.IG_MEDIA):
            as_of = until - timedelta(days=1)
            for media_id in self.media_ids(since, until):
                yield from self.media_observations(media_id, as_of, chosen[Level.IG_MEDIA])

    def media_ids(self, since: date, until: date) -> Iterator[str]:
        """Ids of the Instagram media published in the window (``GET /{ig-user-id}/media``)."""
        if not self.ig_user_id:
            return
        start, end = self._instant(since), self._instant(until)
        params = {"fields": "id,timestamp", "since": _ts(start), "until": _ts(end)}
        for item in self.client.paginate(f"{self.ig_user_id}/media", params):
            stamp = parse_graph_time(item.get("timestamp"))
            if stamp is not None and not start <= stamp < end:
                continue
            media_id = item.get("id")
            if isinstance(media_id, str) and media_id:
                yield media_id

    def media_observations(
        self, media_id: str, as_of: date, metrics: Sequence[str] | None = None
    ) -> Iterator[Observation]:
        """The lifetime metrics of one media, dated ``as_of``."""
        if metrics is None:
            metrics = (
                self._metrics.get(Level.IG_MEDIA)
                or check_metrics(Level.IG_MEDIA, DEFAULT_MEDIA_METRICS)[0]
            )
        if not metrics:
            return
        body = self.client.get(f"{media_id}/insights", {"metric": ",".join(metrics)})
        for row in _rows(body):
            value = _lifetime_value(row)
            if value is not None:
                yield self._observation(Level.IG_MEDIA, as_of, row["name"], value, media_id)

    # ------------------------------------------------------------------ internals

    def _local_today(self) -> date:
        return datetime.now(self.tz).date()

    def _instant(self, day: date) -> datetime:
        return datetime.combine(day, time(), self.tz)

    def _day_of(self, end_time: datetime) -> date:
        return (end_time - timedelta(seconds=1)).astimezone(self.tz).date()

    def _observation(
        self, level: Level, day: date, metric: str, value: float, post: str = ""
    ) -> Observation:
        account = (self.page_id if level is Level.PAGE else self.ig_user_id) or ""
        return Observation(
            date=day,
            platform=level.platform,
            metric=metric,
            value=value,
            account=account,
            post=post,
            source=SOURCE_NAME,
        )

    def _daily(
        self, level: Level, object_id: str, metrics: Sequence[str], since: date, until: date
    ) -> Iterator[Observation]:
        seen: set[tuple[date, str]] = set()
        for start, end in _windows(since, until, MAX_WINDOW_DAYS):
            params = {
                "metric": ",".join(metrics),
                "period": "day",
                "since": _ts(self._instant(start)),
                "until": _ts(self._instant(end)),
            }
            for page in self.client.pages(f"{object_id}/insights", params):
                in_window = 0
                for row in _rows(page):
                    for point in _values(row):
                        end_time = parse_graph_time(point.get("end_time"))
                        if end_time is None:
                            continue
                        day = self._day_of(end_time)
                        if not start <= day < end:
                            continue
                        in_window += 1
                        value = _number(point.get("value"))
                        key = (day, row["name"])
                        if value is None or key in seen:
                            continue
                        seen.add(key)
                        yield self._observation(level, day, row["name"], value)
                if not in_window:
                    break  # Meta's next page is the following window: past `until`

    def _totals(
        self, object_id: str, metrics: Sequence[str], since: date, until: date
    ) -> Iterator[Observation]:
        day = since
        while day < until:
            params = {
                "metric": ",".join(metrics),
                "metric_type": "total_value",
                "period": "day",
                "since": _ts(self._instant(day)),
                "until": _ts(self._instant(day + timedelta(days=1))),
            }
            body = self.client.get(f"{object_id}/insights", params)
            for row in _rows(body):
                total = row.get("total_value")
                value = _number(total.get("value")) if isinstance(total, Mapping) else None
                if value is not None:
                    yield self._observation(Level.IG_USER, day, row["name"], value)
            day += timedelta(days=1)


def _check_window(since: date, until: date) -> None:
    problems: list[Problem] = []
    for path, value in (("since", since), ("until", until)):
        if isinstance(value, datetime) or not isinstance(value, date):
            problems.append(Problem(path, value, "must be a date"))
    check(problems)
    if since >= until:
        raise ValidationError(f"must be after since {since.isoformat()}", path="until", value=until)


def _ts(instant: datetime) -> int:
    return int(instant.timestamp())


def _rows(body: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    data = body.get("data")
    if not isinstance(data, list):
        return
    for row in data:
        if isinstance(row, dict) and isinstance(row.get("name"), str) and row["name"]:
            yield row


def _values(row: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    values = row.get("values")
    if isinstance(values, list):
        yield from (v for v in values if isinstance(v, Mapping))


def _lifetime_value(row: Mapping[str, Any]) -> float | None:
    total = row.get("total_value")
    if isinstance(total, Mapping):
        return _number(total.get("value"))
    for point in _values(row):
        return _number(point.get("value"))
    return None
