"""Time series over a rollup: period-over-period change, running totals, rolling windows.

Each works on a :class:`~socialgoals.kpi.Rollup` whose last dimension is the
time (``period`` or ``date``). Running totals and rolling windows transform
the *metric sums* and evaluate the KPIs again, so a running or rolling ratio
is still a ratio of sums (a 30-day engagement rate is interactions over
impressions of those 30 days, not a mean of daily rates).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta

import attrs

from socialgoals.errors import ValidationError
from socialgoals.kpi._formula import Column, Undefined, Value
from socialgoals.kpi._rollup import Aggregation, Rollup
from socialgoals.kpi._table import Window
from socialgoals.model import Period

__all__ = ["Change", "period_over_period", "running_totals", "rolling"]

_TIME_DIMENSIONS = ("period", "date")


@attrs.frozen
class Change:
    """The change of a value from the previous period to this one.

    Attributes:
        key: the group key (time last).
        previous: the value in the previous period (undefined if no data).
        current: the value in this period.
        absolute: ``current - previous``.
        relative: the change in percent of ``|previous|``.
    """

    key: tuple[object, ...]
    previous: Value
    current: Value
    absolute: Value
    relative: Value


def _check_time(r: Rollup) -> None:
    if not r.dimensions or r.dimensions[-1] not in _TIME_DIMENSIONS:
        raise ValidationError(
            "must end with a time dimension (roll up with period=... or by=[..., 'date'])",
            path="dimensions",
            value=r.dimensions,
        )


def _span(value: object) -> tuple[date, date]:
    """First day and day after the last, of a period, a window or a day."""
    if isinstance(value, Period | Window):
        return value.start, value.end
    if isinstance(value, date):
        return value, value + timedelta(days=1)
    raise ValidationError("is not a period, window or date", path="period", value=value)


def _series(r: Rollup) -> Iterator[list[int]]:
    """Positions of each series (same key without time), in time order."""
    current: list[int] = []
    head: tuple[object, ...] | None = None
    for index, key in enumerate(r.keys):
        if key[:-1] != head and current:
            yield current
            current = []
        head = key[:-1]
        current.append(index)
    if current:
        yield current


def _value(r: Rollup, index: int, name: str) -> Value:
    return r.get(r.keys[index], name)


def period_over_period(r: Rollup, name: str) -> list[Change]:
    """The change of ``name`` from each period to the one before it, per series.

    The previous period is the calendar period right before (or the previous
    custom window, or the previous day); when it has no row, the change is
    undefined.
    """
    _check_time(r)
    r.column(name)
    changes: list[Change] = []
    for positions in _series(r):
        by_time = {r.keys[i][-1]: i for i in positions}
        windows = [r.keys[i][-1] for i in positions]
        for order, index in enumerate(positions):
            when = r.keys[index][-1]
            if isinstance(when, Period):
                before: object = when.previous()
            elif isinstance(when, Window):
                before = windows[order - 1] if order else None
            else:
                before = _span(when)[0] - timedelta(days=1)
            current = _value(r, index, name)
            previous: Value = (
                _value(r, by_time[before], name)
                if before in by_time
                else Undefined("no data for the previous period")
            )
            changes.append(_change(r.keys[index], previous, current))
    return changes


def _change(key: tuple[object, ...], previous: Value, current: Value) -> Change:
    if isinstance(previous, Undefined) or isinstance(current, Undefined):
        reason = previous if isinstance(previous, Undefined) else current
        assert isinstance(reason, Undefined)
        return Change(key, previous, current, reason, reason)
    absolute = current - previous
    relative: Value = (
        absolute / abs(previous) * 100.0 if previous else Undefined("previous value is zero")
    )
    return Change(key, previous, current, absolute, relative)


def running_totals(r: Rollup) -> Rollup:
    """Cumulative values per series: sums accumulate, levels carry forward.

    KPIs are evaluated again on the cumulative sums (a running CTR is
    cumulative clicks over cumulative impressions).
    """
    _check_time(r)
    sums: dict[str, Column] = {}
    for metric, column in r.sums.items():
        out: Column = [None] * len(column)
        last = r.aggregations.get(metric, Aggregation.SUM) is Aggregation.LAST
        for positions in _series(r):
            total: float | None = None
            for i in positions:
                value = column[i]
                if value is not None:
                    total = value if last or total is None else total + value
                out[i] = total
        sums[metric] = out
    return r.with_sums(sums)


def rolling(r: Rollup, days: int) -> Rollup:
    """Values over a trailing window of ``days`` calendar days ending with each period.

    For a daily rollup and ``days=30``, each day gets the sums of the 30 days
    ending on it (days without rows count as nothing); levels such as
    followers take the latest value in the window.

    >>> from datetime import date
    >>> from socialgoals.kpi import MetricTable, rollup
    >>> from socialgoals.model import PeriodKind
    >>> t = MetricTable.from_wide(
    ...     [(date(2026, 3, d), "x", 100.0 * d) for d in (1, 2, 3, 5)],
    ...     columns=["date", "platform", "reach"])
    >>> r = rolling(rollup(t, ["reach"], period=PeriodKind.DAY), days=3)
    >>> [(k[0].label, r.get(k, "reach")) for k in r.keys]
    [('2026-03-01', 100.0), ('2026-03-02', 300.0), ('2026-03-03', 600.0), ('2026-03-05', 800.0)]
    """
    _check_time(r)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValidationError("must be a whole number of days >= 1", path="days", value=days)
    spans = [_span(key[-1]) for key in r.keys]
    sums: dict[str, Column] = {}
    for metric, column in r.sums.items():
        last = r.aggregations.get(metric, Aggregation.SUM) is Aggregation.LAST
        out: Column = [None] * len(column)
        for positions in _series(r):
            first = 0
            for pos, i in enumerate(positions):
                window_start = spans[i][1] - timedelta(days=days)
                while first < pos and spans[positions[first]][0] < window_start:
                    first += 1
                inside = [column[j] for j in positions[first : pos + 1]]
                present = [v for v in inside if v is not None]
                if present:
                    out[i] = present[-1] if last else math.fsum(present)
        sums[metric] = out
    return r.with_sums(sums)
