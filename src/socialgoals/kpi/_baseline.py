"""Baselines measured from history: a KPI's value over a 30 to 90 day window."""

from __future__ import annotations

from datetime import date, timedelta, tzinfo

import attrs

from socialgoals.errors import ValidationError
from socialgoals.kpi._catalogue import KPI, Catalogue
from socialgoals.kpi._formula import Column, Undefined, Value
from socialgoals.kpi._rollup import Aggregation, rollup
from socialgoals.kpi._table import MetricTable, Window
from socialgoals.model import DataSource, Period, PeriodKind

__all__ = ["MeasuredBaseline", "measure_baseline"]

MIN_BASELINE_DAYS = 30
MAX_BASELINE_DAYS = 90


@attrs.frozen
class MeasuredBaseline:
    """A KPI's value over a window of history, with the window and source recorded.

    Attributes:
        kpi: the KPI id (or metric name).
        value: the value over the window (a ratio of sums for ratio KPIs),
            scaled to ``per_days`` when given; undefined with a reason otherwise.
        window_start: first day of the window.
        window_end: day after the window (exclusive).
        source: where the numbers come from.
        days_with_data: how many days of the window have rows.
        per_days: the length the value is expressed for (``None``: the whole window).
    """

    kpi: str
    value: Value
    window_start: date
    window_end: date
    source: DataSource | None = None
    days_with_data: int = 0
    per_days: int | None = None

    @property
    def window_days(self) -> int:
        """The window's length in days."""
        return (self.window_end - self.window_start).days


def measure_baseline(
    table: MetricTable,
    kpi: str | KPI,
    *,
    end: date,
    days: int = 90,
    per_days: int | None = None,
    where: dict[str, object] | None = None,
    source: DataSource | None = None,
    catalogue: Catalogue | None = None,
    tz: tzinfo | None = None,
    allow_short_window: bool = False,
) -> MeasuredBaseline:
    """Measure a KPI over the ``days`` days before ``end`` (30 to 90 by default).

    Args:
        table: the history.
        kpi: a KPI id, a :class:`KPI` or a metric name.
        end: the day after the window (usually the objective's start).
        days: the window's length; 30 to 90 unless ``allow_short_window``
            (longer windows are refused: the domain says 30 to 90 days).
        per_days: express flows per this many days (a "monthly reach"
            baseline from 90 days of history: ``per_days=30``); ratios are
            unaffected, levels such as followers are never scaled.
        where: dimension filters (``{"platform": "instagram"}``).
        source: where the numbers come from, recorded on the baseline.
        catalogue: resolves KPI ids (default: the standard catalogue).
        tz: for tables whose dates are instants.

    >>> from datetime import date, timedelta
    >>> start = date(2026, 1, 1)
    >>> t = MetricTable.from_wide(
    ...     [(start + timedelta(days=d), "instagram", 1000.0, 20.0, 5.0, 5.0) for d in range(90)],
    ...     columns=["date", "platform", "impressions", "likes", "comments", "shares"])
    >>> b = measure_baseline(t, "engagement_rate", end=date(2026, 4, 1))
    >>> (b.value, b.window_start, b.days_with_data)
    (3.0, datetime.date(2026, 1, 1), 90)
    """
    low = 1 if allow_short_window else MIN_BASELINE_DAYS
    if isinstance(days, bool) or not isinstance(days, int) or not low <= days <= MAX_BASELINE_DAYS:
        raise ValidationError(
            f"must be between {low} and {MAX_BASELINE_DAYS} days", path="days", value=days
        )
    if per_days is not None and (isinstance(per_days, bool) or per_days < 1):
        raise ValidationError(
            "must be a whole number of days >= 1", path="per_days", value=per_days
        )
    start = end - timedelta(days=days)
    window = Window(start, end, f"baseline {start.isoformat()}..{end.isoformat()}")
    scoped = table.where(**where) if where else table
    name = kpi.id if isinstance(kpi, KPI) else kpi
    result = rollup(scoped, [kpi], period=[window], catalogue=catalogue, tz=tz)
    daily = rollup(scoped, [], period=PeriodKind.DAY, tz=tz)
    days_with_data = sum(
        1 for key in daily.keys if isinstance(key[-1], Period) and window.contains(key[-1].start)
    )
    if not result.keys:
        value: Value = Undefined(f"no data between {start} and {end}")
    else:
        if per_days is not None:
            factor = per_days / days
            scaled: dict[str, Column] = {
                m: col if result.aggregations.get(m) is Aggregation.LAST
                else [None if v is None else v * factor for v in col]
                for m, col in result.sums.items()
            }  # fmt: skip
            result = result.with_sums(scaled)
        value = result.get(result.keys[0], name)
    return MeasuredBaseline(
        kpi=name,
        value=value,
        window_start=start,
        window_end=end,
        source=source,
        days_with_data=days_with_data,
        per_days=per_days,
    )
