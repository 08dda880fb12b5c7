"""The values of a KPI over time, as tracking reads them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta, tzinfo

import attrs

from socialgoals.errors import ValidationError
from socialgoals.kpi import (
    KPI,
    Catalogue,
    MetricTable,
    Rollup,
    Undefined,
    Window,
    rolling,
    rollup,
    running_totals,
)
from socialgoals.model import Period, PeriodKind

__all__ = ["SeriesPoint", "as_points", "series_from_rollup", "kpi_series"]


@attrs.frozen(order=True)
class SeriesPoint:
    """The value of a KPI known on a day (for a period: its last day).

    >>> SeriesPoint(date(2026, 3, 1), 2.5)
    SeriesPoint(on=datetime.date(2026, 3, 1), value=2.5)
    """

    on: date
    value: float


def as_points(
    observations: Iterable[SeriesPoint | tuple[date, float | Undefined | None]],
) -> list[SeriesPoint]:
    """Points from ``(day, value)`` pairs, leaving out undefined values and ``None``."""
    points: list[SeriesPoint] = []
    for i, item in enumerate(observations):
        if isinstance(item, SeriesPoint):
            points.append(item)
            continue
        day, value = item
        if value is None or isinstance(value, Undefined):
            continue
        if isinstance(day, date) and not isinstance(value, bool) and isinstance(value, int | float):
            points.append(SeriesPoint(day, float(value)))
        else:
            raise ValidationError("must be a (date, number) pair", path=f"[{i}]", value=item)
    return points


def _last_day(when: object) -> date:
    if isinstance(when, Period | Window):
        return when.end - timedelta(days=1)
    if isinstance(when, date):
        return when
    raise ValidationError("is not a period, window or date", path="period", value=when)


def series_from_rollup(
    r: Rollup, name: str, *, key: tuple[object, ...] = ()
) -> list[tuple[date, float | Undefined]]:
    """The values of ``name`` over time, for the series whose key starts with ``key``.

    The rollup's last dimension must be the time; each value is dated on the
    last day of its period.
    """
    width = len(r.dimensions) - 1
    if len(key) != width:
        raise ValidationError(
            f"must give the {width} non-time dimension values {r.dimensions[:-1]}",
            path="key",
            value=key,
        )
    return [(_last_day(k[-1]), r.get(k, name)) for k in r.keys if k[:-1] == key]


def kpi_series(
    table: MetricTable,
    kpi: str | KPI,
    *,
    start: date,
    end: date,
    cumulative: bool = False,
    window_days: int | None = None,
    where: Mapping[str, object] | None = None,
    catalogue: Catalogue | None = None,
    tz: tzinfo | None = None,
) -> list[tuple[date, float | Undefined]]:
    """Daily values of a KPI from ``start`` to ``end`` (exclusive), ready for tracking.

    Args:
        cumulative: running totals since ``start`` ("100 sign-ups in September").
        window_days: trailing windows ("monthly reach": 30), reading history
            before ``start`` to fill the first windows.
        where: dimension filters (``{"platform": "linkedin"}``).

    Without ``cumulative`` or ``window_days``, each day's own value (levels
    such as followers, or daily rates).
    """
    if cumulative and window_days is not None:
        raise ValidationError(
            "give cumulative or window_days, not both", path="window_days", value=window_days
        )
    first = start - timedelta(days=window_days - 1) if window_days else start
    scoped = table.where(**where) if where else table
    daily = rollup(scoped, [kpi], period=PeriodKind.DAY, catalogue=catalogue, tz=tz)
    if cumulative:
        daily = running_totals(_between(daily, start, end))
    elif window_days is not None:
        daily = rolling(_between(daily, first, end), window_days)
    else:
        daily = _between(daily, start, end)
    name = kpi.id if isinstance(kpi, KPI) else kpi
    return [
        (day, daily.get(k, name)) for k in daily.keys if start <= (day := _first_day(k[-1])) < end
    ]


def _first_day(when: object) -> date:
    assert isinstance(when, Period)
    return when.start


def _between(r: Rollup, start: date, end: date) -> Rollup:
    return r.take(i for i, k in enumerate(r.keys) if start <= _first_day(k[-1]) < end)
