"""Formatting domain values for reports: KPI values by unit, statuses by tone.

>>> from socialgoals.kpi import standard_catalogue
>>> cat = standard_catalogue()
>>> en = Messages("en")
>>> kpi_text(cat.get("ctr"), 1.234, en), kpi_text(cat.get("cpa"), 7.5, en)
('1.2%', '7.50\\xa0EUR')
>>> kpi_text(cat.get("average_first_response_time"), 5400.0, Messages("fr"))
'1,5\\xa0h'
"""

from __future__ import annotations

from datetime import date
from typing import Final

from socialgoals.kpi import KPI, Undefined, UnitKind
from socialgoals.reporting._i18n import Messages
from socialgoals.reporting._model import Cell, Forecast, Point, Tone
from socialgoals.tracking import Status

__all__ = [
    "kpi_text",
    "kpi_cell",
    "status_cell",
    "STATUS_TONE",
    "axis_unit",
    "chart_scale",
    "scaled",
    "scaled_forecast",
    "weekly_points",
]

STATUS_TONE: Final = {
    Status.ACHIEVED: Tone.GOOD,
    Status.ON_TRACK: Tone.GOOD,
    Status.AT_RISK: Tone.WARNING,
    Status.OFF_TRACK: Tone.BAD,
    Status.MISSED: Tone.BAD,
    Status.NOT_STARTED: Tone.NEUTRAL,
    Status.NO_DATA: Tone.NEUTRAL,
}
"""How each tracking status reads."""

_STATUS_KEY: Final = {Status.ACHIEVED: "met"}


def kpi_text(kpi: KPI | None, value: float | Undefined | None, msgs: Messages) -> str:
    """``value`` in ``kpi``'s unit ("2.5%", "7.50 EUR", "1.5 h", "12,400")."""
    if value is None or isinstance(value, Undefined):
        return msgs("undefined")
    if kpi is None:
        return msgs.auto(value)
    kind = kpi.unit.kind
    if kind is UnitKind.PERCENT:
        return msgs.percent(value)
    if kind is UnitKind.CURRENCY:
        return msgs.money(value, kpi.unit.currency or "")
    if kind is UnitKind.DURATION:
        sep = "\u00a0"
        return f"{msgs.number(value / 3600, 1)}{sep}h"
    if kind is UnitKind.COUNT and abs(value) >= 100:
        return msgs.number(value, 0)
    return msgs.auto(value)


def kpi_cell(kpi: KPI | None, value: float | Undefined | None, msgs: Messages) -> Cell:
    """A cell with the formatted value and the raw number."""
    raw = float(value) if isinstance(value, int | float) else None
    return Cell(kpi_text(kpi, value, msgs), raw)


def status_cell(status: Status, msgs: Messages) -> Cell:
    """A cell with the localised status, its slug as value, and its tone."""
    slug = _STATUS_KEY.get(status, status.value)
    return Cell(msgs.status(slug), status.value, STATUS_TONE[status])


def axis_unit(kpi: KPI | None) -> str:
    """The unit label of a chart axis ("%", "EUR", "h", "")."""
    if kpi is None:
        return ""
    kind = kpi.unit.kind
    if kind is UnitKind.PERCENT:
        return "%"
    if kind is UnitKind.CURRENCY:
        return kpi.unit.currency or ""
    if kind is UnitKind.DURATION:
        return "h"
    return ""


def chart_scale(kpi: KPI | None) -> float:
    """The factor that puts a KPI's values on a chart axis: seconds to hours, else 1.

    >>> from socialgoals.kpi import standard_catalogue
    >>> chart_scale(standard_catalogue().get("average_first_response_time")) * 7200
    2.0
    """
    return 1 / 3600 if kpi is not None and kpi.unit.kind is UnitKind.DURATION else 1.0


def scaled(point: Point, factor: float) -> Point:
    """``point`` with its value multiplied by ``factor``."""
    return point if factor == 1.0 else Point(point.x, point.y * factor)


def scaled_forecast(forecast: Forecast, factor: float) -> Forecast:
    """``forecast`` with its values multiplied by ``factor``."""
    f = factor
    return Forecast(forecast.at, forecast.value * f, forecast.low * f, forecast.high * f)


def weekly_points(series: tuple[tuple[date, float], ...], *, until: date) -> tuple[Point, ...]:
    """One point a week (each Sunday, and the first day), plus the last day up to ``until``.

    >>> from datetime import timedelta
    >>> s = tuple((date(2026, 3, 1) + timedelta(days=i), float(i)) for i in range(10))
    >>> [(p.x.day, p.y) for p in weekly_points(s, until=date(2026, 3, 10))]
    [(1, 0.0), (8, 7.0), (10, 9.0)]
    """
    kept = [(day, value) for day, value in series if day <= until]
    chosen = {day: value for i, (day, value) in enumerate(kept) if i == 0 or day.weekday() == 6}
    if kept:
        chosen[kept[-1][0]] = kept[-1][1]
    return tuple(Point(d, v) for d, v in sorted(chosen.items()))
