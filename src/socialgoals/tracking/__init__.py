"""Tracking: where each objective stands today and whether it will hit its target.

>>> from datetime import date
>>> from socialgoals.model import Direction, ObjectiveCategory
>>> from socialgoals.objectives import Baseline, Objective, Target
>>> o = Objective("response-time", "Average response time 6 h -> 2 h",
...               ObjectiveCategory.CUSTOMER_SERVICE, kpis=("average_first_response_time",),
...               direction=Direction.DECREASE, baseline=Baseline(6.0), target=Target(value=2.0),
...               start=date(2026, 6, 1), deadline=date(2026, 7, 1))
>>> p = track(o, [(date(2026, 6, 16), 3.5)], as_of=date(2026, 6, 16))
>>> (p.expected, p.gap_to_pace, p.status.value)
(4.0, 0.5, 'on_track')
"""

from __future__ import annotations

from socialgoals.tracking._baseline import as_baseline
from socialgoals.tracking._forecast import Forecast, linear_forecast, t_quantile_90
from socialgoals.tracking._series import SeriesPoint, as_points, kpi_series, series_from_rollup
from socialgoals.tracking._track import (
    AT_RISK_SHARE,
    CheckpointResult,
    Pace,
    Progress,
    Status,
    track,
)

__all__ = [
    "track",
    "Progress",
    "Status",
    "Pace",
    "CheckpointResult",
    "AT_RISK_SHARE",
    "Forecast",
    "linear_forecast",
    "t_quantile_90",
    "SeriesPoint",
    "as_points",
    "kpi_series",
    "series_from_rollup",
    "as_baseline",
]
