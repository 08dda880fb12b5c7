"""How each objective is measured for a report, and its progress on a day.

Tracking (:func:`socialgoals.tracking.track`) judges an objective from the
daily values of its KPI; this module chooses *which* daily values, because an
objective does not say it:

- a stock metric (followers): each day's level;
- a count KPI whose baseline is zero or missing ("100 leads in 2 months"):
  running totals since the start;
- anything else (a rate, a cost, a monthly reach): a trailing 30-day window.

The objective's platforms (when there is exactly one) and campaign filter the
metrics. Everything else is the tracking package's work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

import attrs

from socialgoals.errors import SocialGoalsError
from socialgoals.kpi import KPI, STOCK_METRICS, Catalogue, MetricTable, UnitKind
from socialgoals.objectives import Objective
from socialgoals.tracking import Progress, kpi_series, track

__all__ = ["WINDOW_DAYS", "Measurement", "ObjectiveResult", "measurement_for", "measure_objective"]

WINDOW_DAYS: Final = 30
"""The trailing window of rates, costs and flows with a non-zero baseline."""

_DEFAULT_HISTORY: Final = 90


@attrs.frozen
class Measurement:
    """How an objective's KPI is read day by day.

    Attributes:
        cumulative: running totals since the start.
        window_days: a trailing window (``None`` for each day's own value).
        where: the dimension filters (platform, campaign).
    """

    cumulative: bool = False
    window_days: int | None = None
    where: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """In words ("running total", "trailing 30 days", "daily value")."""
        if self.cumulative:
            return "running total since the start"
        if self.window_days:
            return f"trailing {self.window_days} days"
        return "daily value"


@attrs.frozen
class ObjectiveResult:
    """An objective, its KPI, the values it was judged on, and its progress.

    Attributes:
        objective: the objective.
        kpi: its primary KPI (``None`` when it has none).
        measurement: how the KPI was read.
        series: the daily values up to the report day (undefined days left out).
        progress: the tracking result, ``None`` when it could not be tracked.
        problem: why it could not be tracked, when it could not.
    """

    objective: Objective
    kpi: KPI | None
    measurement: Measurement
    series: tuple[tuple[date, float], ...]
    progress: Progress | None
    problem: str = ""


def measurement_for(objective: Objective, kpi: KPI, dimensions: Sequence[str]) -> Measurement:
    """Choose how to read ``kpi`` for ``objective`` (see the module docstring)."""
    where: list[tuple[str, str]] = []
    if len(objective.platforms) == 1 and "platform" in dimensions:
        where.append(("platform", objective.platforms[0].id))
    if objective.campaign and "campaign" in dimensions:
        where.append(("campaign", objective.campaign))
    metrics = kpi.formula.metrics()
    if metrics and metrics <= STOCK_METRICS:
        return Measurement(where=tuple(where))
    baseline = objective.baseline.value if objective.baseline is not None else None
    if kpi.unit.kind is UnitKind.COUNT and not baseline:
        return Measurement(cumulative=True, where=tuple(where))
    return Measurement(window_days=WINDOW_DAYS, where=tuple(where))


def measure_objective(
    objective: Objective, table: MetricTable, catalogue: Catalogue, *, as_of: date
) -> ObjectiveResult:
    """Read the objective's KPI from ``table`` up to ``as_of`` and track it."""
    if not objective.kpis:
        return ObjectiveResult(objective, None, Measurement(), (), None, "no KPI")
    kpi = catalogue.get(objective.kpis[0])
    how = measurement_for(objective, kpi, tuple(table.dimensions))
    start = objective.start or as_of - timedelta(days=_DEFAULT_HISTORY)
    last = min(as_of, objective.deadline) if objective.deadline else as_of
    if last < start or len(table) == 0:
        early, why = _track(objective, [], as_of)
        return ObjectiveResult(objective, kpi, how, (), early, why)
    try:
        raw = kpi_series(
            table,
            kpi,
            start=start,
            end=last + timedelta(days=1),
            cumulative=how.cumulative,
            window_days=how.window_days,
            where=dict(how.where) or None,
            catalogue=catalogue,
        )
    except SocialGoalsError as exc:
        return ObjectiveResult(objective, kpi, how, (), None, str(exc))
    series = tuple((day, float(v)) for day, v in raw if isinstance(v, int | float))
    progress, problem = _track(objective, list(series), as_of)
    return ObjectiveResult(objective, kpi, how, series, progress, problem)


def _track(
    objective: Objective, series: list[tuple[date, float]], as_of: date
) -> tuple[Progress | None, str]:
    try:
        return track(objective, series, as_of=as_of), ""
    except SocialGoalsError as exc:
        return None, str(exc)
